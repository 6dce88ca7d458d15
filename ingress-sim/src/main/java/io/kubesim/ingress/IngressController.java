package io.kubesim.ingress;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.net.PodNetwork;
import io.kubesim.core.process.Component;
import io.kubesim.ingress.classes.ClassInstaller;
import io.kubesim.ingress.conf.ConfWriter;
import io.kubesim.ingress.metrics.RequestMetrics;
import io.kubesim.ingress.proxy.AccessLog;
import io.kubesim.ingress.proxy.ProxyState;
import io.kubesim.ingress.proxy.ProxyVerticle;
import io.kubesim.ingress.proxy.Resolver;
import io.kubesim.ingress.status.StatusUpdater;
import io.kubesim.ingress.store.ClusterState;
import io.kubesim.ingress.tls.FakeCertificate;
import io.kubesim.ingress.tls.SniKeyManager;
import io.kubesim.ingress.tls.TlsCertificate;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress-nginx controller: one decoded cache of Ingresses, IngressClasses, Services,
 * EndpointSlices and TLS Secrets; the IngressClass {@code nginx} installed when absent; a sync that
 * rebuilds the configuration and the ingresses' status; the data plane on every event loop; and, on
 * the metrics port (10254), /metrics, /healthz and /nginx.conf.
 */
public final class IngressController implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(IngressController.class);

  /** How often every cached object is delivered again, repairing a lost event. */
  static final Duration RESYNC = Duration.ofSeconds(30);

  private final IngressConfig config;
  private final Clock clock;
  private volatile Syncer syncer;
  private volatile RequestMetrics metrics;
  private volatile ProxyState proxyState;

  public IngressController(IngressConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void routes(Router router) {
    router
        .get("/nginx.conf")
        .handler(
            ctx -> {
              Syncer s = syncer;
              String text = s == null ? "" : s.conf();
              if (text.isEmpty()) {
                ctx.response().setStatusCode(503).end("no configuration yet\n");
                return;
              }
              ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
            });
  }

  @Override
  public String extraMetrics() {
    RequestMetrics m = metrics;
    Syncer s = syncer;
    if (m == null || s == null) {
      return "";
    }
    Instant last = s.lastSync();
    String labels = "{" + m.constLabels() + "}";
    String prefix = "nginx_ingress_controller_config_last_reload_successful";
    return m.exposition()
        + "# HELP "
        + prefix
        + " Whether the last configuration reload attempt was successful\n# TYPE "
        + prefix
        + " gauge\n"
        + prefix
        + labels
        + " "
        + (last == null ? 0 : 1)
        + "\n# HELP "
        + prefix
        + "_timestamp_seconds Timestamp of the last successful configuration reload.\n# TYPE "
        + prefix
        + "_timestamp_seconds gauge\n"
        + prefix
        + "_timestamp_seconds"
        + labels
        + " "
        + (last == null ? 0 : last.getEpochSecond())
        + "\n";
  }

  /** The routing state the data plane reads (tests look at it). */
  public ProxyState proxyState() {
    return proxyState;
  }

  @Override
  public Future<Running> start(Vertx vertx, ApiClient api, MeterRegistry registry) {
    metrics =
        new RequestMetrics(
            config.classes().controller(),
            config.namespace(),
            config.podName(),
            config.metricsPerHost());
    return vertx
        .executeBlocking(
            () -> new Prepared(FakeCertificate.generate(clock.instant()), PodNetwork.open(vertx)))
        .compose(prepared -> start(vertx, api, prepared));
  }

  private record Prepared(TlsCertificate fake, PodNetwork network) {}

  private Future<Running> start(Vertx vertx, ApiClient api, Prepared prepared) {
    SniKeyManager keys = new SniKeyManager(prepared.fake());
    AccessLog accessLog = new AccessLog(System.out, config.accessLog());
    ProxyState proxy =
        new ProxyState(
            metrics,
            accessLog,
            new Resolver(prepared.network(), config.clusterCidr()),
            keys,
            config.httpPort(),
            config.httpsPort());
    this.proxyState = proxy;
    ClusterState state = new ClusterState(vertx, api, RESYNC);
    Syncer sync =
        new Syncer(
            vertx,
            state,
            config,
            proxy,
            keys,
            new ConfWriter(vertx, config.confFile()),
            new StatusUpdater(api),
            new EventRecorder(api, "nginx-ingress-controller", null, clock),
            clock);
    this.syncer = sync;
    sync.start();
    new ClassInstaller(
            vertx,
            api,
            config.namespace(),
            config.classes().className(),
            config.classes().controller())
        .install()
        .onSuccess(v -> LOG.info("IngressClass {} installed", config.classes().className()));
    Future<String> deployed =
        vertx.deployVerticle(
            () -> new ProxyVerticle(proxy, config.host(), config.httpPort(), config.httpsPort()),
            new DeploymentOptions().setInstances(Math.max(1, config.workers())));
    // Synced in the background: a process that waited for its first lists would be ended by
    // ProcessMain's start deadline while the apiserver is still coming back; ready() tells.
    state.start().onSuccess(v -> sync.changed());
    return deployed.map(
        id -> {
          LOG.info(
              "ingress-nginx controller: HTTP on {}:{}, HTTPS on {}:{}",
              config.host(),
              config.httpPort(),
              config.host(),
              config.httpsPort());
          return (Running) new Started(vertx, state, sync, id, accessLog, prepared.network());
        });
  }

  private record Started(
      Vertx vertx,
      ClusterState state,
      Syncer syncer,
      String deployment,
      AccessLog accessLog,
      PodNetwork network)
      implements Running {
    @Override
    public boolean ready() {
      return state.synced() && syncer.lastSync() != null;
    }

    @Override
    public Future<Void> stop() {
      // update-status-on-shutdown: the last controller leaves no address behind
      Future<Void> cleared =
          syncer.clearStatus().timeout(5, TimeUnit.SECONDS).recover(e -> Future.succeededFuture());
      return cleared
          .compose(
              v -> {
                syncer.stop();
                return vertx.undeploy(deployment);
              })
          .transform(v -> state.stop())
          .onComplete(
              v -> {
                accessLog.close();
                if (network != null) {
                  network.close();
                }
              });
    }
  }
}
