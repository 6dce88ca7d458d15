package io.kubesim.core.controller;

import io.vertx.core.Vertx;

/**
 * Time as the work queue sees it: a monotonic clock and one-shot timers. Injected so that tests
 * drive delays by hand instead of sleeping.
 */
public interface Timers {
  /** Monotonic milliseconds (not wall-clock time). */
  long nowMillis();

  /** Runs {@code task} once after {@code delayMillis} (at least 1 ms); returns a canceller. */
  Runnable schedule(long delayMillis, Runnable task);

  /** Vert.x timers: the task runs on the context that scheduled it (or an event loop). */
  static Timers vertx(Vertx vertx) {
    return new Timers() {
      @Override
      public long nowMillis() {
        return System.nanoTime() / 1_000_000;
      }

      @Override
      public Runnable schedule(long delayMillis, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delayMillis), t -> task.run());
        return () -> vertx.cancelTimer(id);
      }
    };
  }
}
