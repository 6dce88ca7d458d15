package io.kubesim.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The PreScore, Score and NormalizeScore extension points of one plugin. kube-scheduler splits them
 * so that PreScore can compute cluster-wide state once; here that state lives inside one call, so a
 * plugin sees every feasible node at once and returns one raw score per node.
 *
 * <p>The framework then calls {@link #normalize} and multiplies by the plugin's weight from the
 * profile. After normalising every score is in {@code 0..}{@link #MAX_NODE_SCORE}.
 */
public interface ScorePlugin {

  /** framework.MaxNodeScore. */
  long MAX_NODE_SCORE = 100;

  String name();

  /**
   * Raw scores, one per node of {@code feasible}, in the same order.
   *
   * @param feasible the nodes that passed every filter
   * @param all every node of the snapshot (spreading counts pods on nodes that were filtered out)
   */
  long[] score(Pod pod, List<NodeInfo> feasible, List<NodeInfo> all);

  /**
   * PreScore's Skip: the plugin has nothing to say about this pod and adds 0 to every node (not 100
   * after normalising).
   */
  default boolean skip(Pod pod) {
    return false;
  }

  /** NormalizeScore: maps raw scores into {@code 0..100} in place. Default: already in range. */
  default void normalize(long[] scores) {}
}
