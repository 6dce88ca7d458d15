package io.kubesim.controllermanager.podgc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pod garbage collector (pkg/controller/podgc), as a pure decision: pods bound to a node that
 * has been gone for {@link #QUARANTINE} (orphaned), terminating pods that were never scheduled, and
 * the oldest terminated pods beyond {@code --terminated-pod-gc-threshold} are deleted at once
 * (grace 0); the orphans get the DisruptionTarget condition first, as the real controller adds it.
 */
public final class PodGcPlanner {
  /** gcCheckQuarantineTime: a node must be missing for this long (it may be re-registering). */
  public static final Duration QUARANTINE = Duration.ofSeconds(40);

  /** --terminated-pod-gc-threshold's default. */
  public static final int TERMINATED_THRESHOLD = 12_500;

  private PodGcPlanner() {}

  /** A pod as the collector sees it. */
  public record PodInfo(
      String namespace,
      String name,
      String uid,
      String node,
      String phase,
      boolean terminating,
      Instant created) {
    boolean terminated() {
      return phase.equals("Succeeded") || phase.equals("Failed");
    }
  }

  /**
   * Why a pod goes: orphaned (no node), unscheduled and terminating, or terminated beyond the
   * threshold.
   */
  public enum Reason {
    ORPHANED,
    UNSCHEDULED_TERMINATING,
    TERMINATED
  }

  public record Delete(PodInfo pod, Reason reason) {}

  /**
   * @param missingSince for each node name seen missing, since when (updated in place: nodes back
   *     or no longer referenced are dropped, new missing ones start now)
   */
  public static List<Delete> plan(
      Set<String> nodes,
      List<PodInfo> pods,
      Map<String, Instant> missingSince,
      int terminatedThreshold,
      Instant now) {
    List<Delete> deletes = new ArrayList<>();
    List<PodInfo> terminated = new ArrayList<>();
    Map<String, Instant> stillMissing = new HashMap<>();
    for (PodInfo pod : pods) {
      if (pod.terminated()) {
        terminated.add(pod);
      }
      if (pod.node().isEmpty()) {
        if (pod.terminating()) {
          deletes.add(new Delete(pod, Reason.UNSCHEDULED_TERMINATING));
        }
        continue;
      }
      if (nodes.contains(pod.node())) {
        continue;
      }
      Instant since = missingSince.getOrDefault(pod.node(), now);
      stillMissing.put(pod.node(), since);
      if (!since.plus(QUARANTINE).isAfter(now)) {
        deletes.add(new Delete(pod, Reason.ORPHANED));
      }
    }
    missingSince.clear();
    missingSince.putAll(stillMissing);
    if (terminatedThreshold > 0 && terminated.size() > terminatedThreshold) {
      terminated.sort(Comparator.comparing(PodInfo::created));
      for (PodInfo pod : terminated.subList(0, terminated.size() - terminatedThreshold)) {
        if (deletes.stream().noneMatch(d -> d.pod().uid().equals(pod.uid()))) {
          deletes.add(new Delete(pod, Reason.TERMINATED));
        }
      }
    }
    return deletes;
  }
}
