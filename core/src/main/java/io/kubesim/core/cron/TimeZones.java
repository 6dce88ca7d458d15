package io.kubesim.core.cron;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRulesException;

/** Go's time.LoadLocation over the JDK's copy of the IANA database. */
public final class TimeZones {
  private TimeZones() {}

  /**
   * The zone named {@code name}: {@code ""} and {@code UTC} are UTC, {@code Local} is this
   * process's zone, anything else must be an IANA name ({@code Europe/Paris}); offsets such as
   * {@code +01:00}, which Go does not load, are unknown too.
   *
   * @throws CronException "unknown time zone NAME", Go's text
   */
  public static ZoneId load(String name) {
    if (name.isEmpty() || name.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    if (name.equals("Local")) {
      return ZoneId.systemDefault();
    }
    try {
      ZoneId zone = ZoneId.of(name);
      if (!(zone instanceof ZoneOffset) && zone.getId().equals(name)) {
        return zone;
      }
    } catch (ZoneRulesException e) {
      // unknown region
    } catch (DateTimeException e) {
      // not a zone name at all
    }
    throw new CronException("unknown time zone " + name);
  }
}
