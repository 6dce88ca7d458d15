package io.kubesim.core.controller;

import java.time.Duration;

/**
 * What a reconcile asks of its queue: nothing more ({@link #done()}), another try after the key's
 * backoff ({@link #backoff()}), or another look after a fixed time ({@link #requeueAfter}), e.g.
 * when a pod becomes available after minReadySeconds.
 *
 * @param after zero unless a fixed delay is asked for
 */
public record Result(boolean requeue, Duration after) {
  private static final Result DONE = new Result(false, Duration.ZERO);

  public Result {
    if (after.isNegative()) {
      throw new IllegalArgumentException("negative requeue delay: " + after);
    }
  }

  public static Result done() {
    return DONE;
  }

  public static Result backoff() {
    return new Result(true, Duration.ZERO);
  }

  public static Result requeueAfter(Duration after) {
    return new Result(true, after);
  }
}
