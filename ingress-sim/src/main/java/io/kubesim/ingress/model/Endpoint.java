package io.kubesim.ingress.model;

/**
 * One server of an upstream: a ready endpoint's address (a pod IP, for most) and the port.
 *
 * @param target the pod behind it ({@code namespace/name}), empty when the slice names none
 */
public record Endpoint(String address, int port, String target) {
  public String hostPort() {
    return address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
  }
}
