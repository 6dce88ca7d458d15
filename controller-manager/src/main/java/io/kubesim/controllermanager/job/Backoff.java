package io.kubesim.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The pod failure back-off (backoff_utils.go): after {@code n} failures in a row (no success in
 * between) the next pod waits {@code 10 s * 2^(n-1)}, at most {@link #MAX}
 * (MaxJobPodFailureBackOff; the docs' "six minutes" predates it), counted from the last failure.
 * Worked example: failures at 12:00:00 and 12:00:15 (two in a row): the next pod may start at
 * 12:00:35, 20 s after the last.
 *
 * @param failuresAfterLastSuccess consecutive failures since the last success
 * @param lastFailure when the last of them failed, or null
 */
record Backoff(int failuresAfterLastSuccess, Instant lastFailure) {
  static final Duration INITIAL = Duration.ofSeconds(10);
  static final Duration MAX = Duration.ofMinutes(10);
  static final Backoff NONE = new Backoff(0, null);

  /**
   * newBackoffRecord: the newly finished pods, by finish time, update the record; a success resets
   * it, and only failures after the latest success count.
   */
  Backoff after(List<Pod> newSucceeded, List<Pod> newFailed) {
    List<Pod> failed = byFinishTime(newFailed);
    if (newSucceeded.isEmpty()) {
      if (failed.isEmpty()) {
        return this;
      }
      return new Backoff(
          failuresAfterLastSuccess + failed.size(),
          JobPods.finishedTime(failed.get(failed.size() - 1)));
    }
    List<Pod> succeeded = byFinishTime(newSucceeded);
    Instant lastSuccess = JobPods.finishedTime(succeeded.get(succeeded.size() - 1));
    int count = 0;
    Instant last = null;
    for (int i = failed.size() - 1; i >= 0; i--) {
      Instant failedAt = JobPods.finishedTime(failed.get(i));
      if (!failedAt.isAfter(lastSuccess)) {
        break;
      }
      last = last == null ? failedAt : last;
      count++;
    }
    return new Backoff(count, last);
  }

  /** How long the next pod must still wait at {@code now}; zero when it may start. */
  Duration remaining(Instant now) {
    return remaining(failuresAfterLastSuccess, lastFailure, now);
  }

  static Duration remaining(int failures, Instant lastFailure, Instant now) {
    if (failures == 0 || lastFailure == null) {
      return Duration.ZERO;
    }
    Duration delay = INITIAL;
    for (int i = 1; i < failures; i++) {
      delay = delay.multipliedBy(2);
      if (delay.compareTo(MAX) >= 0) {
        delay = MAX;
        break;
      }
    }
    Duration elapsed = Duration.between(lastFailure, now);
    return delay.compareTo(elapsed) < 0 ? Duration.ZERO : delay.minus(elapsed);
  }

  private static List<Pod> byFinishTime(List<Pod> pods) {
    List<Pod> sorted = new ArrayList<>(pods);
    sorted.sort(Comparator.comparing(JobPods::finishedTime));
    return sorted;
  }
}
