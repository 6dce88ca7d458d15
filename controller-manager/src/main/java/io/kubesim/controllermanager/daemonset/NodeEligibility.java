package io.kubesim.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kubesim.controllermanager.Kube;
import io.kubesim.core.selector.NodeSelectors;
import io.kubesim.core.taint.Taints;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NodeShouldRunDaemonPod: whether a DaemonSet wants a pod on a node, from the DaemonSet's pod (its
 * template with the daemon tolerations, {@link DaemonPods#addDaemonTolerations}) and the node
 * alone. Resources and ports do not count: the scheduler decides those, and a pod that does not fit
 * stays Pending there.
 *
 * <ul>
 *   <li>{@code shouldRun}: a node without a daemon pod gets one: the template's nodeName (if any),
 *       nodeSelector and required node affinity match the node, and every NoSchedule and NoExecute
 *       taint is tolerated;
 *   <li>{@code shouldContinueRunning}: a daemon pod already there stays: the same, except that
 *       untolerated NoSchedule taints do not count (a taint added later does not evict; only an
 *       untolerated NoExecute one does).
 * </ul>
 *
 * <p>A cordoned node is tainted {@code node.kubernetes.io/unschedulable:NoSchedule}, which every
 * daemon pod tolerates: cordoning never keeps a daemon pod off a node, and draining needs {@code
 * --ignore-daemonsets}.
 */
public final class NodeEligibility {
  private final PodSpec pod;
  private final String templateNodeName;

  private NodeEligibility(PodSpec pod, String templateNodeName) {
    this.pod = pod;
    this.templateNodeName = templateNodeName;
  }

  public record Verdict(boolean shouldRun, boolean shouldContinueRunning) {
    static final Verdict NO = new Verdict(false, false);
    static final Verdict YES = new Verdict(true, true);
  }

  /** The DaemonSet's pod as NewPod makes it, checked against any number of nodes. */
  public static NodeEligibility of(DaemonSet ds) {
    PodSpec template = ds.getSpec().getTemplate().getSpec();
    PodSpec pod = Kube.copy(template, PodSpec.class);
    DaemonPods.addDaemonTolerations(pod);
    return new NodeEligibility(pod, template.getNodeName());
  }

  public Verdict verdict(Node node) {
    String nodeName = node.getMetadata().getName();
    if (templateNodeName != null
        && !templateNodeName.isEmpty()
        && !templateNodeName.equals(nodeName)) {
      return Verdict.NO;
    }
    if (!matchesSelectorAndAffinity(pod, node)) {
      return Verdict.NO;
    }
    List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
    if (untolerated(taints, pod.getTolerations(), Set.of(Taints.NO_SCHEDULE, Taints.NO_EXECUTE))) {
      return new Verdict(
          false, !untolerated(taints, pod.getTolerations(), Set.of(Taints.NO_EXECUTE)));
    }
    return Verdict.YES;
  }

  /** FindMatchingUntoleratedTaint: some taint with one of these effects that nothing tolerates. */
  static boolean untolerated(
      List<Taint> taints, List<Toleration> tolerations, Set<String> effects) {
    if (taints == null) {
      return false;
    }
    return taints.stream()
        .anyMatch(t -> effects.contains(t.getEffect()) && !Taints.tolerated(tolerations, t));
  }

  /**
   * nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): every nodeSelector label, and one of the
   * required terms (ORed; a term ANDs its matchExpressions on labels and matchFields on the name; a
   * term with neither matches nothing). A requirement that does not parse matches nothing.
   */
  static boolean matchesSelectorAndAffinity(PodSpec pod, Node node) {
    Map<String, String> labels = Kube.labels(node);
    Map<String, String> selector = pod.getNodeSelector();
    if (selector != null) {
      for (var e : selector.entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    var affinity = pod.getAffinity();
    if (affinity == null
        || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    return NodeSelectors.matches(
        affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
        labels,
        node.getMetadata().getName());
  }
}
