package io.kubesim.core.cron;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time.ParseDuration ("1h30m", "90s", "1.5h"), with its error texts. */
final class GoDuration {
  private GoDuration() {}

  private static final Map<String, Long> UNIT_NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "μs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private static final Pattern PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)([^0-9.]*)");

  /**
   * @throws IllegalArgumentException with Go's message, e.g. {@code time: unknown unit "x" in
   *     duration "5x"}
   */
  static Duration parse(String text) {
    String quoted = "\"" + text + "\"";
    String s = text;
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.startsWith("-");
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("time: invalid duration " + quoted);
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = PART.matcher(s);
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at || m.end() == at) {
        throw new IllegalArgumentException("time: invalid duration " + quoted);
      }
      String number = m.group(1);
      String unit = m.group(2);
      if (number.isEmpty() || number.equals(".")) {
        throw new IllegalArgumentException("time: invalid duration " + quoted);
      }
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("time: missing unit in duration " + quoted);
      }
      Long factor = UNIT_NANOS.get(unit);
      if (factor == null) {
        throw new IllegalArgumentException(
            "time: unknown unit \"" + unit + "\" in duration " + quoted);
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(factor)));
      at = m.end();
    }
    Duration d = Duration.ofNanos(nanos.longValue());
    return negative ? d.negated() : d;
  }
}
