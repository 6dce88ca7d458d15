package io.kubesim.kubelet.net;

import java.util.Optional;
import java.util.Set;

/**
 * Pod IPs from a node's /24 pod CIDR, as a CNI's host-local IPAM hands them out: .1 is the node's
 * bridge (the gateway), pods get .2 to .254, the lowest free address first.
 */
public final class PodIps {

  private PodIps() {}

  /** The gateway of a CIDR: {@code 10.244.3.0/24} has {@code 10.244.3.1}. */
  public static String gateway(String cidr) {
    return prefix(cidr) + "1";
  }

  /** The lowest address of {@code cidr} not in {@code used}, or empty when the block is full. */
  public static Optional<String> allocate(String cidr, Set<String> used) {
    String prefix = prefix(cidr);
    for (int host = 2; host <= 254; host++) {
      String ip = prefix + host;
      if (!used.contains(ip)) {
        return Optional.of(ip);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code ip} is a pod address of {@code cidr}. */
  public static boolean contains(String cidr, String ip) {
    if (ip == null || !ip.startsWith(prefix(cidr))) {
      return false;
    }
    try {
      int host = Integer.parseInt(ip.substring(prefix(cidr).length()));
      return host >= 2 && host <= 254;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String prefix(String cidr) {
    if (!cidr.endsWith(".0/24")) {
      throw new IllegalArgumentException("not a /24 block: " + cidr);
    }
    return cidr.substring(0, cidr.length() - "0/24".length());
  }
}
