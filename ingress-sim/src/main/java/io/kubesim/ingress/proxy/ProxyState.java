package io.kubesim.ingress.proxy;

import io.kubesim.ingress.metrics.RequestMetrics;
import io.kubesim.ingress.model.Configuration;
import io.kubesim.ingress.routing.RoutingTable;
import io.kubesim.ingress.tls.SniKeyManager;

/**
 * What every event loop's proxy shares: the routing table (swapped whole on each sync), the
 * balancer's positions, the metrics, the access log, the resolver into the pod network and the
 * certificates.
 *
 * @param httpPort the HTTP port nginx listens on in its container (80), which X-Forwarded-Port
 *     reports whatever the host publishes it as
 * @param httpsPort the HTTPS port (443)
 */
public final class ProxyState {
  private volatile RoutingTable table = RoutingTable.compile(Configuration.empty());
  final Balancer balancer = new Balancer();
  final RequestMetrics metrics;
  final AccessLog accessLog;
  final Resolver resolver;
  final SniKeyManager keys;
  final int httpPort;
  final int httpsPort;

  public ProxyState(
      RequestMetrics metrics,
      AccessLog accessLog,
      Resolver resolver,
      SniKeyManager keys,
      int httpPort,
      int httpsPort) {
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.resolver = resolver;
    this.keys = keys;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
  }

  public RequestMetrics metrics() {
    return metrics;
  }

  public RoutingTable table() {
    return table;
  }

  public void table(RoutingTable next) {
    this.table = next;
    java.util.Set<String> names = new java.util.HashSet<>();
    next.configuration().upstreams().forEach(u -> names.add(u.name()));
    balancer.retain(names);
  }
}
