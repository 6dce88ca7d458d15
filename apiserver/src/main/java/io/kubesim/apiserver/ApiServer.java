package io.kubesim.apiserver;

import io.kubesim.apiserver.aggregator.AvailableConditionController;
import io.kubesim.apiserver.bootstrap.Seed;
import io.kubesim.apiserver.bus.BusApi;
import io.kubesim.apiserver.http.HttpApi;
import io.kubesim.apiserver.http.streams.Protocols;
import io.kubesim.apiserver.metrics.ApiMetrics;
import io.kubesim.apiserver.metricsapi.MetricsIntake;
import io.kubesim.apiserver.metricsapi.MetricsServerEndpoints;
import io.kubesim.apiserver.security.Authenticator;
import io.kubesim.apiserver.security.Security;
import io.kubesim.apiserver.security.ServiceAccountTokens;
import io.kubesim.apiserver.storage.EventTtl;
import io.kubesim.apiserver.storage.HazelcastMirror;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.Addresses;
import io.kubesim.core.cluster.Cluster;
import io.kubesim.core.cluster.ClusterConfig;
import io.kubesim.core.cluster.MemberAttributes;
import io.kubesim.core.observability.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kube-apiserver process: joins the cluster, opens the store (recovering the data directory),
 * seeds a new cluster, keeps the APIServices' availability (as kube-apiserver's aggregator does),
 * and serves the API over HTTP and the event bus.
 */
public final class ApiServer {
  /** Go's http.DefaultMaxHeaderBytes. */
  private static final int MAX_HEADER_BYTES = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final Cluster cluster;
  private final Store store;
  private final ApiService api;
  private final HttpServer http;
  private final Opened opened;

  private ApiServer(Cluster cluster, Store store, ApiService api, HttpServer http, Opened opened) {
    this.cluster = cluster;
    this.store = store;
    this.api = api;
    this.http = http;
    this.opened = opened;
  }

  /** The API and the controllers kube-apiserver runs beside it. */
  private record Opened(
      ApiService api,
      AvailableConditionController availability,
      MetricsServerEndpoints metricsServerEndpoints,
      EventTtl eventTtl) {}

  public static Future<ApiServer> start(ApiServerConfig config, ClusterConfig clusterConfig) {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    AtomicBoolean ready = new AtomicBoolean();
    // Announced to the kubelets, which show this process as the kube-apiserver pod of its node.
    Map<String, String> attributes =
        MemberAttributes.forApiServer(
            System.getenv(), config.advertiseAddress() + ":" + config.port());
    return Cluster.start(clusterConfig, registry, attributes)
        .compose(cluster -> open(cluster, config, registry, ready))
        .onSuccess(s -> ready.set(true))
        .onSuccess(s -> LOG.info("apiserver listening on {}:{}", config.host(), s.port()));
  }

  private static Future<ApiServer> open(
      Cluster cluster,
      ApiServerConfig config,
      PrometheusMeterRegistry registry,
      AtomicBoolean ready) {
    Vertx vertx = cluster.vertx();
    return vertx
        .executeBlocking(() -> openStore(cluster, config, registry))
        .compose(opened -> listen(cluster, config, opened, registry, ready));
  }

  private static Opened openStore(
      Cluster cluster, ApiServerConfig config, PrometheusMeterRegistry registry) {
    Store store =
        Store.open(
            config.dataDir(), new HazelcastMirror(cluster.hazelcast()), config.watchHistory());
    ApiService api =
        new ApiService(
            store,
            Clock.systemUTC(),
            config.advertiseAddress() + ":" + config.port(),
            new ApiMetrics(registry, store));
    api.resources().writes().defaultTolerationSeconds(config.defaultTolerationSeconds());
    if (config.tls()) {
      api.resources()
          .serviceAccountTokens(ServiceAccountTokens.ensure(config.pkiDir().resolve("sa.jwk")));
    }
    Seed.apply(store, api.resources().writes(), config.advertiseAddress(), config.port());
    MetricsServerEndpoints metricsServerEndpoints =
        MetricsServerEndpoints.start(
            store, api.resources().writes(), config.advertiseAddress(), config.port());
    AvailableConditionController availability =
        AvailableConditionController.start(store, api.resources().writes(), api.clock());
    EventTtl eventTtl = EventTtl.start(store, config.eventTtl(), api.clock());
    return new Opened(api, availability, metricsServerEndpoints, eventTtl);
  }

  private static Future<ApiServer> listen(
      Cluster cluster,
      ApiServerConfig config,
      Opened opened,
      PrometheusMeterRegistry registry,
      AtomicBoolean ready) {
    Vertx vertx = cluster.vertx();
    ApiService api = opened.api();
    Security security = Security.setUp(config);
    Authenticator authenticator =
        security.tokens() == null
            ? null
            : new Authenticator(
                security.tokens(), api.resources()::serviceAccountTokens, api.store(), api.clock());
    HttpApi httpApi = new HttpApi(vertx, api, authenticator, config.limits());
    vertx.setPeriodic(
        config.bookmarkSeconds() * 1000, id -> vertx.executeBlocking(() -> bookmark(api), false));
    vertx.setPeriodic(
        sweepMillis(config.eventTtl()),
        id -> vertx.executeBlocking(opened.eventTtl()::sweep, false));
    HttpServerOptions options =
        security
            .serverOptions()
            .setHost(config.host())
            .setPort(config.port())
            .setCompressionSupported(true)
            // Go's net/http takes a request line and headers up to http.DefaultMaxHeaderBytes
            // (1 MiB), where Netty's defaults (4 KiB, 8 KiB) refuse a long query with a bare 414.
            .setMaxInitialLineLength(MAX_HEADER_BYTES)
            .setMaxHeaderSize(MAX_HEADER_BYTES)
            .setWebSocketSubProtocols(Protocols.WEBSOCKET)
            // HTTP/1.1 on plain HTTP: an h2c upgrade from Java's HttpClient broke large replies.
            .setHttp2ClearTextEnabled(false);
    return new BusApi(vertx, api)
        .register()
        .compose(v -> MetricsIntake.register(vertx, api.metricsApi().storage()))
        .compose(
            v ->
                vertx
                    .createHttpServer(options)
                    .requestHandler(httpApi.router(registry, ready::get))
                    .listen())
        .map(server -> new ApiServer(cluster, api.store(), api, server, opened))
        .onSuccess(
            started -> vertx.eventBus().publish(Addresses.APISERVER_STARTED, cluster.nodeId()));
  }

  /** Often enough that an Event outlives its TTL by a tenth of it at most, and by 10 s at most. */
  static long sweepMillis(Duration ttl) {
    return Math.max(100, Math.min(10_000, ttl.toMillis() / 10));
  }

  private static Void bookmark(ApiService api) {
    api.store().bookmark();
    return null;
  }

  public int port() {
    return http.actualPort();
  }

  public ApiService api() {
    return api;
  }

  public Cluster cluster() {
    return cluster;
  }

  /**
   * Stops serving, flushes the store and leaves the cluster, blocking the calling thread (not an
   * event loop: Vert.x completes its own close on a thread outside its loops).
   */
  public void stop() {
    // A short grace: kubectl and informers keep connections open, close() would wait 30 s.
    http.shutdown(1, java.util.concurrent.TimeUnit.SECONDS)
        .compose(v -> cluster.vertx().executeBlocking(() -> closeStore(opened, store)))
        .toCompletionStage()
        .toCompletableFuture()
        .join();
    cluster.close().toCompletionStage().toCompletableFuture().join();
  }

  private static Void closeStore(Opened opened, Store store) {
    opened.availability().close();
    opened.metricsServerEndpoints().close();
    store.close();
    return null;
  }
}
