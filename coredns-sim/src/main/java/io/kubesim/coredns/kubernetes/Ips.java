package io.kubesim.coredns.kubernetes;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.Address;

/** Address literals: parsed without any lookup, and one text per address for the indexes. */
final class Ips {
  private Ips() {}

  /** The address of an IPv4 or IPv6 literal, or null for anything else (a name). */
  static InetAddress parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      if (Address.isDottedQuad(text)) {
        return Address.getByAddress(text, Address.IPv4);
      }
      return text.indexOf(':') >= 0 ? Address.getByAddress(text, Address.IPv6) : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The index text of a literal ({@code fd00::1} and {@code fd00:0::1} are one), else null. */
  static String canonical(String text) {
    InetAddress address = parse(text);
    return address == null ? null : address.getHostAddress();
  }

  static boolean isV4(InetAddress address) {
    return address instanceof Inet4Address;
  }
}
