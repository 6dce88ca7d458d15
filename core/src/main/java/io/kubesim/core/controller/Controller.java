package io.kubesim.core.controller;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reconcile function over the keys of a {@link WorkQueue} with N workers on one Vert.x
 * context (client-go's {@code processNextWorkItem} loop). Reconciles are asynchronous: N workers
 * means up to N keys in flight at once, never the same key twice (the queue guarantees it).
 *
 * <p>After a reconcile:
 *
 * <ul>
 *   <li>failed (or threw): log a line naming the key, then {@link WorkQueue#addRateLimited};
 *   <li>{@link Result#requeueAfter}: forget the backoff, add after that delay;
 *   <li>{@link Result#backoff()}: {@link WorkQueue#addRateLimited};
 *   <li>{@link Result#done()}: {@link WorkQueue#forget}.
 * </ul>
 */
public final class Controller {
  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private final String name;
  private final WorkQueue queue;
  private final Function<String, Future<Result>> reconcile;
  private final int workers;
  private Context context;

  public Controller(
      String name, WorkQueue queue, Function<String, Future<Result>> reconcile, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    this.name = name;
    this.queue = queue;
    this.reconcile = reconcile;
    this.workers = workers;
  }

  /** Starts the workers on the caller's context (or a new event-loop context). */
  public void start(Vertx vertx) {
    context = vertx.getOrCreateContext();
    for (int i = 0; i < workers; i++) {
      context.runOnContext(v -> next());
    }
  }

  /** Shuts the queue down: workers stop after their current key. */
  public void stop() {
    queue.shutDown();
  }

  private void next() {
    queue.get().onSuccess(key -> context.runOnContext(v -> process(key))).onFailure(this::stopped);
  }

  private void stopped(Throwable failure) {
    if (!(failure instanceof WorkQueue.ShutDown)) {
      LOG.error("{}: worker stopped: {}", name, failure.toString());
    }
  }

  private void process(String key) {
    invoke(key)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                handled(key, done.result());
              } else {
                LOG.warn("{}: error syncing \"{}\": {}", name, key, done.cause().toString());
                queue.addRateLimited(key);
              }
              queue.done(key);
              next();
            });
  }

  private Future<Result> invoke(String key) {
    try {
      Future<Result> result = reconcile.apply(key);
      return result == null ? Future.succeededFuture(Result.done()) : result;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void handled(String key, Result result) {
    if (!result.after().isZero()) {
      queue.forget(key);
      queue.addAfter(key, result.after());
    } else if (result.requeue()) {
      queue.addRateLimited(key);
    } else {
      queue.forget(key);
    }
  }
}
