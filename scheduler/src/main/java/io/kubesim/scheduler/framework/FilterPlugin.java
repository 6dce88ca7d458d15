package io.kubesim.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * The Filter extension point: a pure check whether {@code pod} may run on one node, given the
 * node's snapshot. No side effects, no I/O; the same inputs always give the same status.
 */
public interface FilterPlugin {

  /** The plugin's name as kube-scheduler spells it ({@code NodeResourcesFit}, ...). */
  String name();

  /** {@link Status#SUCCESS}, or a failure whose reasons say why the node does not fit. */
  Status filter(Pod pod, NodeInfo node);
}
