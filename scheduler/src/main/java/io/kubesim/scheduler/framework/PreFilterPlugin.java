package io.kubesim.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The PreFilter extension point: a check on the pod once per cycle, before any node is filtered. A
 * failure rejects the pod on every node and its reasons become the FitError's PreFilter message
 * ({@code 0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims.}). A plugin
 * may keep what it computed for its Filter of the same pod (one cycle at a time).
 */
public interface PreFilterPlugin {
  String name();

  /** {@link Status#SUCCESS}, or why the pod fits no node. */
  Status preFilter(Pod pod, List<NodeInfo> nodes);
}
