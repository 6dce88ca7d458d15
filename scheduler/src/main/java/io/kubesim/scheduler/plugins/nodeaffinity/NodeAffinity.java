package io.kubesim.scheduler.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.core.selector.NodeSelectors;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.Status;
import java.util.Map;

/**
 * {@code spec.nodeSelector} and {@code requiredDuringSchedulingIgnoredDuringExecution}: both must
 * match. The required selector's terms are ORed; inside a term every matchExpression and matchField
 * must match; a term with neither matches nothing (component-helpers nodeaffinity).
 *
 * <p>Preferred terms (the NodeAffinity score) are not implemented yet.
 */
public final class NodeAffinity implements FilterPlugin {

  public static final String NAME = "NodeAffinity";
  public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

  /** The only field matchFields supports. */
  public static final String FIELD_NAME = NodeSelectors.FIELD_NAME;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(Pod pod, NodeInfo node) {
    return matches(pod, node) ? Status.SUCCESS : Status.unresolvable(NAME, REASON);
  }

  /** Whether the pod's node selector and required node affinity both match the node. */
  public static boolean matches(Pod pod, NodeInfo node) {
    Map<String, String> labels = node.labels();
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    if (selector != null && !selector.isEmpty()) {
      for (var e : selector.entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    var affinity = pod.getSpec().getAffinity();
    if (affinity == null
        || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    return NodeSelectors.matches(
        affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
        labels,
        node.name());
  }
}
