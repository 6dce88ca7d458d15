package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a pod fits no node, printed exactly as kube-scheduler's framework.FitError (1.32), which is
 * the text of the {@code FailedScheduling} event and of the PodScheduled condition.
 *
 * <p>Each reason is counted over the nodes, each count is printed before its reason, and the
 * strings are sorted as strings (Go's sort.Strings), so {@code "10 Insufficient cpu"} sorts before
 * {@code "2 Insufficient memory"}. Example with one tainted control plane and three full workers:
 *
 * <pre>
 * 0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },
 * 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for
 * scheduling, 3 No preemption victims found for incoming pod.
 * </pre>
 *
 * (one line). The part from {@code preemption:} on is the PostFilter message, appended after one
 * space, without another period.
 *
 * @param numAllNodes how many nodes were considered
 * @param nodeToStatus the failing status of every node, by node name
 * @param preFilterMsg a PreFilter plugin's rejection (then the nodes' reasons, the same on each,
 *     are not repeated), or empty
 * @param postFilterMsg the PostFilter (preemption) message, or empty
 */
public record FitError(
    int numAllNodes, Map<String, Status> nodeToStatus, String preFilterMsg, String postFilterMsg) {

  /** framework.NoNodeAvailableMsg. */
  public static final String NO_NODE_AVAILABLE = "0/%d nodes are available";

  public FitError {
    nodeToStatus = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodeToStatus));
  }

  public FitError(int numAllNodes, Map<String, Status> nodeToStatus, String postFilterMsg) {
    this(numAllNodes, nodeToStatus, "", postFilterMsg);
  }

  public FitError withPostFilterMsg(String msg) {
    return new FitError(numAllNodes, nodeToStatus, preFilterMsg, msg);
  }

  public String message() {
    StringBuilder msg = new StringBuilder(String.format(NO_NODE_AVAILABLE + ":", numAllNodes));
    List<String> histogram = histogram(nodeToStatus.values());
    if (!preFilterMsg.isEmpty()) {
      msg.append(' ').append(preFilterMsg).append('.');
    } else if (!histogram.isEmpty()) {
      msg.append(' ').append(String.join(", ", histogram)).append('.');
    }
    if (!postFilterMsg.isEmpty()) {
      msg.append(' ').append(postFilterMsg);
    }
    return msg.toString();
  }

  /** "count reason" strings, sorted as strings. */
  static List<String> histogram(Iterable<Status> statuses) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Status s : statuses) {
      for (String reason : s.reasons()) {
        counts.merge(reason, 1, Integer::sum);
      }
    }
    List<String> out = new ArrayList<>();
    counts.forEach((reason, n) -> out.add(n + " " + reason));
    out.sort(null);
    return out;
  }

  @Override
  public String toString() {
    return message();
  }
}
