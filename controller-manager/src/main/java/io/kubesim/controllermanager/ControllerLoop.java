package io.kubesim.controllermanager;

import io.kubesim.core.controller.Controller;
import io.kubesim.core.controller.RateLimiter;
import io.kubesim.core.controller.Result;
import io.kubesim.core.controller.Timers;
import io.kubesim.core.controller.WorkQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A controller's work queue and workers, which exist only while the controller runs: {@link #start}
 * makes a fresh queue (a queue once shut down stays shut), {@link #stop} shuts it. Keys enqueued
 * while stopped are dropped; the next start enqueues every key again.
 *
 * <p>Exports client-go's workqueue metrics under the queue's name: workqueue_adds_total,
 * workqueue_depth, workqueue_queue_duration_seconds (added until picked up),
 * workqueue_work_duration_seconds (one reconcile) and workqueue_retries_total (rate-limited re-adds
 * after a failure or a backoff).
 */
public final class ControllerLoop {
  /** client-go's workqueue histogram buckets: 1 µs to 10 s, by factors of 10. */
  private static final Duration[] BUCKETS = {
    Duration.ofNanos(1_000),
    Duration.ofNanos(10_000),
    Duration.ofNanos(100_000),
    Duration.ofMillis(1),
    Duration.ofMillis(10),
    Duration.ofMillis(100),
    Duration.ofSeconds(1),
    Duration.ofSeconds(10)
  };

  private final Vertx vertx;
  private final String name;
  private final int workers;
  private final Function<String, Future<Result>> reconcile;
  private final Counter adds;
  private final Counter retries;
  private final Timer queueDuration;
  private final Timer workDuration;
  private final Map<String, Long> addedAt = new ConcurrentHashMap<>();
  private volatile WorkQueue queue;
  private Controller controller;

  ControllerLoop(
      Vertx vertx,
      MeterRegistry registry,
      String name,
      int workers,
      Function<String, Future<Result>> reconcile) {
    this.vertx = vertx;
    this.name = name;
    this.workers = workers;
    this.reconcile = reconcile;
    this.adds =
        Counter.builder("workqueue.adds")
            .tag("name", name)
            .description("Total number of adds handled by workqueue")
            .register(registry);
    this.retries =
        Counter.builder("workqueue.retries")
            .tag("name", name)
            .description("Total number of retries handled by workqueue")
            .register(registry);
    this.queueDuration =
        Timer.builder("workqueue.queue.duration")
            .tag("name", name)
            .description("How long in seconds an item stays in workqueue before being requested.")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    this.workDuration =
        Timer.builder("workqueue.work.duration")
            .tag("name", name)
            .description("How long in seconds processing an item from workqueue takes.")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    Gauge.builder("workqueue.depth", this, ControllerLoop::depth)
        .tag("name", name)
        .description("Current depth of workqueue")
        .register(registry);
  }

  public String name() {
    return name;
  }

  public boolean running() {
    return queue != null;
  }

  /** Starts the workers on the caller's context and enqueues {@code keys}. */
  public synchronized void start(Collection<String> keys) {
    if (queue != null) {
      return;
    }
    WorkQueue fresh = new WorkQueue(Timers.vertx(vertx), RateLimiter.defaults());
    queue = fresh;
    controller = new Controller(name, fresh, this::timed, workers);
    controller.start(vertx);
    keys.forEach(this::enqueue);
  }

  public synchronized void stop() {
    if (queue == null) {
      return;
    }
    controller.stop();
    queue = null;
    controller = null;
    addedAt.clear();
  }

  /** Marks the key for a sync; dropped while the loop is stopped. */
  public void enqueue(String key) {
    WorkQueue q = queue;
    if (q != null) {
      adds.increment();
      addedAt.putIfAbsent(key, System.nanoTime());
      q.add(key);
    }
  }

  public void enqueueAfter(String key, Duration delay) {
    WorkQueue q = queue;
    if (q != null) {
      q.addAfter(key, delay);
    }
  }

  private Future<Result> timed(String key) {
    Long added = addedAt.remove(key);
    if (added != null) {
      queueDuration.record(System.nanoTime() - added, TimeUnit.NANOSECONDS);
    }
    long start = System.nanoTime();
    Future<Result> result;
    try {
      result = reconcile.apply(key);
      if (result == null) {
        result = Future.succeededFuture(Result.done());
      }
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.onComplete(
        done -> {
          workDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          if (done.failed() || (done.result().requeue() && done.result().after().isZero())) {
            retries.increment();
          }
        });
  }

  private double depth() {
    WorkQueue q = queue;
    return q == null ? 0 : q.len();
  }
}
