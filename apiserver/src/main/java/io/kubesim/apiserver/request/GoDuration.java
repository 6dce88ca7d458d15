package io.kubesim.apiserver.request;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Go's time.ParseDuration, with its error texts: how the apiserver reads the {@code timeout} query
 * parameter kubectl sends ({@code 32s}). A duration is a sequence of decimal numbers, each with an
 * optional fraction and a unit: {@code 1h30m}, {@code 1.5s}, {@code -250ms}; a lone {@code 0} needs
 * no unit.
 */
public final class GoDuration {
  private GoDuration() {}

  private static final Map<String, Long> UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L, // micro sign
          "\u03bcs", 1_000L, // Greek small mu
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  /** The duration in nanoseconds; an IllegalArgumentException with Go's message when invalid. */
  public static long parseNanos(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    // Unsigned sum, as Go's: up to 1<<63 for a negative duration, 1<<63 - 1 otherwise.
    long total = 0;
    int at = 0;
    while (at < s.length()) {
      char first = s.charAt(at);
      if (first != '.' && !digit(first)) {
        throw invalid(text);
      }
      int wholeStart = at;
      long whole = 0;
      while (at < s.length() && digit(s.charAt(at))) {
        if (Long.compareUnsigned(whole, Long.MIN_VALUE / 10) > 0) {
          throw invalid(text); // Go's leadingInt overflow
        }
        whole = whole * 10 + (s.charAt(at) - '0');
        if (Long.compareUnsigned(whole, Long.MIN_VALUE) > 0) {
          throw invalid(text);
        }
        at++;
      }
      boolean digitsBefore = at > wholeStart;
      long fraction = 0;
      double scale = 1;
      boolean digitsAfter = false;
      if (at < s.length() && s.charAt(at) == '.') {
        at++;
        int fractionStart = at;
        boolean overflow = false;
        while (at < s.length() && digit(s.charAt(at))) {
          long next = fraction * 10 + (s.charAt(at) - '0');
          if (fraction > Long.MAX_VALUE / 10 || Long.compareUnsigned(next, Long.MIN_VALUE) > 0) {
            overflow = true; // Go keeps the digits it could and ignores the rest
          }
          if (!overflow) {
            fraction = next;
            scale *= 10;
          }
          at++;
        }
        digitsAfter = at > fractionStart;
      }
      if (!digitsBefore && !digitsAfter) {
        throw invalid(text);
      }
      int unitStart = at;
      while (at < s.length() && s.charAt(at) != '.' && !digit(s.charAt(at))) {
        at++;
      }
      if (at == unitStart) {
        throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
      }
      String unitText = s.substring(unitStart, at);
      Long unit = UNITS.get(unitText);
      if (unit == null) {
        throw new IllegalArgumentException(
            "time: unknown unit " + quote(unitText) + " in duration " + quote(text));
      }
      if (Long.compareUnsigned(whole, Long.divideUnsigned(Long.MIN_VALUE, unit)) > 0) {
        throw invalid(text);
      }
      long value = whole * unit;
      if (fraction > 0) {
        value += (long) (fraction * (unit / scale));
        if (Long.compareUnsigned(value, Long.MIN_VALUE) > 0) {
          throw invalid(text);
        }
      }
      total += value;
      if (Long.compareUnsigned(total, Long.MIN_VALUE) > 0
          || Long.compareUnsigned(total, value) < 0) {
        throw invalid(text);
      }
    }
    if (negative) {
      return -total;
    }
    if (total == Long.MIN_VALUE) {
      throw invalid(text);
    }
    return total;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration " + quote(text));
  }

  /**
   * The time package's own quoting: double quotes, backslash before quotes and backslashes, and
   * every byte of a non-ASCII or control character as {@code \xNN}.
   */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            c -> {
              if (c >= 0x80 || c < ' ') {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                  out.append("\\x").append(Character.forDigit((b >> 4) & 0xf, 16));
                  out.append(Character.forDigit(b & 0xf, 16));
                }
              } else {
                if (c == '"' || c == '\\') {
                  out.append('\\');
                }
                out.appendCodePoint(c);
              }
            });
    return out.append('"').toString();
  }
}
