package io.kubesim.apiserver.http;

import io.kubesim.apiserver.request.GoDuration;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Limits that keep one client from hurting the others, each answered with a Status:
 *
 * <ul>
 *   <li>request time: a request that takes longer than its {@code timeout} parameter (kubectl sends
 *       {@code ?timeout=32s}), capped by {@code KUBESIM_REQUEST_TIMEOUT_SECONDS} (default 60, as
 *       kube-apiserver's --request-timeout), gets 504 Timeout;
 *   <li>open watches per client (user and address): past {@code KUBESIM_MAX_WATCHES_PER_CLIENT}
 *       (default 1000) a new watch gets 429 TooManyRequests.
 * </ul>
 */
public final class Limits {
  private final long defaultTimeoutMillis;
  private final int maxWatchesPerClient;
  private final Map<String, AtomicInteger> watches = new ConcurrentHashMap<>();

  public Limits(long defaultTimeoutMillis, int maxWatchesPerClient) {
    this.defaultTimeoutMillis = defaultTimeoutMillis;
    this.maxWatchesPerClient = maxWatchesPerClient;
  }

  public static Limits fromEnv(Map<String, String> env) {
    return new Limits(
        Long.parseLong(env.getOrDefault("KUBESIM_REQUEST_TIMEOUT_SECONDS", "60")) * 1000,
        Integer.parseInt(env.getOrDefault("KUBESIM_MAX_WATCHES_PER_CLIENT", "1000")));
  }

  /**
   * The time a request may take: its {@code timeout} (a Go duration), at most the default; zero or
   * negative is the default. One that does not parse is a 400, as WithRequestDeadline answers:
   * {@code invalid timeout specified in the request URL - time: invalid duration "soon"}.
   */
  long timeoutMillis(String timeoutParam) {
    if (timeoutParam == null || timeoutParam.isEmpty()) {
      return defaultTimeoutMillis;
    }
    long askedNanos;
    try {
      askedNanos = GoDuration.parseNanos(timeoutParam);
    } catch (IllegalArgumentException e) {
      throw Status.badRequest("invalid timeout specified in the request URL - " + e.getMessage());
    }
    if (askedNanos <= 0) {
      return defaultTimeoutMillis;
    }
    return Math.min(Math.max(1, askedNanos / 1_000_000), defaultTimeoutMillis);
  }

  static ApiException timeout() {
    return Status.timeout(
        "Timeout: request did not complete within requested timeout - context deadline exceeded");
  }

  /** Counts a new watch for the client, or throws 429 when it has too many open. */
  Runnable openWatch(String client) {
    AtomicInteger open = watches.computeIfAbsent(client, c -> new AtomicInteger());
    if (open.incrementAndGet() > maxWatchesPerClient) {
      open.decrementAndGet();
      throw Status.tooManyRequests(
          "too many watches open by this client (limit " + maxWatchesPerClient + ")");
    }
    return open::decrementAndGet;
  }
}
