package io.kubesim.apiserver.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubesim.apiserver.ApiServer;
import io.kubesim.apiserver.ApiServerConfig;
import io.kubesim.core.cluster.ClusterConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One apiserver per test JVM, shared by the integration tests: starting a Hazelcast member takes
 * seconds. Its cluster has a random name and its own ports, so it never joins a running kubesim.
 */
public final class TestCluster {
  private static ApiServer server;
  private static Path dataDir;
  private static ClusterConfig clusterConfig;

  private TestCluster() {}

  public static synchronized ApiServer server() {
    if (server == null) {
      try {
        dataDir = Files.createTempDirectory("kubesim-it");
        int hazelcastPort = freePort();
        ClusterConfig cluster =
            clusterConfig =
                new ClusterConfig(
                    "it-" + UUID.randomUUID(),
                    java.util.List.of("127.0.0.1:" + hazelcastPort),
                    "127.0.0.1",
                    hazelcastPort,
                    0);
        server =
            ApiServer.start(ApiServerConfig.local(freePort(), dataDir), cluster)
                .toCompletionStage()
                .toCompletableFuture()
                .get(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("test apiserver did not start", e);
      }
    }
    return server;
  }

  /** How another member joins the test server's cluster, on its own Hazelcast port. */
  public static ClusterConfig joiner() throws IOException {
    server();
    int port = freePort();
    return new ClusterConfig(clusterConfig.name(), clusterConfig.members(), "127.0.0.1", port, 0);
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

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
