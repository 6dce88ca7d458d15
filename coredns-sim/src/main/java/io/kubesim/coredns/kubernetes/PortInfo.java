package io.kubesim.coredns.kubernetes;

/**
 * A Service port or an EndpointSlice port as the kubernetes plugin keeps it: an empty name or
 * protocol when the object has none, port -1 for a slice without ports (CoreDNS's sentinel, which
 * address records match and SRV records skip).
 */
public record PortInfo(String name, int port, String protocol) {
  /** The sentinel of a slice that declares no ports. */
  static final PortInfo NONE = new PortInfo("", -1, "");

  /**
   * matchPortAndProtocol: an empty requested port or protocol matches any; names compare without
   * case.
   */
  boolean matches(String wantedPort, String wantedProtocol) {
    return (wantedPort.isEmpty() || wantedPort.equalsIgnoreCase(name))
        && (wantedProtocol.isEmpty() || wantedProtocol.equalsIgnoreCase(protocol));
  }
}
