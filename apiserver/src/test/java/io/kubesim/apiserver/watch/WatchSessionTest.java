package io.kubesim.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Mirror;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.apiserver.storage.Store.Change;
import io.kubesim.core.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Watch semantics on a memory store: resume, selector transitions, 410, stop. */
class WatchSessionTest {
  private static final ResourceType CONFIGMAPS = Resources.find("", "v1", "configmaps").get();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final Store store = Store.open(null, Mirror.NONE, 5);
  private final List<String> lines = new ArrayList<>();
  private boolean ended;
  private final WatchSession.Sink sink =
      new WatchSession.Sink() {
        @Override
        public void send(byte[] line) {
          JsonNode event = Json.parse(line);
          JsonNode object = event.path("object");
          lines.add(
              event.path("type").asString()
                  + " "
                  + (object.path("kind").asString().equals("Status")
                      ? object.path("code").asInt()
                      : object.path("metadata").path("name").asString()));
        }

        @Override
        public void end() {
          ended = true;
        }
      };

  @AfterEach
  void close() {
    store.close();
  }

  private void put(String name, Map<String, String> labels) {
    store.commit(
        CONFIGMAPS,
        "demo",
        name,
        current -> {
          ObjectNode object = Json.object();
          object.put("apiVersion", "v1").put("kind", "ConfigMap");
          ObjectNode metadata =
              object.putObject("metadata").put("name", name).put("namespace", "demo");
          ObjectNode l = metadata.putObject("labels");
          labels.forEach(l::put);
          return new Change.Put(object);
        });
    store.awaitPublished();
  }

  private void delete(String name) {
    store.commit(CONFIGMAPS, "demo", name, current -> new Change.Delete());
    store.awaitPublished();
  }

  private WatchSession watch(Map<String, String> params) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    params.forEach((k, v) -> query.put(k, List.of(v)));
    ApiRequest request =
        new ApiRequest(
            "GET", "/api/v1/namespaces/demo/configmaps", query, Map.of(), new byte[0], "test");
    RequestInfo info = new RequestInfo("", "v1", "demo", "configmaps", null, null, "watch");
    return WatchSession.start(store, CONFIGMAPS, info, request, CLOCK, sink);
  }

  @Test
  void withoutAResourceVersionTheCurrentObjectsComeFirstAsAdded() {
    put("a", Map.of());
    put("b", Map.of());
    watch(Map.of());
    put("c", Map.of());
    assertThat(lines).containsExactly("ADDED a", "ADDED b", "ADDED c");
  }

  @Test
  void fromAResourceVersionOnlyLaterChangesArrive() {
    put("a", Map.of());
    long rv = store.resourceVersion();
    put("a", Map.of("x", "1"));
    delete("a");
    watch(Map.of("resourceVersion", Long.toString(rv)));
    assertThat(lines).containsExactly("MODIFIED a", "DELETED a");
  }

  @Test
  void anObjectEnteringOrLeavingTheSelectorIsAddedOrDeleted() {
    put("a", Map.of("app", "web"));
    watch(
        Map.of(
            "labelSelector", "app=web", "resourceVersion", Long.toString(store.resourceVersion())));
    put("a", Map.of("app", "db"));
    put("a", Map.of("app", "web"));
    put("b", Map.of("app", "db"));
    assertThat(lines).containsExactly("DELETED a", "ADDED a");
  }

  @Test
  void aResourceVersionOlderThanTheHistoryGetsAnExpiredErrorAndTheWatchEnds() {
    for (int i = 0; i < 10; i++) {
      put("a" + i, Map.of());
    }
    WatchSession session = watch(Map.of("resourceVersion", "1"));
    assertThat(lines).containsExactly("ERROR 410");
    assertThat(ended).isTrue();
    assertThat(session.ended()).isTrue();
  }

  @Test
  void aStoppedWatchReceivesNothingMore() {
    WatchSession session = watch(Map.of("resourceVersion", Long.toString(store.resourceVersion())));
    put("a", Map.of());
    session.stop();
    put("b", Map.of());
    assertThat(lines).containsExactly("ADDED a");
    assertThat(store.watcherCount()).isZero();
  }

  @Test
  void bookmarksGoOnlyToWatchersThatAskedForThem() {
    watch(Map.of("resourceVersion", "0", "allowWatchBookmarks", "true"));
    store.bookmark();
    store.awaitPublished();
    assertThat(lines).containsExactly("BOOKMARK ");
  }

  @Test
  void aTableWatchSendsOneRowTablesWithColumns() {
    List<JsonNode> events = new ArrayList<>();
    ApiRequest request =
        new ApiRequest(
            "GET",
            "/api/v1/namespaces/demo/configmaps",
            Map.of("resourceVersion", List.of("0")),
            Map.of("accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"),
            new byte[0],
            "test");
    RequestInfo info = new RequestInfo("", "v1", "demo", "configmaps", null, null, "watch");
    WatchSession.start(
        store,
        CONFIGMAPS,
        info,
        request,
        CLOCK,
        new WatchSession.Sink() {
          @Override
          public void send(byte[] line) {
            events.add(Json.parse(line));
          }

          @Override
          public void end() {}
        });
    put("t", Map.of());
    JsonNode table = events.get(0).path("object");
    assertThat(table.path("kind").asString()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").get(0).path("name").asString()).isEqualTo("Name");
    assertThat(table.path("rows")).hasSize(1);
    assertThat(table.path("rows").get(0).path("cells").get(0).asString()).isEqualTo("t");
  }
}
