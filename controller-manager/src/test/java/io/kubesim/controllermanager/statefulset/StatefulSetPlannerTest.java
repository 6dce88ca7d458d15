package io.kubesim.controllermanager.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatefulSetPlannerTest {
  /**
   * @param spec JSON merged over web's spec
   * @param updated the template changed since the pods labelled "old" were made (revision 1 is
   *     nginx:0 and current; the set's template is revision 2)
   * @param pods "ordinal:old|new:Running|Pending|Failed|Terminating"
   * @param claims ordinals whose www claim exists
   */
  record Case(
      String name,
      String spec,
      boolean updated,
      List<String> pods,
      List<Integer> claims,
      List<String> creates,
      List<String> claimCreates,
      List<String> deletes,
      List<String> events) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "OrderedReady creates only web-0 when there is no pod",
            "",
            false,
            List.of(),
            List.of(),
            List.of("web-0"),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "OrderedReady waits while web-0 is not Running and Ready",
            "",
            false,
            List.of("0:new:Pending"),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "OrderedReady creates web-1 once web-0 is Running and Ready",
            "",
            false,
            List.of("0:new:Running"),
            List.of(),
            List.of("web-1"),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "Parallel creates every missing pod in one sync",
            "\"podManagementPolicy\":\"Parallel\"",
            false,
            List.of("1:new:Pending"),
            List.of(),
            List.of("web-0", "web-2"),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "ordinals.start numbers the pods from the start",
            "\"ordinals\":{\"start\":5},\"replicas\":1",
            false,
            List.of(),
            List.of(),
            List.of("web-5"),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "OrderedReady scales down from the highest ordinal, one pod a sync",
            "\"replicas\":1",
            false,
            List.of("0:new:Running", "1:new:Running", "2:new:Running"),
            List.of(),
            List.of(),
            List.of(),
            List.of("web-2"),
            List.of()),
        new Case(
            "OrderedReady waits for the terminating pod before deleting the next",
            "\"replicas\":1",
            false,
            List.of("0:new:Running", "1:new:Running", "2:new:Terminating"),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "OrderedReady does not scale down while a lower pod is unhealthy",
            "\"replicas\":2",
            false,
            List.of("0:new:Pending", "1:new:Running", "2:new:Running"),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "Parallel deletes every condemned pod in one sync",
            "\"replicas\":1,\"podManagementPolicy\":\"Parallel\"",
            false,
            List.of("0:new:Running", "1:new:Running", "2:new:Running"),
            List.of(),
            List.of(),
            List.of(),
            List.of("web-2", "web-1"),
            List.of()),
        new Case(
            "a rolling update deletes the highest pod not at the update revision",
            "",
            true,
            List.of("0:old:Running", "1:old:Running", "2:old:Running"),
            List.of(),
            List.of(),
            List.of(),
            List.of("web-2"),
            List.of()),
        new Case(
            "a rolling update waits for the updated pod to be ready before the next",
            "",
            true,
            List.of("0:old:Running", "1:old:Running", "2:new:Pending"),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "a rolling update goes on below the updated, ready pods",
            "",
            true,
            List.of("0:old:Running", "1:old:Running", "2:new:Running"),
            List.of(),
            List.of(),
            List.of(),
            List.of("web-1"),
            List.of()),
        new Case(
            "a rolling update leaves the pods below the partition at the current revision",
            "\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":2}}",
            true,
            List.of("0:old:Running", "1:old:Running", "2:new:Running"),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "OnDelete never deletes a pod for an update",
            "\"updateStrategy\":{\"type\":\"OnDelete\"}",
            true,
            List.of("0:old:Running", "1:old:Running", "2:old:Running"),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "a failed pod is deleted to be recreated, with RecreatingFailedPod",
            "",
            false,
            List.of("0:new:Running", "1:new:Failed", "2:new:Running"),
            List.of(),
            List.of(),
            List.of(),
            List.of("web-1"),
            List.of(
                "Warning RecreatingFailedPod StatefulSet default/web is recreating failed Pod web-1")),
        new Case(
            "a pod's missing claim is created with it",
            www(),
            false,
            List.of(),
            List.of(),
            List.of("web-0"),
            List.of("www-web-0"),
            List.of(),
            List.of()),
        new Case(
            "an existing claim is reused by the pod that comes back",
            www(),
            false,
            List.of(),
            List.of(0, 1, 2),
            List.of("web-0"),
            List.of(),
            List.of(),
            List.of()),
        new Case(
            "a pending pod whose claim was deleted gets it back",
            www(),
            false,
            List.of("0:new:Pending"),
            List.of(),
            List.of(),
            List.of("www-web-0"),
            List.of(),
            List.of()));
  }

  private static String www() {
    return Sets.www();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(Case c) {
    StatefulSet set = Sets.set(c.spec());
    List<ControllerRevision> revisions = new ArrayList<>();
    String oldName = null;
    if (c.updated()) {
      StatefulSet old = Kube.copy(set, StatefulSet.class);
      old.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:0");
      ControllerRevision first = Sets.revision(old, 1);
      revisions.add(first);
      oldName = first.getMetadata().getName();
      revisions.add(Sets.revision(set, 2));
      StatefulSetStatus status = new StatefulSetStatus();
      status.setCurrentRevision(oldName);
      status.setCollisionCount(0);
      set.setStatus(status);
    } else {
      revisions.add(Sets.revision(set, 1));
    }
    String newName = revisions.get(revisions.size() - 1).getMetadata().getName();
    List<Pod> pods = new ArrayList<>();
    for (String p : c.pods()) {
      String[] f = p.split(":");
      pods.add(Sets.pod(set, Integer.parseInt(f[0]), f[1].equals("old") ? oldName : newName, f[2]));
    }
    Map<String, PersistentVolumeClaim> claims = new HashMap<>();
    for (int ordinal : c.claims()) {
      PersistentVolumeClaim claim = Sets.claim(set, ordinal);
      claims.put(claim.getMetadata().getName(), claim);
    }

    StatefulSetPlanner.Plan plan =
        StatefulSetPlanner.plan(set, pods, revisions, claims, true, Sets.NOW);

    assertThat(names(plan.creates())).as("creates").isEqualTo(c.creates());
    assertThat(plan.claimCreates().stream().map(cc -> cc.claim().getMetadata().getName()))
        .as("claim creates")
        .containsExactlyElementsOf(c.claimCreates());
    assertThat(names(plan.deletes())).as("deletes").isEqualTo(c.deletes());
    assertThat(plan.events().stream().map(StatefulSetPlannerTest::text))
        .containsExactlyElementsOf(c.events());
    assertThat(plan.history().create()).as("no revision to create").isNull();
  }

  private static String text(Event e) {
    return e.type() + " " + e.reason() + " " + e.message();
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).toList();
  }

  record ClaimCase(
      String name, String policy, int replicas, int ordinal, List<String> expectedOwners) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ClaimCase> claimCases() {
    return Stream.of(
        new ClaimCase(
            "Retain/Retain: no owner", "Retain\",\"whenScaled\":\"Retain", 3, 0, List.of()),
        new ClaimCase(
            "WhenDeleted Delete: the set controls the claim of a pod in range",
            "Delete\",\"whenScaled\":\"Retain",
            3,
            0,
            List.of("StatefulSet/web")),
        new ClaimCase(
            "WhenScaled Delete: the pod controls the claim once it is scaled down",
            "Retain\",\"whenScaled\":\"Delete",
            1,
            2,
            List.of("Pod/web-2")),
        new ClaimCase(
            "WhenScaled Delete: a pod in range leaves its claim unowned",
            "Retain\",\"whenScaled\":\"Delete",
            3,
            2,
            List.of()),
        new ClaimCase(
            "Delete/Delete: the scaled-down pod, not the set, controls the claim",
            "Delete\",\"whenScaled\":\"Delete",
            1,
            2,
            List.of("Pod/web-2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claimCases")
  void retentionOwnerReferences(ClaimCase c) {
    StatefulSet set =
        Sets.set(
            Sets.www()
                + ",\"replicas\":"
                + c.replicas()
                + ",\"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\""
                + c.policy()
                + "\"}");
    StatefulSet withPods = Sets.set(Sets.www());
    Pod pod = Sets.pod(withPods, c.ordinal(), "web-x", "Running");
    PersistentVolumeClaim claim = Sets.claim(set, c.ordinal());
    List<OwnerReference> refs = ClaimRetention.updatedRefs(claim, set, pod);
    assertThat(refs.stream().map(r -> r.getKind() + "/" + r.getName()))
        .containsExactlyElementsOf(c.expectedOwners());
    refs.forEach(r -> assertThat(r.getController()).isTrue());
    claim.getMetadata().setOwnerReferences(refs);
    assertThat(ClaimRetention.upToDate(claim, set, pod)).isTrue();
  }
}
