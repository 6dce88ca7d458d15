package io.kubesim.controllermanager.disruption;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The arithmetic of the disruption controller (pkg/controller/disruption), pure: from a budget's
 * spec, the pods it selects and the scale of their controllers, the status it should have.
 */
public final class DisruptionPlanner {
  /** How long an eviction's entry in status.disruptedPods waits for the pod's deletion. */
  public static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

  private DisruptionPlanner() {}

  /** minAvailable or maxUnavailable: an int, or a percentage like "50%". */
  public record IntOrPercent(long value, boolean percent) {
    public static IntOrPercent parse(Object raw) {
      if (raw instanceof Number n) {
        return new IntOrPercent(n.longValue(), false);
      }
      String s = String.valueOf(raw);
      if (s.endsWith("%")) {
        return new IntOrPercent(Long.parseLong(s.substring(0, s.length() - 1)), true);
      }
      return new IntOrPercent(Long.parseLong(s), false);
    }

    /** GetScaledValueFromIntOrPercent with roundUp, as the controller calls it. */
    long scaled(long total) {
      return percent ? (value * total + 99) / 100 : value;
    }
  }

  /** What a budget asks, as read from its spec (exactly one of the two is set, or neither). */
  public record Budget(IntOrPercent minAvailable, IntOrPercent maxUnavailable) {
    /** Whether the expected count comes from the controllers' scale rather than the pods. */
    boolean needsScale() {
      return maxUnavailable != null || (minAvailable != null && minAvailable.percent());
    }
  }

  /** One selected pod: ready, being deleted, and since when an eviction disrupted it (or null). */
  public record PodState(String name, boolean ready, boolean deleting) {}

  /** The computed status; {@code disruptedPods} keeps the evictions still waiting. */
  public record Plan(
      long expectedPods,
      long currentHealthy,
      long desiredHealthy,
      long disruptionsAllowed,
      Map<String, Instant> disruptedPods,
      Instant recheckAt) {}

  /**
   * @param scale the summed replicas of the selected pods' controllers; used only when the budget
   *     needs it (null when they could not be found: then nothing may be disrupted)
   */
  public static Plan plan(
      Budget budget,
      java.util.List<PodState> pods,
      Long scale,
      Map<String, Instant> disrupted,
      Instant now) {
    Map<String, Instant> waiting = new TreeMap<>();
    Instant recheck = null;
    for (PodState pod : pods) {
      Instant at = disrupted.get(pod.name());
      if (at == null || pod.deleting()) {
        continue;
      }
      Instant expires = at.plus(DELETION_TIMEOUT);
      if (expires.isAfter(now)) {
        waiting.put(pod.name(), at);
        recheck = recheck == null || expires.isBefore(recheck) ? expires : recheck;
      }
    }
    long healthy =
        pods.stream()
            .filter(p -> p.ready() && !p.deleting() && !waiting.containsKey(p.name()))
            .count();
    long expected;
    long desired;
    if (budget.needsScale() && scale == null) {
      return new Plan(0, healthy, 0, 0, waiting, recheck);
    }
    if (budget.maxUnavailable() != null) {
      expected = scale;
      desired = Math.max(0, expected - budget.maxUnavailable().scaled(expected));
    } else if (budget.minAvailable() != null && budget.minAvailable().percent()) {
      expected = scale;
      desired = budget.minAvailable().scaled(expected);
    } else {
      expected = pods.size();
      desired = budget.minAvailable() == null ? 0 : budget.minAvailable().value();
    }
    long allowed = Math.max(0, healthy - desired);
    return new Plan(expected, healthy, desired, allowed, waiting, recheck);
  }
}
