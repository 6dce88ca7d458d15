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

/**
 * Starts a clustered Vert.x whose cluster manager is also a Hazelcast data member: every process
 * holds a share of the cluster's maps (with backups), so the loss of one process loses no data.
 */
public final class Cluster {
  private final Vertx vertx;
  private final HazelcastClusterManager manager;

  private Cluster(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
  }

  public static Future<Cluster> start(ClusterConfig config, MeterRegistry registry) {
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(config));
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
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(config.port()).setPortAutoIncrement(true).setPortCount(20);
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
