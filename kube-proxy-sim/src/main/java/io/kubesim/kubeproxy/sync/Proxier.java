package io.kubesim.kubeproxy.sync;

import io.fabric8.kubernetes.api.model.Node;
import io.kubesim.kubeproxy.iptables.NodeInfo;
import io.kubesim.kubeproxy.iptables.ProxyConfig;
import io.kubesim.kubeproxy.iptables.ProxySnapshot;
import io.kubesim.kubeproxy.iptables.RuleGenerator;
import io.kubesim.kubeproxy.iptables.RuleSet;
import io.kubesim.kubeproxy.trace.AffinityTable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's proxier, as kube-proxy's: changes only mark it dirty; a sync rebuilds the node's whole
 * rule set from a snapshot of the cluster state (on a worker thread: the generator is pure) and
 * swaps it in at once. Syncs are paced as kube-proxy paces them ({@link SyncLimiter}: bursts of
 * two, then one per minSyncPeriod, so a burst of changes costs one sync) and at most syncPeriod
 * apart. State is confined to one Vert.x context.
 */
public final class Proxier implements ClusterState.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(Proxier.class);

  private final String node;
  private final Vertx vertx;
  private final Context context;
  private final ClusterState state;
  private final ProxyConfig config;
  private final SyncLimiter limiter;
  private final Clock clock;
  private final ProxyMetrics metrics;
  private final List<Consumer<RuleSet>> onSync = new ArrayList<>();
  private final AffinityTable affinity = new AffinityTable();

  private volatile RuleSet rules;
  private volatile Instant lastSynced;
  private boolean dirty = true;
  private boolean syncing;
  private long timer = -1;
  private long periodic = -1;
  private long lastStartNanos;
  private List<Instant> triggers = new ArrayList<>();

  Proxier(
      String node,
      Vertx vertx,
      Context context,
      ClusterState state,
      ProxyConfig config,
      Duration minSyncPeriod,
      Clock clock,
      ProxyMetrics metrics) {
    this.node = node;
    this.vertx = vertx;
    this.context = context;
    this.state = state;
    this.config = config;
    this.limiter = new SyncLimiter(minSyncPeriod, System.nanoTime());
    this.clock = clock;
    this.metrics = metrics;
  }

  public String node() {
    return node;
  }

  /** The rules in place, or null before the first sync. */
  public RuleSet rules() {
    return rules;
  }

  public Instant lastSynced() {
    return lastSynced;
  }

  /** The node's session-affinity memory (the kernel's xt_recent lists). */
  public AffinityTable affinity() {
    return affinity;
  }

  /** Called on the proxier's context after each sync with the new rules (the data plane). */
  void onSync(Consumer<RuleSet> listener) {
    onSync.add(listener);
  }

  void start(Duration syncPeriod) {
    context.runOnContext(
        v -> {
          periodic = vertx.setPeriodic(syncPeriod.toMillis(), t -> markDirty(null));
          markDirty(null);
        });
  }

  void stop() {
    context.runOnContext(
        v -> {
          vertx.cancelTimer(periodic);
          vertx.cancelTimer(timer);
        });
  }

  @Override
  public void serviceChanged() {
    metrics.serviceChanged();
    context.runOnContext(v -> markDirty(null));
  }

  @Override
  public void endpointsChanged(Instant triggered) {
    metrics.endpointChanged();
    context.runOnContext(v -> markDirty(triggered));
  }

  @Override
  public void nodeChanged(String name) {
    if (node.equals(name)) {
      context.runOnContext(v -> markDirty(null));
    }
  }

  private void markDirty(Instant triggered) {
    dirty = true;
    if (triggered != null) {
      triggers.add(triggered);
    }
    schedule();
  }

  /** The next sync: now, or once the limiter has a token for it. */
  private void schedule() {
    if (timer != -1 || syncing || !dirty) {
      return;
    }
    long wait = Math.max(1, limiter.waitBeforeSync(System.nanoTime()).toMillis());
    timer =
        vertx.setTimer(
            wait,
            t -> {
              timer = -1;
              sync();
            });
  }

  private void sync() {
    Node self = state.node(node);
    if (self == null || !state.synced()) {
      return; // kube-proxy waits for its Node and the caches; their events bring it back
    }
    dirty = false;
    syncing = true;
    lastStartNanos = System.nanoTime();
    limiter.take(lastStartNanos);
    List<Instant> programmed = triggers;
    triggers = new ArrayList<>();
    ProxySnapshot snapshot =
        new ProxySnapshot(NodeInfo.of(self), state.services(), state.endpointSlices(), config);
    vertx
        .executeBlocking(() -> RuleGenerator.generate(snapshot), false)
        .onComplete(
            done -> {
              syncing = false;
              if (done.succeeded()) {
                rules = done.result();
                Instant now = clock.instant();
                lastSynced = now;
                metrics.synced(
                    rules, Duration.ofNanos(System.nanoTime() - lastStartNanos), now, programmed);
                onSync.forEach(l -> l.accept(rules));
              } else {
                LOG.error("{}: syncing the proxy rules failed", node, done.cause());
                dirty = true;
              }
              schedule();
            });
  }
}
