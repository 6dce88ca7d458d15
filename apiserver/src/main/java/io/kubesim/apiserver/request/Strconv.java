package io.kubesim.apiserver.request;

/**
 * Go's strconv as the apiserver's query decoding uses it, with Go's error texts: a bad integer
 * parameter is answered with {@code strconv.ParseInt: parsing "abc": invalid syntax}, the quoting
 * done by {@link #quote}.
 */
public final class Strconv {
  private Strconv() {}

  /** A failed conversion; its message is Go's *strconv.NumError text. */
  public static final class NumError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NumError(String function, String input, String why) {
      super("strconv." + function + ": parsing " + quote(input) + ": " + why, null);
    }
  }

  /** Past this an unsigned accumulator times ten leaves uint64 (Go's cutoff for base 10). */
  private static final long CUTOFF = Long.divideUnsigned(-1L, 10) + 1;

  /**
   * {@code strconv.ParseInt(s, 10, 64)}: an optional sign and ASCII digits only (no spaces, no
   * underscores, no other scripts' digits), within int64. As in Go, the digits are read as an
   * unsigned number first: a bad byte after the point where uint64 overflows is a range error, not
   * a syntax error.
   */
  public static long parseInt(String s) {
    boolean negative = !s.isEmpty() && s.charAt(0) == '-';
    int start = !s.isEmpty() && (negative || s.charAt(0) == '+') ? 1 : 0;
    if (start == s.length()) {
      throw new NumError("ParseInt", s, "invalid syntax");
    }
    long unsigned = 0;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumError("ParseInt", s, "invalid syntax");
      }
      if (Long.compareUnsigned(unsigned, CUTOFF) >= 0) {
        throw new NumError("ParseInt", s, "value out of range");
      }
      long next = unsigned * 10 + (c - '0');
      if (Long.compareUnsigned(next, unsigned * 10) < 0) {
        throw new NumError("ParseInt", s, "value out of range");
      }
      unsigned = next;
    }
    int limit = Long.compareUnsigned(unsigned, Long.MIN_VALUE);
    if (negative ? limit > 0 : limit >= 0) {
      throw new NumError("ParseInt", s, "value out of range");
    }
    return negative ? -unsigned : unsigned;
  }

  /**
   * {@code strconv.Quote}: double quotes, with quotes and backslashes escaped and every
   * non-printable rune written as Go writes it ({@code \n}, {@code \x00}, {@code \u00a0}).
   */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(r -> escapeRune(out, r));
    return out.append('"').toString();
  }

  private static void escapeRune(StringBuilder out, int r) {
    if (r == '"' || r == '\\') {
      out.append('\\').appendCodePoint(r);
      return;
    }
    if (printable(r)) {
      out.appendCodePoint(r);
      return;
    }
    switch (r) {
      case 0x07 -> out.append("\\a");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case 0x0b -> out.append("\\v");
      default -> {
        if (r < ' ' || r == 0x7f) {
          out.append("\\x").append(hex(r, 2));
        } else if (Character.isSurrogate((char) r) && r < 0x10000) {
          out.append("\\ufffd");
        } else if (r < 0x10000) {
          out.append("\\u").append(hex(r, 4));
        } else {
          out.append("\\U").append(hex(r, 8));
        }
      }
    }
  }

  private static String hex(int value, int digits) {
    String hex = Integer.toHexString(value);
    return "0".repeat(Math.max(0, digits - hex.length())) + hex;
  }

  /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean printable(int r) {
    if (r == ' ') {
      return true;
    }
    return switch (Character.getType(r)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }
}
