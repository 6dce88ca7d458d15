package io.kubesim.coredns.kubernetes;

import java.net.InetAddress;

/**
 * One thing the kubernetes plugin found for a name (CoreDNS's msg.Service): an address or, for an
 * ExternalName Service, a name ({@code host}); a port (0 for a pod, -1 for an endpoint without
 * ports); the name it stands for ({@code domain}, the target of SRV records, with its final dot); a
 * TTL; and TXT text.
 */
record Entry(String host, int port, String domain, long ttl, String text) {
  static Entry address(String host, int port, String domain) {
    return new Entry(host, port, domain, Backend.TTL, "");
  }

  /** The address of {@code host}, or null when it is a name (CoreDNS's HostType CNAME). */
  InetAddress ip() {
    return Ips.parse(host);
  }
}
