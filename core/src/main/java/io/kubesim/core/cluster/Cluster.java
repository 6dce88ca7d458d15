package io.kubesim.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import io.kubesim.core.MapNames;
import io.kubesim.core.observability.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Map;

/**
 * Starts a clustered Vert.x whose cluster manager is also a Hazelcast data member: every process
 * holds a share of the cluster's maps (with backups), so the loss of one process loses no data.
 */
public final class Cluster {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Cluster.class);
  private final Vertx vertx;
  private final HazelcastClusterManager manager;

  private Cluster(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
  }

  /**
   * Seconds a process waits before joining a cluster that is already running: longer than the
   * failure detection below, so that the cluster has dropped a previous run of this very process
   * (same address) before it joins again. Without the wait a restarted oldest member (the Hazelcast
   * master, usually the apiserver) was taken by the others for the master they still listed and a
   * second cluster formed beside the first, unreachable on the event bus.
   */
  static final int REJOIN_WAIT_SECONDS = 10;

  public static Future<Cluster> start(ClusterConfig config, MeterRegistry registry) {
    return start(config, registry, Map.of());
  }

  /**
   * Starts and joins with Hazelcast member attributes that the other members can read ({@link
   * MemberAttributes}: the component a process plays and its nodes).
   */
  public static Future<Cluster> start(
      ClusterConfig config, MeterRegistry registry, Map<String, String> attributes) {
    long wait =
        Long.parseLong(
            System.getenv()
                .getOrDefault(
                    "KUBESIM_CLUSTER_REJOIN_WAIT_SECONDS", String.valueOf(REJOIN_WAIT_SECONDS)));
    if (wait > 0 && Members.anyReachable(config)) {
      LOG.info(
          "a cluster is running; joining it in {} s, once any previous run of this process is gone",
          wait);
      java.util.concurrent.CompletableFuture<Void> later =
          new java.util.concurrent.CompletableFuture<>();
      java.util.concurrent.CompletableFuture.delayedExecutor(
              wait, java.util.concurrent.TimeUnit.SECONDS)
          .execute(() -> later.complete(null));
      return Future.fromCompletionStage(later).compose(v -> join(config, registry, attributes));
    }
    return join(config, registry, attributes);
  }

  private static Future<Cluster> join(
      ClusterConfig config, MeterRegistry registry, Map<String, String> attributes) {
    Config hz = hazelcastConfig(config);
    attributes.forEach(hz.getMemberAttributeConfig()::setAttribute);
    HazelcastClusterManager manager = new HazelcastClusterManager(hz);
    VertxOptions options =
        new VertxOptions()
            .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true))
            .setEventBusOptions(
                new EventBusOptions().setHost(config.host()).setClusterPublicHost(config.host()));
    return Vertx.builder()
        .with(options)
        .withMetrics(new MicrometerMetricsFactory(registry))
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> new Cluster(vertx, manager))
        .onSuccess(cluster -> Metrics.bindHazelcast(registry, cluster.hazelcast()));
  }

  static Config hazelcastConfig(ClusterConfig config) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(config.name());
    // Quiet and quick: no phone-home, no multicast, no 5 s wait before joining.
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.setProperty("hazelcast.max.wait.seconds.before.join", "1");
    // A killed process (SIGKILL, docker kill) is dropped from the cluster within seconds, not the
    // default minute, so that it can rejoin under the same address when it is started again; and if
    // it came back too early and formed a cluster of its own, the two merge within seconds instead
    // of the default five minutes.
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", "8");
    hz.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    hz.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Hazelcast's own metrics collector (for its Management Center and JMX, which kubesim does not
    // use) walked every structure each 5 s in every process; the Prometheus gauges read map stats
    // directly.
    hz.getMetricsConfig().setEnabled(false);
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(config.port()).setPortAutoIncrement(true).setPortCount(Members.PORT_COUNT);
    // The host only: with a port, every member started on one machine would announce the first
    // port, whichever it bound (auto-increment), and the members would mistake one another.
    network.setPublicAddress(config.host());
    network.getInterfaces().setEnabled(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.members());
    hz.addMapConfig(
        new MapConfig(MapNames.PREFIX + "*")
            .setBackupCount(config.backups())
            .setAsyncBackupCount(0));
    return hz;
  }

  public Vertx vertx() {
    return vertx;
  }

  public HazelcastInstance hazelcast() {
    return manager.getHazelcastInstance();
  }

  public String nodeId() {
    return manager.getNodeId();
  }

  public Future<Void> close() {
    return vertx.close();
  }
}
