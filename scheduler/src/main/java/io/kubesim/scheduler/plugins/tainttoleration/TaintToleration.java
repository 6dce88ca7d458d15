package io.kubesim.scheduler.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kubesim.core.taint.Taints;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.ScorePlugin;
import io.kubesim.scheduler.framework.Status;
import java.util.List;

/**
 * Filter: every NoSchedule and NoExecute taint must be tolerated; the first one that is not is
 * named in the reason as {@code {key: value}} (an empty value prints as {@code {key: }}).
 *
 * <p>Score: the number of PreferNoSchedule taints the pod does not tolerate (only tolerations with
 * an empty or PreferNoSchedule effect count), normalised in reverse: the node with the most such
 * taints scores 0, a node with none 100.
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {

  public static final String NAME = "TaintToleration";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(Pod pod, NodeInfo node) {
    List<Toleration> tolerations = pod.getSpec().getTolerations();
    for (Taint taint : node.taints()) {
      boolean doNotSchedule =
          Taints.NO_SCHEDULE.equals(taint.getEffect())
              || Taints.NO_EXECUTE.equals(taint.getEffect());
      if (doNotSchedule && !Taints.tolerated(tolerations, taint)) {
        return Status.unresolvable(NAME, reason(taint));
      }
    }
    return Status.SUCCESS;
  }

  /** {@code node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }}. */
  public static String reason(Taint taint) {
    String value = taint.getValue() == null ? "" : taint.getValue();
    return "node(s) had untolerated taint {" + taint.getKey() + ": " + value + "}";
  }

  @Override
  public long[] score(Pod pod, List<NodeInfo> feasible, List<NodeInfo> all) {
    long[] scores = new long[feasible.size()];
    boolean anyTaint = false;
    for (NodeInfo node : feasible) {
      anyTaint |= !node.taints().isEmpty();
    }
    if (!anyTaint) {
      return scores; // the common case: nothing to count on any node
    }
    List<Toleration> preferTolerations =
        pod.getSpec().getTolerations() == null
            ? List.of()
            : pod.getSpec().getTolerations().stream()
                .filter(
                    t ->
                        t.getEffect() == null
                            || t.getEffect().isEmpty()
                            || Taints.PREFER_NO_SCHEDULE.equals(t.getEffect()))
                .toList();
    for (int i = 0; i < scores.length; i++) {
      long count = 0;
      for (Taint t : feasible.get(i).taints()) {
        if (Taints.PREFER_NO_SCHEDULE.equals(t.getEffect())
            && !Taints.tolerated(preferTolerations, t)) {
          count++;
        }
      }
      scores[i] = count;
    }
    return scores;
  }

  /** helper.DefaultNormalizeScore(MaxNodeScore, reverse = true, ...). */
  @Override
  public void normalize(long[] scores) {
    long max = 0;
    for (long s : scores) {
      max = Math.max(max, s);
    }
    for (int i = 0; i < scores.length; i++) {
      scores[i] = max == 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - MAX_NODE_SCORE * scores[i] / max;
    }
  }
}
