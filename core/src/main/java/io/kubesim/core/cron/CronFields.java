package io.kubesim.core.cron;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * A five-field schedule (robfig's SpecSchedule with seconds fixed at 0): one bit per allowed value,
 * plus {@link #STAR} on a field written {@code *} or {@code ?} (with no step above 1), which
 * decides how the two day fields combine: when either is a star both must match, otherwise either
 * may (as in Vixie cron: {@code 0 0 1 * MON} runs on the 1st and on Mondays).
 */
record CronFields(long minute, long hour, long dom, long month, long dow, ZoneId zone)
    implements CronSchedule {
  static final long STAR = 1L << 63;

  /**
   * robfig's SpecSchedule.Next: advance the first field that does not match, resetting the ones
   * below it, and start over when a field wraps. Worked example, {@code 30 2 * * *} after
   * 2024-03-10T05:00Z: the month and the day match, hour 5 does not, so hours go 6, 7 ... 23 and
   * wrap to the 11th at 00:00; the day matches, hours advance to 2, minutes to 30:
   * 2024-03-11T02:30.
   */
  @Override
  public Instant next(Instant after) {
    ZonedDateTime t = after.atZone(zone).withNano(0).plusSeconds(1);
    boolean added = false;
    int yearLimit = t.getYear() + 5;
    wrap:
    while (true) {
      if (t.getYear() > yearLimit) {
        return null;
      }
      while (!has(month, t.getMonthValue())) {
        if (!added) {
          added = true;
          t = t.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
        }
        t = t.plusMonths(1);
        if (t.getMonthValue() == 1) {
          continue wrap;
        }
      }
      while (!dayMatches(t)) {
        if (!added) {
          added = true;
          t = t.toLocalDate().atStartOfDay(zone);
        }
        t = t.plusDays(1);
        if (t.getHour() != 0) {
          // a day that does not start at midnight (DST): back to its first hour
          t = t.getHour() > 12 ? t.plusHours(24 - t.getHour()) : t.minusHours(t.getHour());
        }
        if (t.getDayOfMonth() == 1) {
          continue wrap;
        }
      }
      while (!has(hour, t.getHour())) {
        if (!added) {
          added = true;
          t = t.truncatedTo(ChronoUnit.HOURS);
        }
        t = t.plusHours(1);
        if (t.getHour() == 0) {
          continue wrap;
        }
      }
      while (!has(minute, t.getMinute())) {
        if (!added) {
          added = true;
          t = t.truncatedTo(ChronoUnit.MINUTES);
        }
        t = t.plusMinutes(1);
        if (t.getMinute() == 0) {
          continue wrap;
        }
      }
      while (t.getSecond() != 0) {
        if (!added) {
          added = true;
          t = t.truncatedTo(ChronoUnit.SECONDS);
        }
        t = t.plusSeconds(1);
        if (t.getSecond() == 0) {
          continue wrap;
        }
      }
      return t.toInstant();
    }
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean domMatch = has(dom, t.getDayOfMonth());
    boolean dowMatch = has(dow, t.getDayOfWeek().getValue() % 7);
    if ((dom & STAR) != 0 || (dow & STAR) != 0) {
      return domMatch && dowMatch;
    }
    return domMatch || dowMatch;
  }

  private static boolean has(long bits, int value) {
    return (bits & (1L << value)) != 0;
  }
}
