package io.kubesim.apiserver.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The standard cron parser the CronJob validation uses (robfig/cron v3 ParseStandard): five fields
 * or a descriptor, with its error texts.
 */
final class CronSchedule {
  private CronSchedule() {}

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

  private static final List<Bounds> FIELDS =
      List.of(
          new Bounds(0, 59, null),
          new Bounds(0, 23, null),
          new Bounds(1, 31, null),
          new Bounds(1, 12, MONTHS),
          new Bounds(0, 6, DAYS));

  private static final List<String> DESCRIPTORS =
      List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

  /** The parse error, or null when the schedule parses. */
  static String error(String spec) {
    if (spec.isEmpty()) {
      return "empty spec string";
    }
    String s = spec;
    if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
      int space = s.indexOf(' ');
      if (space < 0) {
        return null; // a bare time zone; the TZ rule reports it
      }
      s = s.substring(space + 1).strip();
    }
    if (s.startsWith("@")) {
      if (DESCRIPTORS.contains(s)) {
        return null;
      }
      if (s.startsWith("@every ")) {
        return null; // durations are accepted; their syntax is not checked here
      }
      return "unrecognized descriptor: " + s;
    }
    String[] parts = s.strip().isEmpty() ? new String[0] : s.strip().split("\\s+");
    if (parts.length != 5) {
      return "expected exactly 5 fields, found "
          + parts.length
          + ": ["
          + String.join(" ", parts)
          + "]";
    }
    for (int i = 0; i < 5; i++) {
      for (String expr : parts[i].split(",")) {
        String err = range(expr, FIELDS.get(i));
        if (err != null) {
          return err;
        }
      }
    }
    return null;
  }

  private static String range(String expr, Bounds r) {
    String[] rangeAndStep = expr.split("/", -1);
    String[] lowAndHigh = rangeAndStep[0].split("-", -1);
    boolean single = lowAndHigh.length == 1;
    long start;
    long end;
    long step;
    if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
      start = r.min();
      end = r.max();
    } else {
      Object s = intOrName(lowAndHigh[0], r.names());
      if (s instanceof String err) {
        return err;
      }
      start = (Long) s;
      switch (lowAndHigh.length) {
        case 1 -> end = start;
        case 2 -> {
          Object e = intOrName(lowAndHigh[1], r.names());
          if (e instanceof String err) {
            return err;
          }
          end = (Long) e;
        }
        default -> {
          return "too many hyphens: " + expr;
        }
      }
    }
    switch (rangeAndStep.length) {
      case 1 -> step = 1;
      case 2 -> {
        Object st = parseInt(rangeAndStep[1]);
        if (st instanceof String err) {
          return err;
        }
        step = (Long) st;
        if (single) {
          end = r.max();
        }
      }
      default -> {
        return "too many slashes: " + expr;
      }
    }
    if (start < r.min()) {
      return "beginning of range (" + start + ") below minimum (" + r.min() + "): " + expr;
    }
    if (end > r.max()) {
      return "end of range (" + end + ") above maximum (" + r.max() + "): " + expr;
    }
    if (start > end) {
      return "beginning of range (" + start + ") beyond end of range (" + end + "): " + expr;
    }
    if (step == 0) {
      return "step of range should be a positive number: " + expr;
    }
    return null;
  }

  private static Object intOrName(String expr, Map<String, Integer> names) {
    if (names != null) {
      Integer named = names.get(expr.toLowerCase(Locale.ROOT));
      if (named != null) {
        return (long) named;
      }
    }
    return parseInt(expr);
  }

  /** strconv.Atoi, then the negative check, with Go's error texts. */
  private static Object parseInt(String expr) {
    long num;
    try {
      if (!expr.matches("[+-]?[0-9]+")) {
        throw new NumberFormatException();
      }
      num = Long.parseLong(expr);
    } catch (NumberFormatException e) {
      String why = expr.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
      return "failed to parse int from "
          + expr
          + ": strconv.Atoi: parsing "
          + io.kubesim.core.selector.LabelValidation.goQuote(expr)
          + ": "
          + why;
    }
    if (num < 0) {
      return "negative number (" + num + ") not allowed: " + expr;
    }
    return num;
  }

  static List<String> fields(String spec) {
    return new ArrayList<>(List.of(spec.strip().split("\\s+")));
  }
}
