package io.kubesim.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store.Change;
import io.kubesim.core.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** events.k8s.io/v1 Events are the core/v1 Events' storage seen through the other API. */
class StorageViewsTest {
  private static final ResourceType CORE = Resources.find("", "v1", "events").get();
  private static final ResourceType EVENTS = Resources.find("events.k8s.io", "v1", "events").get();

  private static ObjectNode coreEvent(String name, String message) {
    ObjectNode e = Json.object();
    e.put("apiVersion", "v1").put("kind", "Event");
    e.putObject("metadata").put("name", name).put("namespace", "demo");
    e.putObject("involvedObject").put("kind", "Pod").put("name", "web-1").put("namespace", "demo");
    e.put("reason", "Started").put("message", message).put("type", "Normal").put("count", 2);
    e.putObject("source").put("component", "kubelet").put("host", "node-1");
    e.put("firstTimestamp", "2026-11-26T10:00:00Z").put("lastTimestamp", "2026-11-26T10:00:05Z");
    e.put("reportingComponent", "kubelet").put("reportingInstance", "node-1");
    return e;
  }

  @Test
  void anEventWrittenAsCoreIsReadAndListedThroughEventsK8sIo() {
    try (Store store = Store.open(null, Mirror.NONE, 10)) {
      store.commit(CORE, "demo", "a", c -> new Change.Put(coreEvent("a", "Started container")));

      ObjectNode view = store.get(EVENTS, "demo", "a");
      assertThat(view.path("apiVersion").asString()).isEqualTo("events.k8s.io/v1");
      assertThat(view.path("regarding").path("name").asString()).isEqualTo("web-1");
      assertThat(view.path("note").asString()).isEqualTo("Started container");
      assertThat(view.path("deprecatedCount").asInt()).isEqualTo(2);
      assertThat(view.path("deprecatedSource").path("host").asString()).isEqualTo("node-1");
      assertThat(view.path("deprecatedLastTimestamp").asString()).isEqualTo("2026-11-26T10:00:05Z");
      assertThat(view.path("reportingController").asString()).isEqualTo("kubelet");
      assertThat(view.has("message") || view.has("involvedObject") || view.has("count")).isFalse();
      assertThat(view.path("metadata").path("resourceVersion").asString()).isEqualTo("1");
      assertThat(store.list(EVENTS, "demo").items()).containsExactly(view);
      assertThat(store.get(CORE, "demo", "a").path("message").asString())
          .as("the stored object is not touched by reading it through the view")
          .isEqualTo("Started container");
    }
  }

  @Test
  void anEventWrittenThroughEventsK8sIoIsStoredAsCoreAndUpdatedThroughEither() {
    try (Store store = Store.open(null, Mirror.NONE, 10)) {
      ObjectNode view = StorageViews.toView(coreEvent("b", "Pulled"));
      Store.Result created = store.commit(EVENTS, "demo", "b", c -> new Change.Put(view));
      assertThat(created.object().path("note").asString()).isEqualTo("Pulled");

      ObjectNode core = store.get(CORE, "demo", "b");
      assertThat(core.path("apiVersion").asString()).isEqualTo("v1");
      assertThat(core.path("message").asString()).isEqualTo("Pulled");
      assertThat(core.path("involvedObject").path("kind").asString()).isEqualTo("Pod");
      assertThat(core.has("note")).isFalse();

      store.guaranteedUpdate(
          EVENTS,
          "demo",
          "b",
          current -> {
            ObjectNode next = current.deepCopy();
            next.put("deprecatedCount", 3);
            return new Change.Put(next);
          });
      assertThat(store.get(CORE, "demo", "b").path("count").asInt()).isEqualTo(3);
      assertThat(store.count(EVENTS)).isEqualTo(store.count(CORE)).isEqualTo(1);
    }
  }

  @Test
  void aCoreWatchEventIsSeenThroughTheViewAndNoOtherType() {
    ObjectNode before = coreEvent("c", "one");
    ObjectNode after = coreEvent("c", "two");
    WatchEvent event = new WatchEvent(WatchEvent.MODIFIED, CORE, after, before, 7);

    WatchEvent seen = event.inView(EVENTS);
    assertThat(seen.resource()).isSameAs(EVENTS);
    assertThat(seen.type()).isEqualTo(WatchEvent.MODIFIED);
    assertThat(seen.object().path("note").asString()).isEqualTo("two");
    assertThat(seen.previous().path("note").asString()).isEqualTo("one");
    assertThat(seen.resourceVersion()).isEqualTo(7);
    assertThat(event.inView(Resources.find("", "v1", "pods").get())).isNull();
  }
}
