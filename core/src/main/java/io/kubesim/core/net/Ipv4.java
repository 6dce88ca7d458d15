package io.kubesim.core.net;

/** Dotted IPv4 addresses as numbers (0 to 2^32-1), for ranges and allocators. */
public final class Ipv4 {
  private Ipv4() {}

  /** {@code 10.96.0.1} as a number; -1 when the text is not a dotted IPv4 address. */
  public static long parse(String text) {
    if (text == null) {
      return -1;
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long n = 0;
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        return -1;
      }
      n = n * 256 + octet;
    }
    return n;
  }

  public static String format(long n) {
    return ((n >> 24) & 255) + "." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
  }
}
