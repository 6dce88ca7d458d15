package io.kubesim.controllermanager.daemonset;

import static io.kubesim.controllermanager.daemonset.Fixtures.ds;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kubesim.controllermanager.Kube;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DaemonPodsTest {

  static Toleration exists(String key, String effect) {
    return new Toleration(effect, key, "Exists", null, null);
  }

  static final List<Toleration> DAEMON_TOLERATIONS =
      List.of(
          exists("node.kubernetes.io/not-ready", "NoExecute"),
          exists("node.kubernetes.io/unreachable", "NoExecute"),
          exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
          exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
          exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
          exists("node.kubernetes.io/unschedulable", "NoSchedule"));

  record TolerationCase(
      String name, List<Toleration> given, boolean hostNetwork, List<Toleration> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<TolerationCase> tolerations() {
    Toleration controlPlane = exists("node-role.kubernetes.io/control-plane", "NoSchedule");
    return Stream.of(
        new TolerationCase(
            "A pod without tolerations gets the six daemon tolerations in order",
            List.of(),
            false,
            DAEMON_TOLERATIONS),
        new TolerationCase(
            "A host-network pod also tolerates an unavailable network",
            List.of(),
            true,
            Stream.concat(
                    DAEMON_TOLERATIONS.stream(),
                    Stream.of(exists("node.kubernetes.io/network-unavailable", "NoSchedule")))
                .toList()),
        new TolerationCase(
            "The template's own tolerations come first",
            List.of(controlPlane),
            false,
            Stream.concat(Stream.of(controlPlane), DAEMON_TOLERATIONS.stream()).toList()),
        new TolerationCase(
            "A not-ready toleration with tolerationSeconds is replaced in place by one without",
            List.of(
                new Toleration("NoExecute", "node.kubernetes.io/not-ready", "Exists", 300L, null),
                controlPlane),
            false,
            List.of(
                exists("node.kubernetes.io/not-ready", "NoExecute"),
                controlPlane,
                exists("node.kubernetes.io/unreachable", "NoExecute"),
                exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
                exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
                exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
                exists("node.kubernetes.io/unschedulable", "NoSchedule"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tolerations")
  void addsTheDaemonTolerations(TolerationCase c) {
    PodSpec spec = new PodSpec();
    spec.setTolerations(c.given());
    spec.setHostNetwork(c.hostNetwork() ? true : null);
    DaemonPods.addDaemonTolerations(spec);
    assertThat(spec.getTolerations()).containsExactlyElementsOf(c.expected());
  }

  @Test
  void aNewPodIsPinnedToItsNodeByNodeAffinityAndLabelledWithItsRevision() {
    DaemonSet ds = ds();
    ds.getSpec()
        .getTemplate()
        .getSpec()
        .setAffinity(
            new AffinityBuilder()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression()
                .withKey("zone")
                .withOperator("In")
                .withValues("a")
                .endMatchExpression()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .build());
    Pod pod = DaemonPods.newPod(ds, DaemonPods.podTemplate(ds, "5d887d4f4f"), "worker-2");

    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("agent-");
    assertThat(pod.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                "app", "agent",
                "controller-revision-hash", "5d887d4f4f",
                "pod-template-generation", "1"));
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("DaemonSet");
              assertThat(ref.getController()).isTrue();
              assertThat(ref.getBlockOwnerDeletion()).isTrue();
            });
    // the template's own required terms are replaced, as ReplaceDaemonSetPodNodeNameNodeAffinity
    assertThat(Kube.tree(pod.getSpec().getAffinity()).toString())
        .isEqualTo(
            "{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                + "{\"nodeSelectorTerms\":[{\"matchFields\":[{\"key\":\"metadata.name\","
                + "\"operator\":\"In\",\"values\":[\"worker-2\"]}]}]}}}");
    assertThat(pod.getSpec().getNodeName()).isNull();
    assertThat(DaemonPods.targetNode(pod)).isEqualTo("worker-2");
    assertThat(pod.getSpec().getTolerations()).containsExactlyElementsOf(DAEMON_TOLERATIONS);
    // the DaemonSet's own template is left as it was
    assertThat(ds.getSpec().getTemplate().getSpec().getTolerations()).isEmpty();
  }

  @Test
  void aPodIsUpdatedWhenItCarriesTheCurrentHashOrTheCurrentTemplateGeneration() {
    Pod byHash = Fixtures.daemonPod("a", ds(), "w1").label("pod-template-generation", "7").build();
    Pod byGeneration =
        Fixtures.daemonPod("b", ds(), "w1").label("controller-revision-hash", "old").build();
    Pod neither =
        Fixtures.daemonPod("c", ds(), "w1")
            .label("controller-revision-hash", "old")
            .label("pod-template-generation", "7")
            .build();
    String hash = Fixtures.hash(ds());
    assertThat(DaemonPods.isUpdated(byHash, hash, 1L)).isTrue();
    assertThat(DaemonPods.isUpdated(byGeneration, hash, 1L)).isTrue();
    assertThat(DaemonPods.isUpdated(neither, hash, 1L)).isFalse();
    assertThat(DaemonPods.isUpdated(byGeneration, hash, null)).isFalse();
  }
}
