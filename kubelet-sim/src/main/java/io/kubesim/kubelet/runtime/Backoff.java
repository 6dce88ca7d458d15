package io.kubesim.kubelet.runtime;

import java.time.Duration;
import java.time.Instant;

/**
 * The kubelet's restart back-off for one container or one image ({@code flowcontrol.Backoff}): 10 s
 * after the first use, doubled on each further use up to 5 min; an entry not used for twice the
 * maximum (10 min) is forgotten, so a container that ran 10 min restarts at once and starts over at
 * 10 s.
 *
 * <p>Worked example, a container that exits 1 s after each start: exit 1 at t=1 (no entry: restart
 * at once, entry 10 s), exit 2 at t=2 (in back-off until 12, entry 20 s), exit 3 at 13 (until 33,
 * 40 s), 34 (until 74, 80 s), 75 (155, 160 s), 156 (316, 300 s), 317 (617, 300 s)... so the waits
 * are 0, 10, 20, 40, 80, 160, 300, 300 s.
 *
 * @param delay the back-off of the entry, applied from the next event
 * @param lastUpdate when the entry was last used
 */
public record Backoff(Duration delay, Instant lastUpdate) {

  public static final Duration INITIAL = Duration.ofSeconds(10);
  public static final Duration MAX = Duration.ofMinutes(5);

  /**
   * {@code flowcontrol.Backoff.IsInBackOffSince}: is {@code now} within the delay after {@code
   * since}?
   */
  public static boolean inBackoff(Backoff entry, Instant since, Instant now) {
    return entry != null
        && !expired(entry, now)
        && Duration.between(since, now).compareTo(entry.delay) < 0;
  }

  /** {@code flowcontrol.Backoff.Next}: the entry after one more use at {@code at}. */
  public static Backoff next(Backoff entry, Instant at) {
    if (entry == null || expired(entry, at)) {
      return new Backoff(INITIAL, at);
    }
    Duration doubled = entry.delay.multipliedBy(2);
    return new Backoff(doubled.compareTo(MAX) > 0 ? MAX : doubled, at);
  }

  private static boolean expired(Backoff entry, Instant now) {
    return Duration.between(entry.lastUpdate, now).compareTo(MAX.multipliedBy(2)) > 0;
  }
}
