package io.kubesim.ingress;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.ingress.classes.IngressClassFilter;
import io.kubesim.ingress.conf.ConfWriter;
import io.kubesim.ingress.conf.NginxConf;
import io.kubesim.ingress.model.CertificateNames;
import io.kubesim.ingress.model.Configuration;
import io.kubesim.ingress.model.ConfigurationBuilder;
import io.kubesim.ingress.model.Server;
import io.kubesim.ingress.model.Snapshot;
import io.kubesim.ingress.proxy.ProxyState;
import io.kubesim.ingress.routing.RoutingTable;
import io.kubesim.ingress.status.StatusPlanner;
import io.kubesim.ingress.status.StatusUpdater;
import io.kubesim.ingress.store.ClusterState;
import io.kubesim.ingress.tls.SniKeyManager;
import io.kubesim.ingress.tls.TlsCertificate;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * syncIngress: rebuilds the whole configuration from the caches and swaps it in at once (the
 * routing table, the certificates, the hosts the metrics count), writes nginx.conf when its text
 * changed and the ingresses' status. Level-triggered: an event only asks for a sync; syncs run one
 * at a time on one context, at most --sync-rate-limit per second, the last request always honoured.
 */
final class Syncer implements ClusterState.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);

  private final Vertx vertx;
  private final ClusterState state;
  private final IngressConfig config;
  private final ProxyState proxy;
  private final SniKeyManager keys;
  private final ConfWriter writer;
  private final StatusUpdater status;
  private final EventRecorder events;
  private final Clock clock;
  private final long intervalMillis;
  private final ArrayNode statusEntries;
  private Context context;

  // Context-confined.
  private long lastSyncMillis = Long.MIN_VALUE / 2;
  private long timer = -1;
  private Set<String> lastWarnings = Set.of();
  private volatile String conf = "";
  private volatile Instant lastSync;
  private volatile boolean stopped;

  Syncer(
      Vertx vertx,
      ClusterState state,
      IngressConfig config,
      ProxyState proxy,
      SniKeyManager keys,
      ConfWriter writer,
      StatusUpdater status,
      EventRecorder events,
      Clock clock) {
    this.vertx = vertx;
    this.state = state;
    this.config = config;
    this.proxy = proxy;
    this.keys = keys;
    this.writer = writer;
    this.status = status;
    this.events = events;
    this.clock = clock;
    this.intervalMillis = Math.max(1, (long) (1000 / config.syncRateLimit()));
    this.statusEntries = StatusPlanner.entries(config.publishStatusAddress());
  }

  void start() {
    context = vertx.getOrCreateContext();
    state.addListener(this);
    context.runOnContext(v -> request());
  }

  void stop() {
    stopped = true;
  }

  /** The nginx.conf of the last sync. */
  String conf() {
    return conf;
  }

  Instant lastSync() {
    return lastSync;
  }

  @Override
  public void changed() {
    context.runOnContext(v -> request());
  }

  @Override
  public void ingressChanged(ObjectNode ingress) {
    Ingress typed = io.kubesim.core.client.ApiClient.as(ingress, Ingress.class);
    if (IngressClassFilter.ours(typed, state.ingressClasses(), config.classes())) {
      events.normal(ingress, "Sync", "Scheduled for sync");
    }
  }

  /** A sync now, or when the rate limit allows; requests meanwhile fold into it. */
  private void request() {
    if (stopped || timer >= 0 || !state.synced()) {
      return;
    }
    long now = System.currentTimeMillis();
    long wait = lastSyncMillis + intervalMillis - now;
    if (wait <= 0) {
      sync();
      return;
    }
    timer =
        vertx.setTimer(
            wait,
            t -> {
              timer = -1;
              sync();
            });
  }

  private void sync() {
    if (stopped) {
      return;
    }
    lastSyncMillis = System.currentTimeMillis();
    List<Ingress> ours =
        IngressClassFilter.ours(state.ingresses(), state.ingressClasses(), config.classes());
    Map<String, TlsCertificate> certificates = state.certificates();
    Map<String, CertificateNames> names = new HashMap<>();
    certificates.forEach((k, c) -> names.put(k, c.names()));
    Configuration configuration =
        ConfigurationBuilder.build(
            new Snapshot(ours, state.services(), state.slicesByService(), names));
    logWarnings(configuration.warnings());
    keys.update(hostCertificates(configuration, certificates));
    proxy.table(RoutingTable.compile(configuration));
    Set<String> hosts = new HashSet<>();
    configuration.servers().forEach(s -> hosts.add(s.hostname()));
    proxy.metrics().hosts(hosts);
    String text = NginxConf.render(configuration, config.httpPort(), config.httpsPort());
    if (!text.equals(conf)) {
      conf = text;
      writer.write(text).onFailure(e -> LOG.warn("writing nginx.conf: {}", e.toString()));
    }
    lastSync = clock.instant();
    List<ObjectNode> stored =
        ours.stream()
            .map(
                i ->
                    state.rawIngress(
                        Keys.of(i.getMetadata().getNamespace(), i.getMetadata().getName())))
            .filter(o -> o != null)
            .toList();
    status.sync(stored, statusEntries);
  }

  /** Clears the status of the ingresses served (update-status-on-shutdown). */
  io.vertx.core.Future<Void> clearStatus() {
    List<Ingress> ours =
        IngressClassFilter.ours(state.ingresses(), state.ingressClasses(), config.classes());
    List<ObjectNode> stored =
        ours.stream()
            .map(
                i ->
                    state.rawIngress(
                        Keys.of(i.getMetadata().getNamespace(), i.getMetadata().getName())))
            .filter(o -> o != null)
            .toList();
    return status.sync(stored, StatusPlanner.entries(""));
  }

  private static Map<String, TlsCertificate> hostCertificates(
      Configuration configuration, Map<String, TlsCertificate> certificates) {
    Map<String, TlsCertificate> out = new HashMap<>();
    for (Server s : configuration.servers()) {
      String c = s.certificate();
      if (c == null
          || c.equals(Server.DEFAULT_CERTIFICATE)
          || s.hostname().equals(Server.CATCH_ALL)) {
        continue;
      }
      TlsCertificate cert = certificates.get(c);
      if (cert != null) {
        out.put(s.hostname(), cert);
      }
    }
    return out;
  }

  private void logWarnings(List<String> warnings) {
    Set<String> now = new LinkedHashSet<>(warnings);
    for (String w : now) {
      if (!lastWarnings.contains(w)) {
        LOG.warn(w);
      }
    }
    lastWarnings = now;
  }
}
