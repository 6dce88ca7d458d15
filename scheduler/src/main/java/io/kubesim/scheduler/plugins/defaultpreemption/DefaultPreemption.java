package io.kubesim.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.FitError;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostFilter of kube-scheduler's DefaultPreemption, as a dry run: it finds out whether evicting
 * lower-priority pods could make room, and words the answer as kube-scheduler does. It does not
 * choose victims or evict anything (that needs the API and is not implemented yet).
 *
 * <ul>
 *   <li>{@code preemptionPolicy: Never}: {@code preemption: not eligible due to
 *       preemptionPolicy=Never.}
 *   <li>A node rejected as UnschedulableAndUnresolvable (taint, affinity, node name, cordon):
 *       {@code Preemption is not helpful for scheduling}.
 *   <li>A node without pods of lower priority: {@code No preemption victims found for incoming
 *       pod}.
 *   <li>A node that still does not fit with all lower-priority pods removed: the filter's reasons
 *       again ({@code Insufficient cpu}).
 *   <li>Otherwise the node is a candidate: the real scheduler would preempt there, and its
 *       PostFilter message is empty.
 * </ul>
 *
 * Without candidates the message is {@code "preemption: "} plus a FitError over all nodes, e.g.
 * {@code preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No
 * preemption victims found for incoming pod.}
 */
public final class DefaultPreemption {

  public static final String NAME = "DefaultPreemption";
  public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
  public static final String NO_VICTIMS = "No preemption victims found for incoming pod";
  public static final String NEVER = "not eligible due to preemptionPolicy=Never.";

  /**
   * @param candidates nodes where evicting lower-priority pods would let the pod fit
   * @param message the PostFilter message for the FitError; empty when there are candidates
   */
  public record Outcome(List<String> candidates, String message) {
    public Outcome {
      candidates = List.copyOf(candidates);
    }
  }

  private final List<FilterPlugin> filters;

  /**
   * @param filters the profile's filters, re-run on each node without its possible victims
   */
  public DefaultPreemption(List<FilterPlugin> filters) {
    this.filters = List.copyOf(filters);
  }

  public Outcome postFilter(Pod pod, List<NodeInfo> all, Map<String, Status> nodeToStatus) {
    if ("Never".equals(pod.getSpec().getPreemptionPolicy())) {
      return new Outcome(List.of(), "preemption: " + NEVER);
    }
    int priority = priority(pod);
    Map<String, Status> dryRun = new LinkedHashMap<>();
    List<String> candidates = new ArrayList<>();
    for (NodeInfo node : all) {
      Status filtered = nodeToStatus.getOrDefault(node.name(), Status.SUCCESS);
      if (filtered.code() != Status.Code.UNSCHEDULABLE) {
        dryRun.put(node.name(), Status.unresolvable(NAME, NOT_HELPFUL));
        continue;
      }
      Status status = selectVictims(pod, priority, node);
      if (status.isSuccess()) {
        candidates.add(node.name());
      } else {
        dryRun.put(node.name(), status);
      }
    }
    if (!candidates.isEmpty()) {
      return new Outcome(candidates, "");
    }
    return new Outcome(List.of(), "preemption: " + new FitError(all.size(), dryRun, "").message());
  }

  /** Removes every lower-priority pod from the node and filters again. */
  private Status selectVictims(Pod pod, int priority, NodeInfo node) {
    List<Pod> remaining = node.pods().stream().filter(p -> priority(p) >= priority).toList();
    if (remaining.size() == node.pods().size()) {
      return Status.unresolvable(NAME, NO_VICTIMS);
    }
    NodeInfo without = NodeInfo.of(node.node(), remaining);
    for (FilterPlugin f : filters) {
      Status s = f.filter(pod, without);
      if (!s.isSuccess()) {
        return s;
      }
    }
    return Status.SUCCESS;
  }

  /** spec.priority, 0 when unset (no PriorityClass admission ran). */
  static int priority(Pod pod) {
    Integer p = pod.getSpec().getPriority();
    return p == null ? 0 : p;
  }
}
