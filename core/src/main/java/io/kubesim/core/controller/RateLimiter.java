package io.kubesim.core.controller;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key exponential backoff, client-go's {@code ItemExponentialFailureRateLimiter}: the n-th
 * failure of a key (counting from 0) waits {@code base * 2^n}, capped at {@code max}.
 *
 * <p>With the default base 5 ms and cap 1000 s: 5 ms, 10 ms, 20 ms, 40 ms, ... the 18th failure
 * waits 5 ms * 2^17 = 655.36 s and every later one 1000 s. {@link #forget} starts the key over.
 * Thread-safe.
 */
public final class RateLimiter {
  public static final Duration DEFAULT_BASE = Duration.ofMillis(5);
  public static final Duration DEFAULT_MAX = Duration.ofSeconds(1000);

  private final long baseMillis;
  private final long maxMillis;
  private final Map<String, Integer> failures = new HashMap<>();

  public RateLimiter(Duration base, Duration max) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= max, got " + base + " and " + max);
    }
    this.baseMillis = base.toMillis();
    this.maxMillis = max.toMillis();
  }

  /** client-go's default per-item limiter: 5 ms doubling up to 1000 s. */
  public static RateLimiter defaults() {
    return new RateLimiter(DEFAULT_BASE, DEFAULT_MAX);
  }

  /** The delay before the key's next retry; counts this as one more failure. */
  public synchronized Duration when(String key) {
    int exp = failures.merge(key, 1, Integer::sum) - 1;
    // 2^exp overflows long past 62; well before that the cap applies anyway.
    if (exp >= 62 || baseMillis > (maxMillis >> exp)) {
      return Duration.ofMillis(maxMillis);
    }
    return Duration.ofMillis(baseMillis << exp);
  }

  public synchronized int numRequeues(String key) {
    return failures.getOrDefault(key, 0);
  }

  public synchronized void forget(String key) {
    failures.remove(key);
  }
}
