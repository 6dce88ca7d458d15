package io.kubesim.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a ReplicaSet deletes surplus pods: controller.ActivePodsWithRanks, with the
 * default feature gates (PodDeletionCost and LogarithmicScaleDown on). The first pod in the order
 * goes first; each rule breaks the ties of the one before:
 *
 * <ol>
 *   <li>unassigned (no nodeName) before assigned;
 *   <li>Pending before Unknown before Running;
 *   <li>not ready before ready;
 *   <li>lower {@code controller.kubernetes.io/pod-deletion-cost} before higher;
 *   <li>more active related pods on the same node ("doubled up") before fewer;
 *   <li>both ready: ready more recently before ready longer, compared in log2 buckets of the time
 *       since (a pod ready for 3 minutes and one for 3.5 minutes tie; 3 minutes beats 7);
 *   <li>more container restarts before fewer;
 *   <li>created more recently before older (log2 buckets too), an empty creation time first;
 *   <li>last, the lower UID (the real tie-break inside equal buckets).
 * </ol>
 */
public final class PodDeletionOrder {
  public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

  private PodDeletionOrder() {}

  /**
   * The first {@code count} pods of {@code pods} to delete. {@code related} are all pods of the
   * same owner family (for a Deployment: the pods of all its ReplicaSets), used to count pods per
   * node.
   */
  public static List<Pod> pick(List<Pod> pods, List<Pod> related, int count, Instant now) {
    if (count >= pods.size()) {
      return List.copyOf(pods); // deleting all of them: no need to rank
    }
    Map<String, Integer> podsOnNode = new HashMap<>();
    for (Pod pod : related) {
      if (Kube.isPodActive(pod)) {
        podsOnNode.merge(nodeName(pod), 1, Integer::sum);
      }
    }
    List<Pod> sorted = new ArrayList<>(pods);
    sorted.sort(comparator(pod -> podsOnNode.getOrDefault(nodeName(pod), 0), now));
    return List.copyOf(sorted.subList(0, count));
  }

  /** The comparator; {@code rank} is the number of active related pods on the pod's node. */
  public static Comparator<Pod> comparator(
      java.util.function.ToIntFunction<Pod> rank, Instant now) {
    return (a, b) -> {
      String na = nodeName(a);
      String nb = nodeName(b);
      if (!na.equals(nb) && (na.isEmpty() || nb.isEmpty())) {
        return na.isEmpty() ? -1 : 1;
      }
      int byPhase = Integer.compare(phaseOrdinal(a), phaseOrdinal(b));
      if (byPhase != 0) {
        return byPhase;
      }
      boolean ra = Kube.isPodReady(a);
      boolean rb = Kube.isPodReady(b);
      if (ra != rb) {
        return ra ? 1 : -1;
      }
      int byCost = Integer.compare(deletionCost(a), deletionCost(b));
      if (byCost != 0) {
        return byCost;
      }
      int byRank = Integer.compare(rank.applyAsInt(b), rank.applyAsInt(a));
      if (byRank != 0) {
        return byRank;
      }
      if (ra) {
        int byReady = newerFirst(Kube.readySince(a), Kube.readySince(b), now);
        if (byReady != 0) {
          return byReady;
        }
      }
      int byRestarts = Integer.compare(restarts(b), restarts(a));
      if (byRestarts != 0) {
        return byRestarts;
      }
      Instant ca = Kube.time(a.getMetadata().getCreationTimestamp());
      Instant cb = Kube.time(b.getMetadata().getCreationTimestamp());
      int byCreation = newerFirst(ca, cb, now);
      if (byCreation != 0) {
        return byCreation;
      }
      return uid(a).compareTo(uid(b));
    };
  }

  /**
   * afterOrZero plus logarithmicRankDiff: a zero time sorts first; otherwise the pod whose age (now
   * - t) has the smaller floor(log2(nanoseconds)) sorts first; equal buckets tie (0).
   */
  static int newerFirst(Instant a, Instant b, Instant now) {
    if (a == null || b == null) {
      if (a == null && b == null) {
        return 0;
      }
      return a == null ? -1 : 1;
    }
    if (a.equals(b)) {
      return 0;
    }
    return Long.compare(log2Age(a, now), log2Age(b, now));
  }

  private static long log2Age(Instant t, Instant now) {
    long nanos = Duration.between(t, now).toNanos();
    return nanos > 0 ? 63 - Long.numberOfLeadingZeros(nanos) : -1;
  }

  private static String nodeName(Pod pod) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    return node == null ? "" : node;
  }

  /** podPhaseToOrdinal: Pending 0, Unknown 1, Running 2 (anything else counts as 0). */
  private static int phaseOrdinal(Pod pod) {
    return switch (Kube.phase(pod)) {
      case "Unknown" -> 1;
      case "Running" -> 2;
      default -> 0;
    };
  }

  private static int deletionCost(Pod pod) {
    String cost = Kube.annotations(pod).get(DELETION_COST);
    if (cost == null) {
      return 0;
    }
    try {
      return Integer.parseInt(cost.trim());
    } catch (NumberFormatException e) {
      return 0; // invalid values are rejected by validation; treat as the default
    }
  }

  private static int restarts(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return 0;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .mapToInt(cs -> Kube.orZero(cs.getRestartCount()))
        .max()
        .orElse(0);
  }

  private static String uid(Pod pod) {
    String uid = pod.getMetadata().getUid();
    return uid == null ? "" : uid;
  }
}
