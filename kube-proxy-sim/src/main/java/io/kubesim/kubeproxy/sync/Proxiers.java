package io.kubesim.kubeproxy.sync;

import io.kubesim.kubeproxy.KubeProxyConfig;
import io.kubesim.kubeproxy.iptables.RuleSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The process's proxiers, one per node, on one context and one set of metrics. */
public final class Proxiers {
  private final List<Proxier> all;
  private final Duration syncPeriod;
  private final ProxyMetrics metrics;

  private Proxiers(List<Proxier> all, Duration syncPeriod, ProxyMetrics metrics) {
    this.all = List.copyOf(all);
    this.syncPeriod = syncPeriod;
    this.metrics = metrics;
  }

  /** The metrics Micrometer cannot expose, as exposition text. */
  public String extraMetrics() {
    return metrics.iptablesTotal();
  }

  public static Proxiers create(
      Vertx vertx,
      ClusterState state,
      KubeProxyConfig config,
      Clock clock,
      MeterRegistry registry) {
    ProxyMetrics metrics = new ProxyMetrics(registry);
    io.vertx.core.Context context = vertx.getOrCreateContext();
    List<Proxier> proxiers = new ArrayList<>();
    for (String node : config.nodes()) {
      Proxier proxier =
          new Proxier(
              node, vertx, context, state, config.rules(), config.minSyncPeriod(), clock, metrics);
      state.addListener(proxier);
      proxiers.add(proxier);
    }
    return new Proxiers(proxiers, config.syncPeriod(), metrics);
  }

  public List<Proxier> all() {
    return all;
  }

  /** Runs {@code listener} after each of {@code proxier}'s syncs, on its context. */
  public void onSync(Proxier proxier, Consumer<RuleSet> listener) {
    proxier.onSync(listener);
  }

  public void start() {
    all.forEach(p -> p.start(syncPeriod));
  }

  public void stop() {
    all.forEach(Proxier::stop);
  }
}
