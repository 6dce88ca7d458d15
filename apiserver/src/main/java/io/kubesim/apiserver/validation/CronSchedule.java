package io.kubesim.apiserver.validation;

/**
 * The CronJob schedule check: robfig/cron v3's ParseStandard, shared with the CronJob controller
 * (core's {@link io.kubesim.core.cron.CronSchedule}), so what validates is what runs.
 */
final class CronSchedule {
  private CronSchedule() {}

  /** The parse error, or null when the schedule parses. */
  static String error(String spec) {
    if ((spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) && spec.indexOf(' ') < 0) {
      return null; // a bare time zone; the TZ rule reports it
    }
    return io.kubesim.core.cron.CronSchedule.error(spec);
  }
}
