package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The real docker-compose.yml, driven as a user drives it: {@code up}, the real kubectl on the
 * kubeconfig it writes, {@code docker kill} and {@code docker start}, {@code down} and {@code up}
 * again with the volume, and Prometheus scraping the apiserver. One cluster for the whole class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeIT {
  @BeforeAll
  static void up() {
    Compose.compose(300, "down", "-v");
    Compose.Result up = Compose.compose(1800, "up", "-d", "--build");
    assertThat(up.exitCode()).as(up.output()).isZero();
    awaitApi();
  }

  @AfterAll
  static void down() {
    Compose.compose(300, "down", "-v");
  }

  private static void awaitApi() {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .until(() -> Compose.kubectl("get", "--raw", "/readyz").output().trim().equals("ok"));
  }

  private static List<String> uids() {
    Compose.Result result =
        Compose.kubectl(
            "get", "namespaces,configmaps,services", "-A", "-o", "jsonpath={..metadata.uid}");
    assertThat(result.exitCode()).as(result.output()).isZero();
    return List.of(result.output().trim().split("\\s+"));
  }

  @Test
  @Order(1)
  void theKubeconfigOnTheHostDrivesTheCluster() {
    Compose.Result ns = Compose.kubectl("get", "ns", "kube-system");
    assertThat(ns.output()).contains("kube-system   Active");
    Compose.Result created =
        Compose.kubectl("create", "configmap", "survivor", "--from-literal=a=b");
    assertThat(created.exitCode()).as(created.output()).isZero();
  }

  @Test
  @Order(2)
  void aKilledApiserverComesBackWithEveryObject() {
    List<String> before = uids();
    String container = Compose.container("apiserver");
    assertThat(Compose.docker("kill", container).exitCode()).isZero();
    assertThat(Compose.kubectl("get", "ns", "--request-timeout=3s").exitCode()).isNotZero();
    assertThat(Compose.docker("start", container).exitCode()).isZero();
    awaitApi();
    assertThat(uids()).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  @Order(3)
  void downAndUpAgainKeepsTheDataInTheVolume() {
    List<String> before = uids();
    assertThat(Compose.compose(300, "down").exitCode()).isZero();
    Compose.Result up = Compose.compose(600, "up", "-d");
    assertThat(up.exitCode()).as(up.output()).isZero();
    awaitApi();
    assertThat(uids()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(Compose.kubectl("get", "cm", "survivor", "-o", "jsonpath={.data.a}").output())
        .isEqualTo("b");
  }

  @Test
  @Order(4)
  void prometheusScrapesTheApiserver() {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonNode up = query(http, "up");
              assertThat(up.path("status").asString()).isEqualTo("success");
              JsonNode results = up.path("data").path("result");
              assertThat(results.size()).isGreaterThanOrEqualTo(2);
              for (JsonNode series : results) {
                assertThat(series.path("value").get(1).asString())
                    .as(series.toString())
                    .isEqualTo("1");
              }
              JsonNode requests = query(http, "apiserver_request_total");
              assertThat(requests.path("data").path("result").size()).isPositive();
            });
  }

  @Test
  @Order(5)
  void theApiserversMetricsPassPromtool() throws Exception {
    Compose.Result metrics = Compose.kubectl("get", "--raw", "/metrics");
    assertThat(metrics.exitCode()).as(metrics.output()).isZero();
    java.nio.file.Path file = java.nio.file.Files.createTempFile("metrics", ".txt");
    java.nio.file.Files.writeString(file, metrics.output());
    String prometheus = Compose.container("prometheus");
    Compose.Result check =
        Compose.run(
            List.of(
                "sh", "-c", "docker exec -i " + prometheus + " promtool check metrics < " + file),
            60);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).doesNotContain("should");
  }

  private static JsonNode query(HttpClient http, String promql) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:9090/api/v1/query?query=" + promql))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return Json.parse(response.body());
  }
}
