package io.kubesim.kubeproxy.iptables;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How iptables-save prints values: quoting of strings and the statistic match's probability. */
final class SaveText {
  private SaveText() {}

  /**
   * libxtables' xtables_save_string: a value made only of letters, digits, '_' and '-' is printed
   * as is; anything else is double-quoted with '"', '\' and '\'' escaped by a backslash. So the
   * comment {@code default/web:http} is printed {@code "default/web:http"}.
   */
  static void appendQuoted(StringBuilder out, String value) {
    if (needsNoQuote(value)) {
      out.append(value);
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c == '\'') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  private static boolean needsNoQuote(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!needsNoQuote(value.charAt(i))) {
        return false;
      }
    }
    return !value.isEmpty();
  }

  private static boolean needsNoQuote(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  /**
   * kube-proxy's probability text, Go's {@code fmt.Sprintf("%0.10f", 1.0/float64(n))}: the exact
   * binary value of the double rounded half-to-even, as Go does ({@code 1/3 -> "0.3333333333"}).
   */
  static String kubeProxyProbability(int n) {
    return new BigDecimal(1.0 / n).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
  }

  /**
   * The kernel keeps the probability as a 31-bit fraction: iptables parses it as {@code
   * lround(0x80000000 * p)}. Worked example: "0.3333333333" becomes 715827883, which reads back as
   * 0.333333333489...
   */
  static long kernelProbability(String text) {
    return Math.round(0x80000000L * Double.parseDouble(text));
  }

  /**
   * iptables-save prints the kernel's fraction with C's {@code %.11f}: 715827883 -> 0.33333333349.
   */
  static String savedProbability(long kernelValue) {
    return new BigDecimal(kernelValue)
        .divide(BigDecimal.valueOf(0x80000000L))
        .setScale(11, RoundingMode.HALF_EVEN)
        .toPlainString();
  }
}
