package io.kubesim.kubeproxy.sync;

import java.time.Duration;

/**
 * The pace of a proxier's syncs, as kube-proxy's BoundedFrequencyRunner keeps it: a token bucket
 * refilled at one token per minSyncPeriod that holds at most two (burstSyncs), so a change right
 * after a lone sync is programmed at once and only a steady stream is held to one sync per period.
 * Not thread-safe: a proxier uses it on its own context.
 */
final class SyncLimiter {
  static final int BURST_SYNCS = 2;

  private final long periodNanos;
  private double tokens = BURST_SYNCS;
  private long refilledAt;

  SyncLimiter(Duration minSyncPeriod, long nowNanos) {
    this.periodNanos = minSyncPeriod.toNanos();
    this.refilledAt = nowNanos;
  }

  /** How long until a sync may start (zero: now). */
  Duration waitBeforeSync(long nowNanos) {
    refill(nowNanos);
    if (periodNanos <= 0 || tokens >= 1) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) * periodNanos));
  }

  /** A sync starts: it takes a token. */
  void take(long nowNanos) {
    refill(nowNanos);
    tokens = Math.max(0, tokens - 1);
  }

  private void refill(long nowNanos) {
    if (periodNanos > 0) {
      tokens = Math.min(BURST_SYNCS, tokens + (double) (nowNanos - refilledAt) / periodNanos);
    }
    refilledAt = nowNanos;
  }
}
