package io.kubesim.coredns;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.process.Component;
import io.kubesim.coredns.endpoints.KubeDnsObjects;
import io.kubesim.coredns.endpoints.SelfEndpoints;
import io.kubesim.coredns.kubernetes.ClusterView;
import io.kubesim.coredns.kubernetes.DnsController;
import io.kubesim.coredns.server.DnsMetrics;
import io.kubesim.coredns.server.DnsServer;
import io.kubesim.coredns.server.Responder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CoreDNS as kubeadm deploys it, for the cluster.local zone and the reverse zones: the kubernetes
 * plugin's informers and answers, DNS over UDP and TCP, the health (8080) and ready (8181)
 * endpoints, the prometheus plugin's metrics on the process's port (9153), and the kube-dns
 * Service's endpoints pointing here.
 */
public final class CoreDns implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(CoreDns.class);

  private final CoreDnsConfig config;
  private final Clock clock;
  private volatile int dnsPort = -1;
  private volatile DnsController controller;
  private volatile HealthServers health;

  public CoreDns(CoreDnsConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** The port DNS was bound to (tests listen on a free one), or -1 before the start. */
  public int dnsPort() {
    return dnsPort;
  }

  /** The port /health was bound to (tests give 0: a free one), or -1 before the start. */
  public int healthPort() {
    HealthServers h = health;
    return h == null ? -1 : h.healthPort();
  }

  /** The port /ready was bound to, or -1 before the start. */
  public int readyPort() {
    HealthServers h = health;
    return h == null ? -1 : h.readyPort();
  }

  /** The view queries are answered from (tests). */
  public ClusterView view() {
    return controller == null ? null : controller.view();
  }

  @Override
  public Future<Running> start(Vertx vertx, ApiClient api, MeterRegistry registry) {
    DnsController dns =
        new DnsController(vertx, api, List.of(config.advertiseAddress()), clock, config.resync());
    controller = dns;
    DnsMetrics metrics = new DnsMetrics(registry, config.port());
    DnsServer server = new DnsServer(vertx, new Responder(dns::view, metrics));
    HealthServers health = new HealthServers(vertx, dns::synced);
    this.health = health;
    return server
        .listen(config.host(), config.port())
        .compose(
            port -> {
              dnsPort = port;
              metrics.boundTo(port);
              return health.listen(config.host(), config.healthPort(), config.readyPort());
            })
        .compose(v -> dns.start())
        .compose(
            v -> {
              SelfEndpoints endpoints =
                  new SelfEndpoints(
                      vertx,
                      api,
                      new KubeDnsObjects.Server(
                          config.advertiseAddress(), dnsPort, config.metricsPort(), true),
                      config.resync());
              dns.onChange(
                  (old, now) -> {
                    if (KubeDnsObjects.changedIn(old, now)) {
                      endpoints.trigger();
                    }
                  });
              return endpoints.start().map(x -> endpoints);
            })
        .map(
            endpoints -> {
              LOG.info(
                  "coredns: {}:{} (endpoint {}), health {}, ready {}",
                  config.host(),
                  dnsPort,
                  config.advertiseAddress(),
                  health.healthPort(),
                  health.readyPort());
              return (Running) new Started(dns, server, health, endpoints);
            });
  }

  private record Started(
      DnsController dns, DnsServer server, HealthServers health, SelfEndpoints endpoints)
      implements Running {
    @Override
    public boolean ready() {
      return dns.synced();
    }

    @Override
    public Future<Void> stop() {
      return endpoints
          .stop()
          .transform(v -> Future.all(server.close(), health.close(), dns.stop()))
          .mapEmpty();
    }
  }
}
