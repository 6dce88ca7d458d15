package io.kubesim.kubeproxy.trace;

import io.kubesim.kubeproxy.iptables.Ipv4;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's {@code xt_recent} lists, which give session affinity: per list (named after an
 * endpoint chain) the last time each source address was recorded. Thread-safe; one per node.
 */
public final class AffinityTable {
  private final Map<String, Map<Integer, Long>> lists = new ConcurrentHashMap<>();

  /**
   * {@code --rcheck --seconds N}: the source was recorded in the list within the last N seconds.
   */
  public boolean seenWithin(String list, String sourceIp, int seconds, Instant now) {
    return seenWithin(list, Ipv4.parse(sourceIp), seconds, now.toEpochMilli());
  }

  boolean seenWithin(String list, int source, int seconds, long nowMillis) {
    Map<Integer, Long> entries = lists.get(list);
    Long last = entries == null ? null : entries.get(source);
    return last != null && nowMillis - last <= seconds * 1000L;
  }

  /** {@code --set}: records the source now. */
  public void record(String list, String sourceIp, Instant now) {
    record(list, Ipv4.parse(sourceIp), now.toEpochMilli());
  }

  void record(String list, int source, long nowMillis) {
    lists.computeIfAbsent(list, l -> new ConcurrentHashMap<>()).put(source, nowMillis);
  }

  /** Forgets entries older than maxAge (what {@code --reap} does as lists are checked). */
  public void prune(Instant now, Duration maxAge) {
    long oldest = now.toEpochMilli() - maxAge.toMillis();
    lists.values().forEach(entries -> entries.values().removeIf(t -> t < oldest));
    lists.values().removeIf(Map::isEmpty);
  }
}
