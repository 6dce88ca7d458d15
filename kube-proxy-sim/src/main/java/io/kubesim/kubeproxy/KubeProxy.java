package io.kubesim.kubeproxy;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.net.PodNetwork;
import io.kubesim.core.process.Component;
import io.kubesim.kubeproxy.dataplane.ClusterProxy;
import io.kubesim.kubeproxy.dataplane.Connector;
import io.kubesim.kubeproxy.dataplane.NodePorts;
import io.kubesim.kubeproxy.debug.RuleRoutes;
import io.kubesim.kubeproxy.sync.ClusterState;
import io.kubesim.kubeproxy.sync.Proxier;
import io.kubesim.kubeproxy.sync.Proxiers;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy for one or more nodes: one shared cache of Services, EndpointSlices and Nodes, one
 * proxier per node rebuilding that node's rules, each node's NodePorts listened on for real, the
 * HTTP proxy into the cluster network, and the healthz server.
 */
public final class KubeProxy implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(KubeProxy.class);

  private final KubeProxyConfig config;
  private final Clock clock;
  private volatile Map<String, Proxier> proxiers = Map.of();
  private volatile Proxiers built;
  private volatile Connector connector;
  private volatile int clusterProxyPort = -1;

  public KubeProxy(KubeProxyConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** The proxiers by node, once started (tests read the rules from here). */
  public Map<String, Proxier> proxiers() {
    return proxiers;
  }

  /**
   * The port the cluster proxy bound (tests give 0: a free one); -1 before the start or without.
   */
  public int clusterProxyPort() {
    return clusterProxyPort;
  }

  @Override
  public void routes(Router router) {
    new RuleRoutes(() -> proxiers, clock).mount(router);
    // where a pod's port really listens, as the data plane finds it (benchmarks, curious learners)
    router
        .get("/pod-network")
        .handler(
            ctx -> {
              Connector c = connector;
              String ip = ctx.request().getParam("ip", "");
              String port = ctx.request().getParam("port", "");
              if (c == null || ip.isEmpty() || !port.matches("\\d{1,5}")) {
                ctx.response().setStatusCode(400).end("usage: /pod-network?ip=POD_IP&port=PORT\n");
                return;
              }
              c.resolve(ip, Integer.parseInt(port))
                  .onComplete(
                      r -> {
                        String real = r.succeeded() ? r.result() : null;
                        ctx.response()
                            .setStatusCode(real == null ? 404 : 200)
                            .end(
                                real == null
                                    ? "nothing listens on " + ip + ":" + port + "\n"
                                    : real + "\n");
                      });
            });
  }

  @Override
  public String extraMetrics() {
    Proxiers current = built;
    return current == null ? "" : current.extraMetrics();
  }

  @Override
  public Future<Running> start(Vertx vertx, ApiClient api, MeterRegistry registry) {
    ClusterState state = new ClusterState(vertx, api, config.syncPeriod());
    Proxiers built = Proxiers.create(vertx, state, config, clock, registry);
    this.built = built;
    Map<String, Proxier> byNode = new LinkedHashMap<>();
    built.all().forEach(p -> byNode.put(p.node(), p));
    proxiers = Map.copyOf(byNode);
    return vertx
        .executeBlocking(() -> PodNetwork.open(vertx))
        .compose(
            network -> {
              Connector connector =
                  new Connector(vertx, network, clock, config.rules().clusterCidr());
              this.connector = connector;
              List<NodePorts> nodePorts = new ArrayList<>();
              // one node per process (compose): its localhost NodePorts work, as on a real node
              List<String> extra = built.all().size() == 1 ? List.of("127.0.0.1") : List.of();
              for (Proxier proxier : built.all()) {
                NodePorts ports = new NodePorts(vertx, proxier, state, connector, extra);
                nodePorts.add(ports);
                built.onSync(proxier, ports::update);
              }
              ClusterProxy clusterProxy = new ClusterProxy(vertx, state, built.all(), connector);
              Future<HttpServer> proxy =
                  config.clusterProxyPort() < 0
                      ? Future.succeededFuture(null)
                      : clusterProxy.listen(config.clusterProxyPort(), config.clusterProxyHost());
              HealthServer health = new HealthServer(built.all(), config.syncPeriod(), clock);
              Future<HttpServer> healthz =
                  vertx
                      .createHttpServer()
                      .requestHandler(health::handle)
                      .listen(config.healthzPort(), "0.0.0.0");
              return Future.all(state.start(), proxy, healthz)
                  .map(
                      all -> {
                        built.start();
                        if (proxy.result() != null) {
                          clusterProxyPort = proxy.result().actualPort();
                        }
                        LOG.info(
                            "kube-proxy for {}: healthz on {}, cluster proxy on {}",
                            byNode.keySet(),
                            healthz.result().actualPort(),
                            clusterProxyPort);
                        return (Running)
                            new Started(
                                state,
                                built,
                                nodePorts,
                                clusterProxy,
                                connector,
                                network,
                                healthz.result());
                      });
            });
  }

  private record Started(
      ClusterState state,
      Proxiers proxiers,
      List<NodePorts> nodePorts,
      ClusterProxy clusterProxy,
      Connector connector,
      PodNetwork network,
      HttpServer healthz)
      implements Running {
    @Override
    public boolean ready() {
      return state.synced() && proxiers.all().stream().allMatch(p -> p.rules() != null);
    }

    @Override
    public Future<Void> stop() {
      proxiers.stop();
      nodePorts.forEach(NodePorts::close);
      clusterProxy.close();
      connector.close();
      if (network != null) {
        network.close();
      }
      return healthz.close().transform(done -> state.stop());
    }
  }
}
