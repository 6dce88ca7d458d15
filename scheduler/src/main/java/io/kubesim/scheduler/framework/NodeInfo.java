package io.kubesim.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one node for one scheduling cycle: the node, the pods assigned to it, and what they
 * request. Immutable, computed once per snapshot, so every plugin sees the same numbers.
 *
 * @param pods the pods bound to this node that still hold resources (not Succeeded or Failed: a
 *     finished pod's requests are free again)
 * @param requested the sum of {@link PodRequests#of} over {@code pods} (what Filter subtracts)
 * @param nonZeroRequested the sum of {@link PodRequests#nonZero} (what scoring uses)
 */
public record NodeInfo(Node node, List<Pod> pods, Resource requested, Resource nonZeroRequested) {

  public NodeInfo {
    pods = List.copyOf(pods);
  }

  /** Builds the snapshot of {@code node} from the pods bound to it. */
  public static NodeInfo of(Node node, List<Pod> assigned) {
    List<Pod> holding = assigned.stream().filter(p -> !isTerminal(p)).toList();
    Resource requested = Resource.ZERO;
    Resource nonZero = Resource.ZERO;
    for (Pod p : holding) {
      requested = requested.plus(PodRequests.of(p));
      nonZero = nonZero.plus(PodRequests.nonZero(p));
    }
    return new NodeInfo(node, holding, requested, nonZero);
  }

  public String name() {
    return node.getMetadata().getName();
  }

  public Map<String, String> labels() {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /** status.allocatable as a {@link Resource} (missing means zero). */
  public Resource allocatable() {
    var status = node.getStatus();
    if (status == null || status.getAllocatable() == null) {
      return Resource.ZERO;
    }
    return PodRequests.toResource(status.getAllocatable(), false);
  }

  /** status.allocatable.pods: how many pods the kubelet accepts (0 when missing). */
  public long allowedPodNumber() {
    var status = node.getStatus();
    if (status == null || status.getAllocatable() == null) {
      return 0;
    }
    var pods = status.getAllocatable().get(Resource.PODS);
    return pods == null ? 0 : PodRequests.quantity(pods).longValue();
  }

  private static boolean isTerminal(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
