package io.kubesim.scheduler.plugins.nodeunschedulable;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.kubesim.core.taint.Taints;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.Status;

/**
 * Rejects cordoned nodes ({@code spec.unschedulable: true}) unless the pod tolerates the taint
 * {@code node.kubernetes.io/unschedulable:NoSchedule} (DaemonSet pods do).
 */
public final class NodeUnschedulable implements FilterPlugin {

  public static final String NAME = "NodeUnschedulable";
  public static final String REASON = "node(s) were unschedulable";
  public static final String TAINT_KEY = "node.kubernetes.io/unschedulable";

  private static final Taint UNSCHEDULABLE_TAINT =
      new Taint(Taints.NO_SCHEDULE, TAINT_KEY, null, null);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(Pod pod, NodeInfo node) {
    if (!node.unschedulable()) {
      return Status.SUCCESS;
    }
    if (Taints.tolerated(pod.getSpec().getTolerations(), UNSCHEDULABLE_TAINT)) {
      return Status.SUCCESS;
    }
    return Status.unresolvable(NAME, REASON);
  }
}
