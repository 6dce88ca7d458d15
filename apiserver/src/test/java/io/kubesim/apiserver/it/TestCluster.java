package io.kubesim.apiserver.it;

import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubesim.apiserver.ApiServer;
import io.kubesim.apiserver.ApiServerConfig;
import io.kubesim.core.cluster.ClusterConfig;
import io.kubesim.core.net.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * One apiserver per test JVM, shared by the integration tests: starting a Hazelcast member takes
 * seconds. Its cluster has a random name and its own ports, so it never joins a running kubesim.
 */
public final class TestCluster {
  private static ApiServer server;

  private TestCluster() {}

  public static synchronized ApiServer server() {
    if (server == null) {
      try {
        server = startOwn("it", ApiServerConfig::local).server();
      } catch (Exception e) {
        throw new IllegalStateException("test apiserver did not start", e);
      }
    }
    return server;
  }

  /** An apiserver a test started for itself, and the directory of its data (and PKI). */
  public record Own(ApiServer server, Path dataDir) {}

  /**
   * Starts an apiserver in a Hazelcast cluster of its own (a random name, no backups) with a data
   * directory of its own. Its API port goes into its config, so it is chosen before the start and
   * the start is tried again on a fresh one if another process took it first; a failed attempt's
   * member is left in a cluster and directory where it meets nobody.
   */
  public static Own startOwn(String name, BiFunction<Integer, Path, ApiServerConfig> config)
      throws Exception {
    return FreePorts.retryOnBind(
        () -> {
          Path data = Files.createTempDirectory("kubesim-" + name);
          // the first port tried: Hazelcast takes the next one if it is taken
          int hazelcastPort = FreePorts.free();
          ClusterConfig cluster =
              new ClusterConfig(
                  name + "-" + UUID.randomUUID(),
                  List.of("127.0.0.1:" + hazelcastPort),
                  "127.0.0.1",
                  hazelcastPort,
                  0);
          ApiServer started =
              ApiServer.start(config.apply(FreePorts.free(), data), cluster)
                  .toCompletionStage()
                  .toCompletableFuture()
                  .get(120, TimeUnit.SECONDS);
          return new Own(started, data);
        });
  }

  /**
   * How another member joins the test server's cluster: at the port the server's member bound, from
   * a port of its own (Hazelcast takes the next when that one is taken).
   */
  public static ClusterConfig joiner() throws IOException {
    HazelcastInstance hazelcast = server().cluster().hazelcast();
    int bound = hazelcast.getCluster().getLocalMember().getAddress().getPort();
    return new ClusterConfig(
        hazelcast.getConfig().getClusterName(),
        List.of("127.0.0.1:" + bound),
        "127.0.0.1",
        FreePorts.free(),
        0);
  }

  public static String url() {
    return "http://127.0.0.1:" + server().port();
  }

  public static KubernetesClient client() {
    Config config =
        new ConfigBuilder()
            .withMasterUrl(url())
            .withNamespace("default")
            .withRequestTimeout(30_000)
            .withConnectionTimeout(10_000)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** A kubeconfig file for the real kubectl, pointing at the shared server. */
  public static Path kubeconfig() throws IOException {
    Path file = Files.createTempFile("kubeconfig", ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: kubesim
          cluster:
            server: %s
        contexts:
        - name: kubesim
          context:
            cluster: kubesim
            user: admin
        current-context: kubesim
        users:
        - name: admin
          user: {}
        """
            .formatted(url()));
    return file;
  }
}
