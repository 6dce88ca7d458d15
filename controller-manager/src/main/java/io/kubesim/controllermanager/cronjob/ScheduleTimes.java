package io.kubesim.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.kubesim.controllermanager.Kube;
import io.kubesim.core.cron.CronSchedule;
import java.time.Duration;
import java.time.Instant;

/**
 * When a CronJob's next Job is due (cronjob/utils.go): the most recent scheduled time not yet
 * started, counted from the last scheduled time (or the creation), and how long until the next.
 */
final class ScheduleTimes {
  private ScheduleTimes() {}

  /** nextScheduleDelta: requeues land this long after the scheduled time (clock skew). */
  static final Duration NEXT_DELTA = Duration.ofMillis(100);

  /** More missed times than this is "many": the clock or the status is likely wrong. */
  static final int MANY_MISSED = 100;

  enum Missed {
    NONE,
    FEW,
    MANY
  }

  /**
   * @param earliest the last scheduled time, the creation time, or (with a starting deadline) the
   *     earliest time still in time to start
   * @param mostRecent the latest scheduled time at or before now, or null
   */
  record Recent(Instant earliest, Instant mostRecent, Missed missed) {}

  /**
   * mostRecentScheduleTime. Worked example, every five minutes ({@code 0-59/5 * * * *}), last
   * scheduled 12:00, now 12:17: t1 = 12:05, t2 = 12:10, 5 minutes apart; (12:17 - 12:05) / 5 min +
   * 1 = 3 missed; walking from 12:05 the last time not after now is 12:15, the one to start.
   *
   * @throws IllegalStateException "time difference between two schedules is less than 1 second" for
   *     a schedule that names a day that never comes often enough to repeat ({@code 59 23 31 2 *})
   */
  static Recent mostRecent(
      CronJob cj, Instant now, CronSchedule schedule, boolean includeStartingDeadline) {
    Instant earliest = Kube.time(cj.getMetadata().getCreationTimestamp());
    Instant last = cj.getStatus() == null ? null : Kube.time(cj.getStatus().getLastScheduleTime());
    if (last != null) {
      earliest = last;
    }
    Long deadline = cj.getSpec().getStartingDeadlineSeconds();
    if (includeStartingDeadline && deadline != null) {
      Instant schedulingDeadline = now.minusSeconds(deadline);
      if (earliest == null || schedulingDeadline.isAfter(earliest)) {
        earliest = schedulingDeadline;
      }
    }
    if (earliest == null) {
      earliest = now;
    }
    Instant t1 = schedule.next(earliest);
    if (t1 == null || now.isBefore(t1)) {
      return new Recent(earliest, null, Missed.NONE);
    }
    Instant t2 = schedule.next(t1);
    if (t2 == null || now.isBefore(t2)) {
      return new Recent(earliest, t1, Missed.NONE);
    }
    long between = Math.round(Duration.between(t1, t2).toMillis() / 1000.0);
    if (between < 1) {
      throw new IllegalStateException(
          "time difference between two schedules is less than 1 second");
    }
    long elapsed = Duration.between(t1, now).getSeconds();
    long missedCount = elapsed / between + 1;
    // start one interval early and let the schedule find the exact times (irregular schedules)
    Instant from = t1.plusSeconds((missedCount - 2) * between);
    Instant mostRecent = null;
    for (Instant t = schedule.next(from); t != null && !t.isAfter(now); t = schedule.next(t)) {
      mostRecent = t;
    }
    Missed missed = missedCount > MANY_MISSED ? Missed.MANY : Missed.FEW;
    return new Recent(earliest, mostRecent, missed);
  }

  /**
   * nextScheduleTimeDuration: how long until the next scheduled time after the most recent one (or
   * the earliest, or now), plus {@link #NEXT_DELTA}; null when the schedule never fires again.
   */
  static Duration untilNext(CronJob cj, Instant now, CronSchedule schedule) {
    Instant from;
    try {
      Recent recent = mostRecent(cj, now, schedule, false);
      from =
          recent.mostRecent() != null
              ? recent.mostRecent()
              : recent.missed() == Missed.NONE ? recent.earliest() : now;
    } catch (IllegalStateException e) {
      from = now;
    }
    Instant next = schedule.next(from);
    return next == null ? null : Duration.between(now, next.plus(NEXT_DELTA));
  }
}
