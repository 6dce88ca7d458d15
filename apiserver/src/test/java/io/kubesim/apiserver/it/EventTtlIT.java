package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.ApiServer;
import io.kubesim.apiserver.ApiServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * --event-ttl through the real kubectl: an apiserver of its own with a 3 s TTL (the shared test
 * apiserver keeps the default hour, which other tests' Events need).
 */
class EventTtlIT {
  private static ApiServer server;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestCluster.startOwn(
                "event-ttl",
                (port, data) ->
                    ApiServerConfig.local(port, data).withEventTtl(Duration.ofSeconds(3)))
            .server();
    Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: ttl
          cluster:
            server: http://127.0.0.1:%d
        contexts:
        - name: ttl
          context:
            cluster: ttl
            user: ttl
            namespace: default
        current-context: ttl
        users:
        - name: ttl
          user: {}
        """
            .formatted(server.port()));
    kubectl = new Kubectl(kubeconfig);
  }

  @AfterAll
  static void stop() throws Exception {
    kubectl.close();
    server.stop();
  }

  @Test
  void anEventIsGoneOneTtlAfterItsLastWrite() {
    String event =
        """
        apiVersion: v1
        kind: Event
        metadata:
          name: web.1
        involvedObject:
          kind: Pod
          name: web
          namespace: default
        reason: Started
        message: Started container web
        type: Normal
        """;
    long beforeWrite = System.nanoTime();
    Kubectl.Result created = kubectl.runWithInput(event, "apply", "-f", "-");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(kubectl.run("get", "events").stdout()).contains("Started container web");

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> kubectl.run("get", "events").stderr().contains("No resources found"));
    assertThat(Duration.ofNanos(System.nanoTime() - beforeWrite))
        .as("not before the TTL")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
  }
}
