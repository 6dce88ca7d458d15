package io.kubesim.kubeproxy.iptables;

/**
 * IPv4 addresses as ints: kube-proxy-sim handles the IPv4 family only, as a single-stack proxier.
 */
public final class Ipv4 {
  private Ipv4() {}

  /**
   * Whether the text is a dotted-quad IPv4 address (no leading zeros checks: kube-proxy is lax
   * too).
   */
  public static boolean isIpv4(String text) {
    return text != null && parseOrMinusOne(text) != -1L;
  }

  public static int parse(String text) {
    long value = parseOrMinusOne(text);
    if (value == -1L) {
      throw new IllegalArgumentException("not an IPv4 address: " + text);
    }
    return (int) value;
  }

  public static String format(int address) {
    return appendTo(new StringBuilder(15), address).toString();
  }

  public static StringBuilder appendTo(StringBuilder out, int address) {
    return out.append(address >>> 24)
        .append('.')
        .append((address >>> 16) & 0xff)
        .append('.')
        .append((address >>> 8) & 0xff)
        .append('.')
        .append(address & 0xff);
  }

  private static long parseOrMinusOne(String text) {
    long value = 0;
    int octets = 0;
    int octet = -1;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c == '.') {
        if (octet < 0 || ++octets > 4) {
          return -1L;
        }
        value = (value << 8) | octet;
        octet = -1;
      } else if (c >= '0' && c <= '9') {
        octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
        if (octet > 255) {
          return -1L;
        }
      } else {
        return -1L;
      }
    }
    return octets == 4 ? value : -1L;
  }
}
