package io.kubesim.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.ApiService;
import io.kubesim.apiserver.metrics.ApiMetrics;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Mirror;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** LIST and GET answers assembled from the stored bytes are the JSON of the stored trees. */
class ListJsonTest {
  private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

  private Store store;
  private ApiService api;

  @BeforeEach
  void setUp() {
    store = Store.open(null, Mirror.NONE, 100);
    api =
        new ApiService(
            store,
            Clock.systemUTC(),
            "127.0.0.1",
            new ApiMetrics(new SimpleMeterRegistry(), store));
    send("POST", "/api/v1/namespaces", Map.of(), "{\"metadata\":{\"name\":\"default\"}}");
    for (String name : List.of("a", "b", "c")) {
      send(
          "POST",
          CONFIGMAPS,
          Map.of(),
          "{\"metadata\":{\"name\":\""
              + name
              + "\"},\"data\":{\"k\":\"\\u00fc \\\""
              + name
              + "\"}}");
    }
    // An update and a delete: the list must hold the newest bytes and not the deleted object.
    send(
        "PUT",
        CONFIGMAPS + "/b",
        Map.of(),
        "{\"metadata\":{\"name\":\"b\"},\"data\":{\"k\":\"2\"}}");
    send("DELETE", CONFIGMAPS + "/c", Map.of(), null);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "2"})
  void theListIsTheStoredObjectsAndItsMetadata(String limit) {
    Map<String, List<String>> query = limit.isEmpty() ? Map.of() : Map.of("limit", List.of(limit));
    ApiResponse list = send("GET", CONFIGMAPS, query, null);
    assertThat(list.code()).isEqualTo(200);
    JsonNode body = Json.parse(list.body());
    assertThat(body.path("kind").asString()).isEqualTo("ConfigMapList");
    assertThat(body.path("apiVersion").asString()).isEqualTo("v1");
    assertThat(body.at("/metadata/resourceVersion").asString())
        .isEqualTo(Long.toString(store.resourceVersion()));
    int expected = limit.equals("1") ? 1 : 2;
    assertThat(body.path("items")).hasSize(expected);
    assertThat(body.at("/metadata/continue").isMissingNode()).isEqualTo(expected == 2);
    for (JsonNode item : body.path("items")) {
      String name = item.at("/metadata/name").asString();
      ApiResponse one = send("GET", CONFIGMAPS + "/" + name, Map.of(), null);
      assertThat(Json.parse(one.body())).isEqualTo(item);
      assertThat(item).isEqualTo(Json.parse(Json.bytes(store.get(type(), "default", name))));
    }
    assertThat(body.at("/items/1/data/k").asString("")).isIn("", "2");
  }

  private static ResourceType type() {
    return Resources.find("", "v1", "configmaps").get();
  }

  private ApiResponse send(
      String method, String path, Map<String, List<String>> query, String body) {
    return api.handle(
        new ApiRequest(
            method,
            path,
            query,
            Map.of(),
            body == null ? null : body.getBytes(StandardCharsets.UTF_8),
            "admin"));
  }
}
