package io.kubesim.kubeproxy.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncLimiterTest {
  private static final long MS = 1_000_000L;

  /** A sync asked for at each of {@code at} (ms), each started as early as the limiter lets it. */
  private static List<Long> starts(Duration minSyncPeriod, long... at) {
    SyncLimiter limiter = new SyncLimiter(minSyncPeriod, 0);
    List<Long> started = new ArrayList<>();
    long free = 0;
    for (long t : at) {
      long now = Math.max(t * MS, free);
      long start = now + limiter.waitBeforeSync(now).toNanos();
      limiter.take(start);
      started.add(start / MS);
      free = start;
    }
    return started;
  }

  record Case(String name, Duration minSyncPeriod, long[] requests, List<Long> starts) {}

  @Test
  void syncsFollowKubeProxysBoundedFrequencyRunner() {
    Duration second = Duration.ofSeconds(1);
    List<Case> cases =
        List.of(
            new Case(
                "a change just after a lone periodic sync is programmed at once (burst of two)",
                second,
                new long[] {30_000, 30_100},
                List.of(30_000L, 30_100L)),
            new Case(
                "a third change within the period waits for a token",
                second,
                new long[] {0, 10, 20},
                List.of(0L, 10L, 1_000L)),
            new Case(
                "a steady stream is held to one sync per period",
                second,
                new long[] {0, 1, 2, 3},
                List.of(0L, 1L, 1_000L, 2_000L)),
            new Case(
                "tokens come back over time, never more than two",
                second,
                new long[] {0, 1, 10_000, 10_001, 10_002},
                List.of(0L, 1L, 10_000L, 10_001L, 11_000L)),
            new Case(
                "a zero period never holds a sync back",
                Duration.ZERO,
                new long[] {0, 0, 0},
                List.of(0L, 0L, 0L)));
    for (Case c : cases) {
      assertThat(starts(c.minSyncPeriod(), c.requests())).as(c.name()).isEqualTo(c.starts());
    }
  }
}
