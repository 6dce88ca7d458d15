package io.kubesim.kubeproxy.trace;

import io.kubesim.kubeproxy.iptables.Ipv4;
import java.util.Locale;

/**
 * The first packet of a new connection.
 *
 * @param protocol tcp, udp or sctp
 */
public record Packet(
    String sourceIp, String destinationIp, int destinationPort, String protocol, Origin origin) {
  public Packet {
    Ipv4.parse(sourceIp);
    Ipv4.parse(destinationIp);
    protocol = protocol.toLowerCase(Locale.ROOT);
  }

  public static Packet tcp(String sourceIp, String destinationIp, int port, Origin origin) {
    return new Packet(sourceIp, destinationIp, port, "tcp", origin);
  }

  int source() {
    return Ipv4.parse(sourceIp);
  }

  int destination() {
    return Ipv4.parse(destinationIp);
  }
}
