package io.kubesim.core.events;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What client-go's event correlator (tools/record/events_cache.go) decides before an Event is
 * written, so that a burst reads in {@code kubectl describe} as on a real cluster:
 *
 * <ul>
 *   <li><b>aggregation</b>: the 10th distinct message for the same source, object, type and reason
 *       within 10 minutes becomes one event "(combined from similar events): message", which later
 *       ones update (a 1,000-replica scale-up shows nine "Created pod" events and one combined one,
 *       not 1,000);
 *   <li><b>counting</b>: a repeat of an event already written updates its count, lastTimestamp and
 *       message instead of writing a new one;
 *   <li><b>spam filter</b>: each source and object gets a token bucket of 25, refilled at one event
 *       per 5 minutes; an event without a token is dropped (its count still grows, so the next one
 *       written carries it).
 * </ul>
 *
 * Written by hand: no Java library does this. Pure and not thread-safe; the recorder calls it under
 * its lock with its clock's time.
 */
final class EventCorrelator {
  static final int MAX_ENTRIES = 4096;
  static final int AGGREGATE_MAX_EVENTS = 10;
  static final Duration AGGREGATE_INTERVAL = Duration.ofMinutes(10);
  static final int SPAM_BURST = 25;
  static final double SPAM_QPS = 1.0 / 300;
  static final String COMBINED = "(combined from similar events): ";

  /** The event as the recorder would write it; {@code source} is component and host. */
  record Event(
      String source,
      String objectKey,
      String fieldPath,
      String type,
      String reason,
      String message) {}

  /**
   * What to write. {@code create}: a new Event named {@code name}; otherwise a patch of {@code
   * name} to {@code count} and {@code message}; {@code skip}: nothing (the spam filter).
   */
  record Decision(
      boolean skip, boolean create, String key, String name, int count, String message) {
    static final Decision SKIP = new Decision(true, false, null, null, 0, null);
  }

  private record Aggregate(Set<String> messages, Instant last) {}

  private record Observed(String name, int count) {}

  private static final class Bucket {
    double tokens = SPAM_BURST;
    Instant refilled;

    Bucket(Instant now) {
      refilled = now;
    }

    boolean tryAccept(Instant now) {
      double elapsed = Duration.between(refilled, now).toNanos() / 1e9;
      tokens = Math.min(SPAM_BURST, tokens + Math.max(0, elapsed) * SPAM_QPS);
      refilled = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }

  private final Map<String, Aggregate> aggregates = lru();
  private final Map<String, Observed> observed = lru();
  private final Map<String, Bucket> buckets = lru();

  /** {@code newName} names the Event if one is created (asked only then). */
  Decision correlate(Event e, Instant now, Supplier<String> newName) {
    String similar = String.join("\u0000", e.source(), e.objectKey(), e.type(), e.reason());
    String key = String.join("\u0000", similar, String.valueOf(e.fieldPath()), e.message());
    String message = e.message();
    Aggregate aggregate = aggregates.get(similar);
    if (aggregate == null
        || Duration.between(aggregate.last(), now).compareTo(AGGREGATE_INTERVAL) > 0) {
      aggregate = new Aggregate(new HashSet<>(), now);
    }
    aggregate.messages().add(e.message());
    aggregates.put(similar, new Aggregate(aggregate.messages(), now));
    if (aggregate.messages().size() >= AGGREGATE_MAX_EVENTS) {
      Iterator<String> any = aggregate.messages().iterator();
      any.next();
      any.remove(); // the set stays below the threshold, so every later one is combined too
      key = similar;
      message = COMBINED + e.message();
    }
    Observed before = observed.get(key);
    Decision decision =
        before == null
            ? new Decision(false, true, key, newName.get(), 1, message)
            : new Decision(false, false, key, before.name(), before.count() + 1, message);
    observed.put(key, new Observed(decision.name(), decision.count()));
    String spamKey = e.source() + "\u0000" + e.objectKey();
    if (!buckets.computeIfAbsent(spamKey, k -> new Bucket(now)).tryAccept(now)) {
      return Decision.SKIP;
    }
    return decision;
  }

  /** A write of {@code key} failed: the next occurrence starts a new Event. */
  void forget(String key) {
    observed.remove(key);
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_ENTRIES;
      }
    };
  }
}
