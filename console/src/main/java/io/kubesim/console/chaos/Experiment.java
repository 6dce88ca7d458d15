package io.kubesim.console.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One experiment as the recorder keeps it.
 *
 * @param startedAt when the console heard of the disruption (the command reports it at once)
 * @param endedAt when the disruption was ended ({@code chaos heal}); null while it lasts, and for a
 *     kill, whose process comes back by itself
 * @param healedAt the first moment the watches showed the cluster healed; null until then
 * @param waitingFor what the cluster still waits for (empty once healed)
 */
public record Experiment(
    int id,
    Kind kind,
    String target,
    Target watched,
    Instant startedAt,
    Snapshot.Baseline baseline,
    Instant endedAt,
    Instant healedAt,
    List<String> waitingFor) {

  public Experiment {
    waitingFor = List.copyOf(waitingFor);
  }

  public boolean healed() {
    return healedAt != null;
  }

  /** From the start to the heal; null until healed. */
  public Duration timeToHeal() {
    return healedAt == null ? null : Duration.between(startedAt, healedAt);
  }

  Experiment ended(Instant at) {
    return new Experiment(id, kind, target, watched, startedAt, baseline, at, healedAt, waitingFor);
  }

  /** The experiment judged against {@code now}: healed at {@code at} if nothing is missing. */
  Experiment judged(Snapshot now, Instant at) {
    List<String> waiting = HealCheck.waitingFor(watched, startedAt, baseline, now);
    return new Experiment(
        id,
        kind,
        target,
        watched,
        startedAt,
        baseline,
        endedAt,
        waiting.isEmpty() ? at : null,
        waiting);
  }
}
