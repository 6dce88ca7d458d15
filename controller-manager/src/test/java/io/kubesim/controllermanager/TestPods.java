package io.kubesim.controllermanager;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A small pod builder for planner tests: running, scheduled and not ready unless told. */
public final class TestPods {
  public static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private final String name;
  private String node = "node-1";
  private String phase = "Running";
  private Instant readySince;
  private Instant created = NOW.minusSeconds(3600);
  private int restarts;
  private final Map<String, String> labels = new HashMap<>(Map.of("app", "web"));
  private final Map<String, String> annotations = new HashMap<>();
  private OwnerReference owner;
  private boolean deleting;

  private TestPods(String name) {
    this.name = name;
  }

  public static TestPods pod(String name) {
    return new TestPods(name);
  }

  public TestPods node(String node) {
    this.node = node;
    return this;
  }

  public TestPods phase(String phase) {
    this.phase = phase;
    return this;
  }

  /** Ready for this many seconds before {@link #NOW}. */
  public TestPods readyFor(long seconds) {
    this.readySince = NOW.minusSeconds(seconds);
    return this;
  }

  public TestPods ageSeconds(long seconds) {
    this.created = NOW.minusSeconds(seconds);
    return this;
  }

  public TestPods restarts(int restarts) {
    this.restarts = restarts;
    return this;
  }

  public TestPods label(String key, String value) {
    if (value == null) {
      labels.remove(key);
    } else {
      labels.put(key, value);
    }
    return this;
  }

  public TestPods annotation(String key, String value) {
    annotations.put(key, value);
    return this;
  }

  public TestPods ownedBy(OwnerReference owner) {
    this.owner = owner;
    return this;
  }

  public TestPods deleting() {
    this.deleting = true;
    return this;
  }

  public Pod build() {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .withUid("uid-" + name)
        .withLabels(labels)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .withCreationTimestamp(Kube.format(created))
        .withDeletionTimestamp(deleting ? Kube.format(NOW) : null)
        .withOwnerReferences(owner == null ? null : java.util.List.of(owner))
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withConditions(
            new PodConditionBuilder()
                .withType("Ready")
                .withStatus(readySince == null ? "False" : "True")
                .withLastTransitionTime(Kube.format(readySince == null ? created : readySince))
                .build())
        .withContainerStatuses(
            new ContainerStatusBuilder().withName("app").withRestartCount(restarts).build())
        .endStatus()
        .build();
  }

  @Override
  public String toString() {
    return name;
  }
}
