package io.kubesim.ingress.proxy;

import io.kubesim.core.net.Ipv4;
import io.kubesim.core.net.PodNetwork;
import io.kubesim.ingress.model.Endpoint;
import io.vertx.core.Future;

/**
 * Where an endpoint really listens: a pod IP (inside the cluster CIDR) through the pod network
 * table, any other address as it is (Endpoints a user wrote, an ExternalName).
 */
public final class Resolver {
  private final PodNetwork network;
  private final long base;
  private final long mask;

  /**
   * @param network the pod network's local copy, null when not clustered (pure tests)
   * @param clusterCidr the pods' addresses ({@code 10.244.0.0/16})
   */
  public Resolver(PodNetwork network, String clusterCidr) {
    this.network = network;
    int slash = clusterCidr.indexOf('/');
    long address = Ipv4.parse(slash < 0 ? clusterCidr : clusterCidr.substring(0, slash));
    int prefix = slash < 0 ? 32 : Integer.parseInt(clusterCidr.substring(slash + 1));
    this.mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    this.base = address & mask;
  }

  /** {@code host:port} to connect to, or null when nothing listens there (connection refused). */
  public Future<String> real(Endpoint e) {
    long ip = Ipv4.parse(e.address());
    if (ip >= 0 && (ip & mask) == base) {
      return network == null ? Future.succeededFuture(null) : network.lookup(e.address(), e.port());
    }
    return Future.succeededFuture(e.hostPort());
  }
}
