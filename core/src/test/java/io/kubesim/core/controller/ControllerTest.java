package io.kubesim.core.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerTest {
  private final Vertx vertx = Vertx.vertx();
  private final FakeTimers timers = new FakeTimers();
  private final WorkQueue queue = new WorkQueue(timers, RateLimiter.defaults());
  private final Map<String, Promise<Result>> inFlight = new ConcurrentHashMap<>();
  private final List<String> started = new CopyOnWriteArrayList<>();
  private final AtomicInteger maxParallel = new AtomicInteger();

  @AfterEach
  void close() {
    vertx.close();
  }

  private Future<Result> reconcile(String key) {
    Promise<Result> promise = Promise.promise();
    if (inFlight.putIfAbsent(key, promise) != null) {
      throw new AssertionError(key + " reconciled twice at once");
    }
    maxParallel.accumulateAndGet(inFlight.size(), Math::max);
    started.add(key);
    return promise.future().onComplete(done -> inFlight.remove(key));
  }

  private void finish(String key, Result result) {
    Promise<Result> promise = inFlight.get(key);
    vertx.runOnContext(v -> promise.complete(result));
  }

  @Test
  void oneKeyIsNeverReconciledByTwoWorkersAndAnAddDuringItRunsAgainAfter() {
    new Controller("test", queue, this::reconcile, 4).start(vertx);

    queue.add("ns/a");
    queue.add("ns/b");
    await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.size() == 2);
    queue.add("ns/a");
    queue.add("ns/a");

    assertThat(started).containsExactlyInAnyOrder("ns/a", "ns/b");
    finish("ns/a", Result.done());
    await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 3);
    assertThat(started.get(2)).isEqualTo("ns/a");
    assertThat(maxParallel.get()).as("two keys in parallel, each once").isEqualTo(2);
  }

  @Test
  void aFailedReconcileIsRequeuedWithTheKeysBackoff() {
    new Controller("test", queue, this::reconcile, 1).start(vertx);
    queue.add("ns/a");
    await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.containsKey("ns/a"));

    Promise<Result> first = inFlight.get("ns/a");
    vertx.runOnContext(v -> first.fail(new IllegalStateException("boom")));
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.numRequeues("ns/a") == 1);

    timers.advance(4);
    assertThat(started).hasSize(1);
    timers.advance(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 2);

    finish("ns/a", Result.done());
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.numRequeues("ns/a") == 0);
  }

  @Test
  void requeueAfterAddsTheKeyAgainAfterTheDelay() {
    new Controller("test", queue, this::reconcile, 1).start(vertx);
    queue.add("ns/a");
    await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.containsKey("ns/a"));

    finish("ns/a", Result.requeueAfter(Duration.ofSeconds(30)));
    await().atMost(Duration.ofSeconds(5)).until(() -> timers.pending() == 1);
    timers.advance(29_999);
    assertThat(started).hasSize(1);
    timers.advance(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 2);
  }
}
