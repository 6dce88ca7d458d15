package io.kubesim.coredns.kubernetes;

import java.net.InetAddress;
import java.util.List;

/**
 * The zones the server answers for, as kubeadm's Corefile gives them to the kubernetes plugin
 * ({@code kubernetes cluster.local in-addr.arpa ip6.arpa}), and the reverse-name arithmetic of
 * CoreDNS's dnsutil.
 */
public final class Zones {
  public static final String CLUSTER = "cluster.local.";
  public static final String IP4_ARPA = "in-addr.arpa.";
  public static final String IP6_ARPA = "ip6.arpa.";

  /** In the order of the Corefile; the first is the primary zone, which PTR targets are in. */
  public static final List<String> ALL = List.of(CLUSTER, IP4_ARPA, IP6_ARPA);

  private Zones() {}

  /** The most specific zone {@code name} (lower case, absolute) is in, or null. */
  public static String match(String name) {
    String best = null;
    for (String zone : ALL) {
      if (inZone(name, zone) && (best == null || zone.length() > best.length())) {
        best = zone;
      }
    }
    return best;
  }

  static boolean inZone(String name, String zone) {
    return name.equals(zone)
        || (name.endsWith(zone) && name.charAt(name.length() - zone.length() - 1) == '.');
  }

  static boolean isReverse(String name) {
    return name.endsWith("." + IP4_ARPA) || name.endsWith("." + IP6_ARPA);
  }

  /**
   * ExtractAddressFromReverse: the address a full PTR name holds ({@code 10.0.96.10.in-addr.arpa.}
   * is 10.96.0.10; 32 nibbles under ip6.arpa), or null for any other name.
   */
  static String addressOfReverse(String name) {
    if (name.endsWith("." + IP4_ARPA)) {
      String[] labels = name.substring(0, name.length() - IP4_ARPA.length() - 1).split("\\.", -1);
      if (labels.length != 4) {
        return null;
      }
      String ip = labels[3] + "." + labels[2] + "." + labels[1] + "." + labels[0];
      InetAddress address = Ips.parse(ip);
      return address == null ? null : address.getHostAddress();
    }
    if (name.endsWith("." + IP6_ARPA)) {
      String[] nibbles = name.substring(0, name.length() - IP6_ARPA.length() - 1).split("\\.", -1);
      if (nibbles.length != 32) {
        return null;
      }
      StringBuilder ip = new StringBuilder();
      for (int i = 31; i >= 0; i--) {
        if (nibbles[i].length() != 1 || Character.digit(nibbles[i].charAt(0), 16) < 0) {
          return null;
        }
        ip.append(nibbles[i]);
        if (i % 4 == 0 && i > 0) {
          ip.append(':');
        }
      }
      InetAddress address = Ips.parse(ip.toString());
      return address == null ? null : address.getHostAddress();
    }
    return null;
  }
}
