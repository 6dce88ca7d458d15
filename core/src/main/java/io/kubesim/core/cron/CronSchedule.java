package io.kubesim.core.cron;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A cron schedule as robfig/cron v3's ParseStandard reads it, which the apiserver validates
 * CronJobs with and kube-controller-manager schedules them by: five fields (minute, hour, day of
 * month, month, day of week) or a descriptor ({@code @hourly}, {@code @every 90s} ...), optionally
 * after {@code TZ=<zone>} or {@code CRON_TZ=<zone>}. Parse errors carry robfig's texts, which the
 * apiserver puts into its validation messages.
 */
public sealed interface CronSchedule permits CronFields, CronSchedule.Every {

  /**
   * The first activation strictly after {@code after}, or null when there is none within five years
   * (robfig's zero time), e.g. for {@code 0 0 30 2 *}.
   */
  Instant next(Instant after);

  /** {@code @every <duration>}: a fixed delay, whole seconds, at least one second. */
  record Every(Duration delay) implements CronSchedule {
    @Override
    public Instant next(Instant after) {
      return after.minusNanos(after.getNano()).plus(delay);
    }
  }

  /** Parses a schedule whose times are in UTC unless it names a zone itself. */
  static CronSchedule parse(String spec) {
    return parse(spec, ZoneOffset.UTC);
  }

  /**
   * Parses a schedule; {@code zone} is where its fields are read when it has no {@code TZ=} prefix
   * (the real controller uses its process's local zone, UTC in a container).
   *
   * @throws CronException with robfig's message when it does not parse
   */
  static CronSchedule parse(String spec, ZoneId zone) {
    return CronParser.parse(spec, zone);
  }

  /** The parse error (robfig's text), or null when {@code spec} parses. */
  static String error(String spec) {
    try {
      parse(spec);
      return null;
    } catch (CronException e) {
      return e.getMessage();
    }
  }
}
