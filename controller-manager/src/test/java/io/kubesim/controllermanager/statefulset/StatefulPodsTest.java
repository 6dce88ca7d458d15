package io.kubesim.controllermanager.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.kubesim.controllermanager.Kube;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatefulPodsTest {
  @Test
  void aNewPodHasItsOrdinalIdentityAndItsClaimAsAVolume() {
    StatefulSet set = Sets.set(Sets.www());
    Pod pod = StatefulPods.newPod(set, set.getSpec().getTemplate(), 2, "web-abc");
    assertThat(pod.getMetadata().getName()).isEqualTo("web-2");
    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("web-");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("app", "nginx")
        .containsEntry("statefulset.kubernetes.io/pod-name", "web-2")
        .containsEntry("apps.kubernetes.io/pod-index", "2")
        .containsEntry("controller-revision-hash", "web-abc");
    assertThat(pod.getSpec().getHostname()).isEqualTo("web-2");
    assertThat(pod.getSpec().getSubdomain()).isEqualTo("nginx");
    assertThat(pod.getSpec().getVolumes()).hasSize(1);
    assertThat(pod.getSpec().getVolumes().get(0).getName()).isEqualTo("www");
    assertThat(pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("www-web-2");
    assertThat(pod.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("StatefulSet");
    assertThat(StatefulPods.identityMatches(set, pod)).isTrue();
  }

  @Test
  void aClaimCarriesTheTemplateAndTheSelectorsLabels() {
    StatefulSet set = Sets.set(Sets.www());
    PersistentVolumeClaim claim = StatefulPods.claims(set, 0).get(0);
    assertThat(claim.getMetadata().getName()).isEqualTo("www-web-0");
    assertThat(claim.getMetadata().getLabels()).isEqualTo(Map.of("app", "nginx"));
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("my-storage-class");
  }

  @Test
  void ordinalsComeFromTheNameAndOnlyMembersAreTheSets() {
    StatefulSet set = Sets.set("");
    Pod member = Sets.pod(set, 12, "r", "Running");
    assertThat(StatefulPods.ordinal(member)).isEqualTo(12);
    Pod other = Kube.copy(member, Pod.class);
    other.getMetadata().setName("web-canary-1");
    assertThat(StatefulPods.memberOf(set, other)).isFalse();
    other.getMetadata().setName("web-x");
    assertThat(StatefulPods.ordinal(other)).isEqualTo(-1);
  }

  @Test
  void aRollbackRenumbersTheEarlierRevisionInsteadOfCreatingOne() {
    StatefulSet v1 = Sets.set("");
    StatefulSet v2 = Sets.set("");
    v2.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:2");
    ControllerRevision r1 = Sets.revision(v1, 1);
    ControllerRevision r2 = Sets.revision(v2, 2);
    assertThat(r1.getMetadata().getName())
        .isNotEqualTo(r2.getMetadata().getName())
        .startsWith("web-");

    StatefulSetHistory.Resolved same = StatefulSetHistory.revisions(v2, List.of(r1, r2));
    assertThat(same.create()).isNull();
    assertThat(same.renumber()).isNull();
    assertThat(same.update()).isSameAs(r2);

    StatefulSetHistory.Resolved back = StatefulSetHistory.revisions(v1, List.of(r1, r2));
    assertThat(back.create()).isNull();
    assertThat(back.renumber().getMetadata().getName()).isEqualTo(r1.getMetadata().getName());
    assertThat(back.renumber().getRevision()).isEqualTo(3L);

    StatefulSet v3 = Sets.set("");
    v3.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:3");
    StatefulSetHistory.Resolved next = StatefulSetHistory.revisions(v3, List.of(r1, r2));
    assertThat(next.create().getRevision()).isEqualTo(3L);
    assertThat(next.create().getMetadata().getLabels())
        .containsEntry("app", "nginx")
        .containsKey("controller-revision-hash");
  }

  @Test
  void theStatusCompletesTheRollingUpdateOnceEveryReplicaIsUpdatedAndReady() {
    StatefulSet set = Sets.set("\"replicas\":2");
    ControllerRevision r = Sets.revision(set, 1);
    StatefulSetStatus old = new StatefulSetStatus();
    old.setCurrentRevision("web-old");
    set.setStatus(old);
    String name = r.getMetadata().getName();
    List<Pod> pods = List.of(Sets.pod(set, 0, name, "Running"), Sets.pod(set, 1, name, "Running"));
    StatefulSetPlanner.Plan plan =
        StatefulSetPlanner.plan(set, pods, List.of(r), Map.of(), true, Sets.NOW);
    StatefulSetStatus status = plan.status();
    assertThat(status.getReplicas()).isEqualTo(2);
    assertThat(status.getReadyReplicas()).isEqualTo(2);
    assertThat(status.getAvailableReplicas()).isEqualTo(2);
    assertThat(status.getUpdatedReplicas()).isEqualTo(2);
    assertThat(status.getCurrentReplicas()).isEqualTo(2);
    assertThat(status.getCurrentRevision()).isEqualTo(name);
    assertThat(status.getUpdateRevision()).isEqualTo(name);
    assertThat(status.getCollisionCount()).isZero();
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
  }
}
