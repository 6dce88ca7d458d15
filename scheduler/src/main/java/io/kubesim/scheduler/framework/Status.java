package io.kubesim.scheduler.framework;

import java.util.List;

/**
 * The outcome of one plugin on one node, as kube-scheduler's framework.Status: a code and the human
 * reasons that end up, counted across nodes, in the FitError message.
 *
 * @param code whether the node fits, and if not whether preemption could change that
 * @param reasons every reason the node does not fit (NodeResourcesFit reports one per missing
 *     resource); empty on success
 * @param plugin the plugin that rejected the node; empty on success
 */
public record Status(Code code, List<String> reasons, String plugin) {

  /** The status codes that matter to filtering and preemption. */
  public enum Code {
    SUCCESS,
    /** The node does not fit now; evicting lower-priority pods might help (resources, ports). */
    UNSCHEDULABLE,
    /** The node does not fit and preemption cannot change that (taints, affinity, node name). */
    UNSCHEDULABLE_AND_UNRESOLVABLE
  }

  public static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), "");

  public Status {
    reasons = List.copyOf(reasons);
  }

  public static Status unschedulable(String plugin, List<String> reasons) {
    return new Status(Code.UNSCHEDULABLE, reasons, plugin);
  }

  public static Status unresolvable(String plugin, String reason) {
    return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reason), plugin);
  }

  public boolean isSuccess() {
    return code == Code.SUCCESS;
  }
}
