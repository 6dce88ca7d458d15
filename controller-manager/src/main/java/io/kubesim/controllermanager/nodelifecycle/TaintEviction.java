package io.kubesim.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kubesim.core.taint.Taints;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The taint-based eviction decision for one pod on one node, without I/O (kube-controller-manager's
 * taint-eviction-controller, processPodOnNode):
 *
 * <ul>
 *   <li>no NoExecute taint on the node: keep the pod (and cancel a planned eviction);
 *   <li>a NoExecute taint that no toleration tolerates: delete the pod now;
 *   <li>all tolerated, none with tolerationSeconds: keep it forever;
 *   <li>otherwise delete it after the smallest tolerationSeconds of the tolerations used (0 or
 *       less: now), counted from when the pod met the taint: the latest of the taint's timeAdded
 *       (the earliest one when several NoExecute taints) and the pod's creation.
 * </ul>
 *
 * <p>Worked example: unreachable:NoExecute added at 12:00:00, the pod tolerates it for 300 s (the
 * DefaultTolerationSeconds admission's toleration) → delete at 12:05:00. A pod created at 12:02:00
 * on that node (a DaemonSet pod, say) → 12:07:00.
 */
public final class TaintEviction {
  private TaintEviction() {}

  /** Keep, or delete at a time ({@link Instant#MIN}-like "now" is {@code at <= now}). */
  public record Decision(boolean evict, Instant at) {
    public static final Decision KEEP = new Decision(false, null);

    public boolean dueBy(Instant now) {
      return evict && !at.isAfter(now);
    }
  }

  /** Whether any of the node's taints can evict (NoExecute); without one every pod stays. */
  public static boolean canEvict(List<Taint> nodeTaints) {
    return nodeTaints.stream().anyMatch(TaintEviction::noExecute);
  }

  private static boolean noExecute(Taint t) {
    return NodeHealth.NO_EXECUTE.equals(t.getEffect());
  }

  public static Decision decide(Pod pod, List<Taint> nodeTaints, Instant now) {
    List<Taint> noExecute = nodeTaints.stream().filter(TaintEviction::noExecute).toList();
    if (noExecute.isEmpty()) {
      return Decision.KEEP;
    }
    List<Toleration> tolerations =
        pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
    List<Toleration> used = new ArrayList<>();
    for (Taint taint : noExecute) {
      Toleration match =
          tolerations.stream().filter(t -> Taints.tolerates(t, taint)).findFirst().orElse(null);
      if (match == null) {
        return new Decision(true, now);
      }
      used.add(match);
    }
    long minSeconds = Long.MAX_VALUE;
    for (Toleration t : used) {
      if (t.getTolerationSeconds() != null) {
        if (t.getTolerationSeconds() <= 0) {
          return new Decision(true, now);
        }
        minSeconds = Math.min(minSeconds, t.getTolerationSeconds());
      }
    }
    if (minSeconds == Long.MAX_VALUE) {
      return Decision.KEEP;
    }
    Instant start = null;
    for (Taint t : noExecute) {
      Instant added = time(t.getTimeAdded());
      if (added != null && (start == null || added.isBefore(start))) {
        start = added;
      }
    }
    Instant created = time(pod.getMetadata().getCreationTimestamp());
    if (start == null) {
      start = now;
    }
    if (created != null && created.isAfter(start)) {
      start = created;
    }
    return new Decision(true, start.plusSeconds(minSeconds));
  }

  private static Instant time(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return OffsetDateTime.parse(text).toInstant();
  }
}
