package io.kubesim.core.cron;

import io.kubesim.core.selector.LabelValidation;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** robfig/cron v3's standard parser (parser.go), with its error texts. */
final class CronParser {
  private CronParser() {}

  private record Bounds(int min, int max, Map<String, Integer> names) {}

  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("jan", 1),
          Map.entry("feb", 2),
          Map.entry("mar", 3),
          Map.entry("apr", 4),
          Map.entry("may", 5),
          Map.entry("jun", 6),
          Map.entry("jul", 7),
          Map.entry("aug", 8),
          Map.entry("sep", 9),
          Map.entry("oct", 10),
          Map.entry("nov", 11),
          Map.entry("dec", 12));
  private static final Map<String, Integer> DAYS =
      Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6);

  /** minute, hour, day of month, month, day of week. */
  private static final List<Bounds> FIELDS =
      List.of(
          new Bounds(0, 59, null),
          new Bounds(0, 23, null),
          new Bounds(1, 31, null),
          new Bounds(1, 12, MONTHS),
          new Bounds(0, 6, DAYS));

  private static final Map<String, String> DESCRIPTORS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private static final String EVERY = "@every ";

  static CronSchedule parse(String spec, ZoneId zone) {
    if (spec.isEmpty()) {
      throw new CronException("empty spec string");
    }
    String s = spec;
    if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
      int space = s.indexOf(' ');
      String name = s.substring(s.indexOf('=') + 1, space < 0 ? s.length() : space);
      try {
        zone = TimeZones.load(name);
      } catch (CronException e) {
        throw new CronException("provided bad location " + name + ": " + e.getMessage());
      }
      s = space < 0 ? "" : s.substring(space).strip();
    }
    if (s.startsWith("@")) {
      return descriptor(s, zone);
    }
    String[] parts = s.strip().isEmpty() ? new String[0] : s.strip().split("\\s+");
    if (parts.length != 5) {
      throw new CronException(
          "expected exactly 5 fields, found "
              + parts.length
              + ": ["
              + String.join(" ", parts)
              + "]");
    }
    long[] bits = new long[5];
    for (int i = 0; i < 5; i++) {
      bits[i] = field(parts[i], FIELDS.get(i));
    }
    return new CronFields(bits[0], bits[1], bits[2], bits[3], bits[4], zone);
  }

  private static CronSchedule descriptor(String s, ZoneId zone) {
    String fields = DESCRIPTORS.get(s);
    if (fields != null) {
      return parse(fields, zone);
    }
    if (s.startsWith(EVERY)) {
      Duration delay;
      try {
        delay = GoDuration.parse(s.substring(EVERY.length()));
      } catch (IllegalArgumentException e) {
        throw new CronException("failed to parse duration " + s + ": " + e.getMessage());
      }
      // robfig's Every: at least one second, sub-second parts dropped
      if (delay.compareTo(Duration.ofSeconds(1)) < 0) {
        delay = Duration.ofSeconds(1);
      }
      return new CronSchedule.Every(Duration.ofSeconds(delay.getSeconds()));
    }
    throw new CronException("unrecognized descriptor: " + s);
  }

  /** A comma-separated list of ranges; empty items are skipped, as strings.FieldsFunc does. */
  private static long field(String field, Bounds bounds) {
    long bits = 0;
    for (String expr : field.split(",")) {
      if (!expr.isEmpty()) {
        bits |= range(expr, bounds);
      }
    }
    return bits;
  }

  /** {@code *}, {@code N}, {@code N-M}, each with an optional {@code /step}. */
  private static long range(String expr, Bounds r) {
    String[] rangeAndStep = expr.split("/", -1);
    String[] lowAndHigh = rangeAndStep[0].split("-", -1);
    boolean single = lowAndHigh.length == 1;
    long start;
    long end;
    long step;
    long extra = 0;
    if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
      start = r.min();
      end = r.max();
      extra = CronFields.STAR;
    } else {
      start = intOrName(lowAndHigh[0], r.names());
      end =
          switch (lowAndHigh.length) {
            case 1 -> start;
            case 2 -> intOrName(lowAndHigh[1], r.names());
            default -> throw new CronException("too many hyphens: " + expr);
          };
    }
    switch (rangeAndStep.length) {
      case 1 -> step = 1;
      case 2 -> {
        step = parseInt(rangeAndStep[1]);
        if (single) {
          end = r.max(); // "N/step" means "N-max/step"
        }
        if (step > 1) {
          extra = 0;
        }
      }
      default -> throw new CronException("too many slashes: " + expr);
    }
    if (start < r.min()) {
      throw new CronException(
          "beginning of range (" + start + ") below minimum (" + r.min() + "): " + expr);
    }
    if (end > r.max()) {
      throw new CronException(
          "end of range (" + end + ") above maximum (" + r.max() + "): " + expr);
    }
    if (start > end) {
      throw new CronException(
          "beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
    }
    if (step == 0) {
      throw new CronException("step of range should be a positive number: " + expr);
    }
    long bits = 0;
    for (long i = start; i <= end; i += step) {
      bits |= 1L << i;
    }
    return bits | extra;
  }

  private static long intOrName(String expr, Map<String, Integer> names) {
    if (names != null) {
      Integer named = names.get(expr.toLowerCase(Locale.ROOT));
      if (named != null) {
        return named;
      }
    }
    return parseInt(expr);
  }

  /** strconv.Atoi, then the negative check, with Go's error texts. */
  private static long parseInt(String expr) {
    boolean digits = expr.matches("[+-]?[0-9]+");
    long num;
    try {
      if (!digits) {
        throw new NumberFormatException();
      }
      num = Long.parseLong(expr);
    } catch (NumberFormatException e) {
      throw new CronException(
          "failed to parse int from "
              + expr
              + ": strconv.Atoi: parsing "
              + LabelValidation.goQuote(expr)
              + ": "
              + (digits ? "value out of range" : "invalid syntax"));
    }
    if (num < 0) {
      throw new CronException("negative number (" + num + ") not allowed: " + expr);
    }
    return num;
  }
}
