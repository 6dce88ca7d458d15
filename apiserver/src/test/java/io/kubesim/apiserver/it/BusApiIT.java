package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.core.client.ApiCall;
import io.kubesim.core.client.ApiReply;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.cluster.Cluster;
import io.kubesim.core.json.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The API on the clustered event bus, from another member of the cluster: the same answers and
 * Status errors as HTTP, and watches streamed to the caller's address.
 */
class BusApiIT {
  private static Cluster member;
  private static BusApiClient api;

  @BeforeAll
  static void join() throws Exception {
    member =
        Cluster.start(TestCluster.joiner(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .toCompletionStage()
            .toCompletableFuture()
            .get(120, TimeUnit.SECONDS);
    api = new BusApiClient(member.vertx(), 10_000);
  }

  @AfterAll
  static void leave() throws Exception {
    member.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static ApiReply call(String method, String path, String body) throws Exception {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    Future<ApiReply> reply = api.call(ApiCall.of(method, path, Map.of(), bytes));
    return reply.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aListOverTheBusIsTheSameDocumentAsOverHttp() throws Exception {
    ApiReply reply = call("GET", "/api/v1/namespaces", null);
    assertThat(reply.code()).isEqualTo(200);
    JsonNode list = Json.parse(reply.body());
    assertThat(list.path("kind").asString()).isEqualTo("NamespaceList");
    assertThat(
            list.path("items").valueStream().map(n -> n.path("metadata").path("name").asString()))
        .contains("default", "kube-system");
  }

  @Test
  void createAndErrorsKeepTheirCodesAndStatusBodies() throws Exception {
    call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"bus\"}}");
    ApiReply created =
        call(
            "POST",
            "/api/v1/namespaces/bus/configmaps",
            "{\"metadata\":{\"name\":\"from-bus\"},\"data\":{\"a\":\"1\"}}");
    assertThat(created.code()).isEqualTo(201);
    assertThat(Json.parse(created.body()).path("metadata").path("uid").asString()).isNotEmpty();

    ApiReply missing = call("GET", "/api/v1/namespaces/bus/configmaps/nope", null);
    assertThat(missing.code()).isEqualTo(404);
    JsonNode status = Json.parse(missing.body());
    assertThat(status.path("reason").asString()).isEqualTo("NotFound");
    assertThat(status.path("message").asString()).isEqualTo("configmaps \"nope\" not found");
  }

  @Test
  void aWatchOverTheBusStreamsTheChanges() throws Exception {
    call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"buswatch\"}}");
    List<String> events = new CopyOnWriteArrayList<>();
    BusApiClient.Watch watch =
        api.watch(
                "/api/v1/namespaces/buswatch/configmaps",
                Map.of(),
                line -> {
                  JsonNode event = Json.parse(line.getBytes());
                  events.add(
                      event.path("type").asString()
                          + " "
                          + event.path("object").path("metadata").path("name").asString());
                },
                () -> events.add("END"))
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    call("POST", "/api/v1/namespaces/buswatch/configmaps", "{\"metadata\":{\"name\":\"one\"}}");
    call("DELETE", "/api/v1/namespaces/buswatch/configmaps/one", null);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(events).containsExactly("ADDED one", "DELETED one"));
    watch.cancel().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
