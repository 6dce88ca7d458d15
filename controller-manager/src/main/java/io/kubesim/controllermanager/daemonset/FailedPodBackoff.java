package io.kubesim.controllermanager.daemonset;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The back-off between deleting one failed daemon pod on a node and the next (client-go's
 * flowcontrol.Backoff as kube-controller-manager builds it for the DaemonSet controller: 1 s
 * doubling to 15 min). A kubelet that keeps rejecting a daemon pod (say, the node is out of a
 * resource) would otherwise have the controller delete and recreate it in a hot loop.
 *
 * <p>Worked example, one node: a pod fails at 12:00:00, it is deleted and the delay is 1 s; its
 * replacement fails at 12:00:00.5 and waits (the DaemonSet is synced again after the delay); it is
 * deleted at 12:00:01 and the delay becomes 2 s, then 4 s, 8 s ... 15 min. An entry left alone for
 * twice the maximum (30 min) starts again from 1 s. Keys are {@code <uid>/<observedGeneration>/
 * <node>}, so a new generation of the DaemonSet starts afresh.
 *
 * <p>The planner only reads it (see {@link View}); the controller applies what a plan decided.
 */
public final class FailedPodBackoff {
  public static final Duration INITIAL = Duration.ofSeconds(1);
  public static final Duration MAX = Duration.ofMinutes(15);

  /** What the planner may ask. */
  public interface View {
    /** IsInBackOffSinceUpdate: less than the current delay since the last deletion. */
    boolean inBackoff(String key, Instant now);

    /** Get: the current delay (zero when the key has none). */
    Duration delay(String key);

    /** The delay the key would have after a deletion now. */
    Duration nextDelay(String key, Instant now);

    View NONE =
        new View() {
          @Override
          public boolean inBackoff(String key, Instant now) {
            return false;
          }

          @Override
          public Duration delay(String key) {
            return Duration.ZERO;
          }

          @Override
          public Duration nextDelay(String key, Instant now) {
            return INITIAL;
          }
        };
  }

  private record Entry(Duration delay, Instant lastUpdate) {}

  private final Map<String, Entry> entries = new HashMap<>();

  /** This back-off, read-only. */
  public View view() {
    return new View() {
      @Override
      public boolean inBackoff(String key, Instant now) {
        return FailedPodBackoff.this.inBackoff(key, now);
      }

      @Override
      public Duration delay(String key) {
        return FailedPodBackoff.this.delay(key);
      }

      @Override
      public Duration nextDelay(String key, Instant now) {
        return FailedPodBackoff.this.nextDelay(key, now);
      }
    };
  }

  public synchronized boolean inBackoff(String key, Instant now) {
    Entry e = entries.get(key);
    if (e == null || expired(e, now)) {
      return false;
    }
    return Duration.between(e.lastUpdate(), now).compareTo(e.delay()) < 0;
  }

  public synchronized Duration delay(String key) {
    Entry e = entries.get(key);
    return e == null ? Duration.ZERO : e.delay();
  }

  public synchronized Duration nextDelay(String key, Instant now) {
    Entry e = entries.get(key);
    if (e == null || expired(e, now)) {
      return INITIAL;
    }
    Duration doubled = e.delay().multipliedBy(2);
    return doubled.compareTo(MAX) > 0 ? MAX : doubled;
  }

  /** Next: a failed pod was deleted now. */
  public synchronized void next(String key, Instant now) {
    entries.put(key, new Entry(nextDelay(key, now), now));
  }

  /** GC: forgets the entries that have expired. */
  public synchronized void gc(Instant now) {
    entries.values().removeIf(e -> expired(e, now));
  }

  private static boolean expired(Entry e, Instant now) {
    return Duration.between(e.lastUpdate(), now).compareTo(MAX.multipliedBy(2)) > 0;
  }
}
