package io.kubesim.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.TestPods;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Small builders for the DaemonSet planner's tests: one DaemonSet "agent", nodes, its pods. */
final class Fixtures {
  private Fixtures() {}

  static final String CONTROL_PLANE_TAINT = "node-role.kubernetes.io/control-plane";

  /** agent: selector app=agent, image agent:1, RollingUpdate maxUnavailable 1, generation 1. */
  static DaemonSet ds() {
    return new DaemonSetBuilder()
        .withApiVersion("apps/v1")
        .withKind("DaemonSet")
        .withNewMetadata()
        .withName("agent")
        .withNamespace("default")
        .withUid("ds-uid")
        .withGeneration(1L)
        .addToAnnotations(DaemonPods.TEMPLATE_GENERATION_ANNOTATION, "1")
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", "agent")
        .endSelector()
        .withRevisionHistoryLimit(10)
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(1))
        .withMaxSurge(new IntOrString(0))
        .endRollingUpdate()
        .endUpdateStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "agent")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("a")
        .withImage("agent:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The DaemonSet changed by {@code change} (on a copy). */
  static DaemonSet ds(UnaryOperator<DaemonSet> change) {
    return change.apply(ds());
  }

  /** The template's image changed and the template generation raised, as the apiserver does. */
  static DaemonSet image(DaemonSet ds, String image, int generation) {
    ds.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
    ds.getMetadata().setGeneration((long) generation);
    ds.getMetadata()
        .getAnnotations()
        .put(DaemonPods.TEMPLATE_GENERATION_ANNOTATION, Integer.toString(generation));
    return ds;
  }

  static DaemonSet strategy(DaemonSet ds, Object maxUnavailable, Object maxSurge) {
    var ru = ds.getSpec().getUpdateStrategy().getRollingUpdate();
    ru.setMaxUnavailable(intOrString(maxUnavailable));
    ru.setMaxSurge(intOrString(maxSurge));
    return ds;
  }

  static DaemonSet onDelete(DaemonSet ds) {
    ds.getSpec().getUpdateStrategy().setType("OnDelete");
    ds.getSpec().getUpdateStrategy().setRollingUpdate(null);
    return ds;
  }

  static DaemonSet tolerate(DaemonSet ds, String key, String effect) {
    List<Toleration> tolerations = new ArrayList<>();
    if (ds.getSpec().getTemplate().getSpec().getTolerations() != null) {
      tolerations.addAll(ds.getSpec().getTemplate().getSpec().getTolerations());
    }
    tolerations.add(new Toleration(effect, key, "Exists", null, null));
    ds.getSpec().getTemplate().getSpec().setTolerations(tolerations);
    return ds;
  }

  static DaemonSet nodeSelector(DaemonSet ds, String key, String value) {
    ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of(key, value));
    return ds;
  }

  private static IntOrString intOrString(Object value) {
    return value instanceof Integer i ? new IntOrString(i) : new IntOrString((String) value);
  }

  /** The hash the DaemonSet's current revision is labelled with. */
  static String hash(DaemonSet ds) {
    return Kube.labels(History.snapshot(ds, 1)).get(DaemonPods.REVISION_HASH);
  }

  static ControllerRevision revision(DaemonSet ds, long number) {
    ControllerRevision r = History.snapshot(ds, number);
    r.getMetadata().setUid("rev-" + number);
    r.getMetadata().setResourceVersion("1");
    return r;
  }

  // --- nodes -----------------------------------------------------------------------------------

  static final class Nodes {
    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<Taint> taints = new ArrayList<>();
    private boolean unschedulable;

    private Nodes(String name) {
      this.name = name;
      labels.put("kubernetes.io/hostname", name);
    }

    Nodes label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    Nodes taint(String key, String effect) {
      taints.add(new Taint(effect, key, null, null));
      return this;
    }

    /** kubectl cordon: spec.unschedulable, and the taint the node lifecycle controller adds. */
    Nodes cordoned() {
      unschedulable = true;
      return taint("node.kubernetes.io/unschedulable", "NoSchedule");
    }

    Node build() {
      return new NodeBuilder()
          .withNewMetadata()
          .withName(name)
          .withLabels(labels)
          .endMetadata()
          .withNewSpec()
          .withTaints(taints.isEmpty() ? null : taints)
          .withUnschedulable(unschedulable ? true : null)
          .endSpec()
          .build();
    }
  }

  static Nodes node(String name) {
    return new Nodes(name);
  }

  static List<Node> nodes(String... names) {
    return java.util.Arrays.stream(names).map(n -> node(n).build()).toList();
  }

  static Node controlPlane() {
    return node("control-plane")
        .label(CONTROL_PLANE_TAINT, "")
        .taint(CONTROL_PLANE_TAINT, "NoSchedule")
        .build();
  }

  // --- pods ------------------------------------------------------------------------------------

  /** A running daemon pod of {@code ds}'s current template on {@code node}, ready an hour. */
  static TestPods daemonPod(String name, DaemonSet ds, String node) {
    return TestPods.pod(name)
        .node(node)
        .label("app", "agent")
        .label(DaemonPods.REVISION_HASH, hash(ds))
        .label(
            DaemonPods.TEMPLATE_GENERATION,
            ds.getMetadata().getAnnotations().get(DaemonPods.TEMPLATE_GENERATION_ANNOTATION))
        .ownedBy(Kube.controllerRef(ds))
        .readyFor(3600);
  }

  static List<Pod> pods(TestPods... pods) {
    return java.util.Arrays.stream(pods).map(TestPods::build).toList();
  }

  static List<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).toList();
  }

  static List<String> targets(List<Pod> pods) {
    return pods.stream().map(DaemonPods::targetNode).toList();
  }

  /** The pod not bound yet, pinned to {@code node} by node affinity as the controller makes it. */
  static Pod pinned(TestPods pod, String node) {
    Pod p = pod.node(null).build();
    p.getSpec().setAffinity(DaemonPods.pinnedTo(null, node));
    return p;
  }

  /** The pod with its Ready condition False. */
  static Pod notReady(TestPods pod) {
    Pod p = pod.build();
    p.getStatus().getConditions().forEach(c -> c.setStatus("False"));
    return p;
  }
}
