package io.kubesim.controllermanager.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TaintEvictionTest {
  static final Instant NOW = Instant.parse("2024-05-01T12:10:00Z");
  static final String ADDED = "2024-05-01T12:00:00Z";

  static Taint unreachable(String timeAdded) {
    return NodeHealth.taint("node.kubernetes.io/unreachable", "NoExecute", timeAdded);
  }

  static Toleration tolerate(String key, String effect, Long seconds) {
    Toleration t = new Toleration();
    t.setKey(key);
    t.setOperator("Exists");
    t.setEffect(effect);
    t.setTolerationSeconds(seconds);
    return t;
  }

  static Pod pod(String created, Toleration... tolerations) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withNamespace("default")
        .withCreationTimestamp(created)
        .endMetadata()
        .withNewSpec()
        .withNodeName("w1")
        .withTolerations(tolerations)
        .endSpec()
        .build();
  }

  record Case(String name, Pod pod, List<Taint> taints, boolean evict, Instant at) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String old = "2024-05-01T11:00:00Z";
    return Stream.of(
        new Case(
            "a node without NoExecute taints keeps its pods",
            pod(old),
            List.of(NodeHealth.taint("node.kubernetes.io/unreachable", "NoSchedule", null)),
            false,
            null),
        new Case(
            "a pod that does not tolerate the taint is deleted at once",
            pod(old),
            List.of(unreachable(ADDED)),
            true,
            NOW),
        new Case(
            "a pod tolerating it for 300 s is deleted 300 s after the taint was added",
            pod(old, tolerate("node.kubernetes.io/unreachable", "NoExecute", 300L)),
            List.of(unreachable(ADDED)),
            true,
            Instant.parse("2024-05-01T12:05:00Z")),
        new Case(
            "a pod created after the taint counts from its creation",
            pod(
                "2024-05-01T12:08:00Z",
                tolerate("node.kubernetes.io/unreachable", "NoExecute", 300L)),
            List.of(unreachable(ADDED)),
            true,
            Instant.parse("2024-05-01T12:13:00Z")),
        new Case(
            "a toleration without seconds keeps the pod forever",
            pod(old, tolerate("node.kubernetes.io/unreachable", "NoExecute", null)),
            List.of(unreachable(ADDED)),
            false,
            null),
        new Case(
            "a toleration of zero seconds deletes at once",
            pod(old, tolerate("node.kubernetes.io/unreachable", "NoExecute", 0L)),
            List.of(unreachable(ADDED)),
            true,
            NOW),
        new Case(
            "an empty key with Exists tolerates every taint",
            pod(old, tolerate(null, null, null)),
            List.of(unreachable(ADDED), NodeHealth.taint("example.com/x", "NoExecute", ADDED)),
            false,
            null),
        new Case(
            "tolerating only one of two NoExecute taints deletes at once",
            pod(old, tolerate("node.kubernetes.io/unreachable", "NoExecute", 300L)),
            List.of(unreachable(ADDED), NodeHealth.taint("example.com/x", "NoExecute", ADDED)),
            true,
            NOW),
        new Case(
            "the shortest tolerationSeconds of the matching tolerations wins",
            pod(
                old,
                tolerate("node.kubernetes.io/unreachable", "NoExecute", 300L),
                tolerate("example.com/x", "NoExecute", 60L)),
            List.of(unreachable(ADDED), NodeHealth.taint("example.com/x", "NoExecute", ADDED)),
            true,
            Instant.parse("2024-05-01T12:01:00Z")),
        new Case(
            "a taint without timeAdded counts from now",
            pod(old, tolerate("node.kubernetes.io/unreachable", "NoExecute", 30L)),
            List.of(unreachable(null)),
            true,
            NOW.plusSeconds(30)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decides(Case c) {
    TaintEviction.Decision d = TaintEviction.decide(c.pod(), c.taints(), NOW);
    assertThat(d.evict()).isEqualTo(c.evict());
    assertThat(d.at()).isEqualTo(c.at());
  }
}
