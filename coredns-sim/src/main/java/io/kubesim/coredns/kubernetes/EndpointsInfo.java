package io.kubesim.coredns.kubernetes;

import java.util.List;

/**
 * One EndpointSlice as the kubernetes plugin keeps it (CoreDNS's object.Endpoints with its single
 * subset): the Service it belongs to, its ready addresses (not-ready ones are left out, as CoreDNS
 * does) and its ports.
 */
public record EndpointsInfo(
    String sliceName, String serviceKey, List<Address> addresses, List<PortInfo> ports) {

  /**
   * A ready endpoint address.
   *
   * @param hostname the endpoint's hostname (a StatefulSet pod's, from hostname + subdomain), or
   *     empty
   */
  public record Address(String ip, String hostname) {
    /** endpointHostname: the hostname, else the address with dashes for dots (or colons). */
    String label() {
      if (!hostname.isEmpty()) {
        return hostname;
      }
      return ip.contains(".") ? ip.replace('.', '-') : ip.replace(':', '-');
    }
  }
}
