package io.kubesim.apiserver.validation;

import io.kubesim.core.quantity.Quantity;

/**
 * How a field error prints a resource.Quantity it is given as the bad value: Go's {@code %#v} of
 * the struct, {@code resource.Quantity{i:resource.int64Amount{value:800, scale:-3},
 * d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"800m", Format:"DecimalSI"}}, since only a
 * pointer to a Quantity has a String method. The validators call String() on the same value while
 * building the message, so {@code s} holds the canonical text.
 *
 * <p>The amount is as ParseQuantity's fast path stores it: the digits as written and the suffix's
 * exponent ({@code 800m} is 800 at scale -3, {@code 2G} 2 at scale 9), a binary suffix multiplied
 * out ({@code 2Gi} is 2147483648 at scale 0). The stored text is canonical, so an input written
 * otherwise ({@code 1.5}) shows the amount of its canonical form ({@code 1500m}).
 */
record GoQuantity(String text, boolean printed) {
  /** A quantity whose String() the validator called before passing it: {@code s} is set. */
  static GoQuantity printed(String text) {
    return new GoQuantity(text, true);
  }

  /**
   * A quantity as decoded and never printed: ParseQuantity keeps the text only in canonical form
   * and, for a binary suffix, only when the digits are not a multiple of 8 ({@code 2Gi} yes, {@code
   * 8Gi} no).
   */
  static GoQuantity parsed(String text) {
    return new GoQuantity(text, false);
  }

  @Override
  public String toString() {
    Quantity q = Quantity.parse(text);
    String canonical = q.canonical();
    long[] amount = amount(canonical);
    String s = printed || cachedByParse(canonical, q) ? canonical : "";
    String format =
        switch (q.format()) {
          case BINARY_SI -> "BinarySI";
          case DECIMAL_EXPONENT -> "DecimalExponent";
          case DECIMAL_SI -> "DecimalSI";
        };
    return "resource.Quantity{i:resource.int64Amount{value:"
        + amount[0]
        + ", scale:"
        + amount[1]
        + "}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:\""
        + s
        + "\", Format:\""
        + format
        + "\"}";
  }

  private static boolean cachedByParse(String canonical, Quantity q) {
    if (q.format() != Quantity.Format.BINARY_SI || canonical.equals("0")) {
      return true;
    }
    String digits = canonical.replaceAll("[^0-9]", "");
    return canonical.matches("-?[0-9]+[KMGTPE]i") && (Long.parseLong(digits) & 7) != 0;
  }

  /** {value, scale} of a canonical quantity: digits and the suffix's power of ten. */
  private static long[] amount(String canonical) {
    if (canonical.equals("0")) {
      return new long[] {0, 0};
    }
    int end = 0;
    boolean negative = canonical.startsWith("-");
    int start = negative ? 1 : 0;
    end = start;
    while (end < canonical.length() && Character.isDigit(canonical.charAt(end))) {
      end++;
    }
    long digits = Long.parseLong(canonical.substring(start, end)) * (negative ? -1 : 1);
    String suffix = canonical.substring(end);
    int binary = "KMGTPE".indexOf(suffix.isEmpty() ? ' ' : suffix.charAt(0));
    if (suffix.length() == 2 && suffix.charAt(1) == 'i' && binary >= 0) {
      return new long[] {digits << (10 * (binary + 1)), 0};
    }
    if (suffix.startsWith("e") || suffix.startsWith("E")) {
      return new long[] {digits, Long.parseLong(suffix.substring(1))};
    }
    int scale =
        switch (suffix) {
          case "n" -> -9;
          case "u" -> -6;
          case "m" -> -3;
          case "k" -> 3;
          case "M" -> 6;
          case "G" -> 9;
          case "T" -> 12;
          case "P" -> 15;
          case "E" -> 18;
          default -> 0;
        };
    return new long[] {digits, scale};
  }
}
