package io.kubesim.core.controller;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A queue of object keys with client-go's workqueue guarantees (rate-limiting, delaying, basic):
 *
 * <ul>
 *   <li>a key is handed to at most one worker at a time: between {@link #get} and {@link #done} it
 *       is "processing";
 *   <li>adding a key that is already waiting is a no-op (many events, one sync);
 *   <li>a key added while it is processing is not handed out in parallel but queued again when the
 *       worker calls {@link #done}, so the change is never lost;
 *   <li>{@link #addAfter} delays an add (the earliest of several pending delays wins); {@link
 *       #addRateLimited} delays by the key's backoff (see {@link RateLimiter}), which {@link
 *       #forget} resets.
 * </ul>
 *
 * <p>{@link #get} never blocks: it answers a Future that completes when a key is ready.
 * Thread-safe; the lock is held only for a few map operations and no callback ever runs under it.
 */
public final class WorkQueue {
  /** Fails the Futures of {@link #get} once the queue is shut down. */
  public static final class ShutDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ShutDown() {
      super("work queue shut down", null, false, false);
    }
  }

  private final Timers timers;
  private final RateLimiter limiter;

  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final Set<String> dirty = new HashSet<>();
  private final Set<String> processing = new HashSet<>();
  private final ArrayDeque<Promise<String>> waiters = new ArrayDeque<>();
  private final Map<String, Waiting> waiting = new HashMap<>();
  private boolean shuttingDown;

  private record Waiting(long readyAt, Runnable cancel) {}

  public WorkQueue(Timers timers, RateLimiter limiter) {
    this.timers = timers;
    this.limiter = limiter;
  }

  /** Marks the key as needing a sync. */
  public void add(String key) {
    Promise<String> waiter;
    synchronized (this) {
      if (shuttingDown || !dirty.add(key) || processing.contains(key)) {
        return;
      }
      waiter = waiters.poll();
      if (waiter == null) {
        queue.add(key);
        return;
      }
      dirty.remove(key);
      processing.add(key);
    }
    waiter.complete(key);
  }

  /** Adds the key after {@code delay}; a key already waiting keeps the earlier of the two times. */
  public void addAfter(String key, Duration delay) {
    long millis = delay.toMillis();
    if (millis <= 0) {
      add(key);
      return;
    }
    long readyAt = timers.nowMillis() + millis;
    Runnable previous;
    synchronized (this) {
      if (shuttingDown) {
        return;
      }
      Waiting current = waiting.get(key);
      if (current != null && current.readyAt() <= readyAt) {
        return;
      }
      previous = current == null ? null : current.cancel();
      Waiting[] self = new Waiting[1];
      Runnable cancel = timers.schedule(millis, () -> fire(key, self[0]));
      self[0] = new Waiting(readyAt, cancel);
      waiting.put(key, self[0]);
    }
    if (previous != null) {
      previous.run();
    }
  }

  private void fire(String key, Waiting which) {
    synchronized (this) {
      if (waiting.get(key) != which) {
        return; // replaced by an earlier time
      }
      waiting.remove(key);
    }
    add(key);
  }

  /** Adds the key after its backoff: 5 ms, 10 ms, 20 ms... until {@link #forget}. */
  public void addRateLimited(String key) {
    addAfter(key, limiter.when(key));
  }

  /** The key synced: its next failure starts the backoff from the base again. */
  public void forget(String key) {
    limiter.forget(key);
  }

  public int numRequeues(String key) {
    return limiter.numRequeues(key);
  }

  /**
   * The next key to process, now or when one is added. The caller owns the key until it calls
   * {@link #done}. Fails with {@link ShutDown} once the queue is shut down.
   */
  public Future<String> get() {
    synchronized (this) {
      if (shuttingDown) {
        return Future.failedFuture(new ShutDown());
      }
      String key = queue.poll();
      if (key != null) {
        dirty.remove(key);
        processing.add(key);
        return Future.succeededFuture(key);
      }
      Promise<String> waiter = Promise.promise();
      waiters.add(waiter);
      return waiter.future();
    }
  }

  /** Ends the processing of a key; if it was added meanwhile, it is queued again now. */
  public void done(String key) {
    Promise<String> waiter = null;
    synchronized (this) {
      if (!processing.remove(key) || !dirty.contains(key)) {
        return;
      }
      waiter = waiters.poll();
      if (waiter == null) {
        queue.add(key);
        return;
      }
      dirty.remove(key);
      processing.add(key);
    }
    waiter.complete(key);
  }

  /** Keys ready to be handed out (not the processing or delayed ones). */
  public synchronized int len() {
    return queue.size();
  }

  public synchronized boolean isProcessing(String key) {
    return processing.contains(key);
  }

  /** Stops handing out keys: pending and future {@link #get}s fail with {@link ShutDown}. */
  public void shutDown() {
    List<Promise<String>> failed;
    List<Runnable> cancels = new ArrayList<>();
    synchronized (this) {
      shuttingDown = true;
      failed = new ArrayList<>(waiters);
      waiters.clear();
      waiting.values().forEach(w -> cancels.add(w.cancel()));
      waiting.clear();
    }
    cancels.forEach(Runnable::run);
    failed.forEach(p -> p.fail(new ShutDown()));
  }

  /** For tests and metrics: every key that is queued, in order. */
  public synchronized List<String> queued() {
    return List.copyOf(new LinkedHashSet<>(queue));
  }
}
