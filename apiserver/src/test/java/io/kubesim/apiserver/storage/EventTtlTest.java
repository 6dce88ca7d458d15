package io.kubesim.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store.Change;
import io.kubesim.core.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Events live one TTL after their last write, as under etcd's lease; nothing else expires. */
class EventTtlTest {
  private static final ResourceType EVENTS_V1 =
      Resources.find("events.k8s.io", "v1", "events").get();
  private static final ResourceType CONFIGMAPS = Resources.find("", "v1", "configmaps").get();
  private static final Duration TTL = Duration.ofHours(1);

  /** A clock the test moves. */
  private static final class Hands extends Clock {
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static ObjectNode event(String name, int count) {
    ObjectNode e = Json.object();
    e.put("apiVersion", "v1").put("kind", "Event");
    e.putObject("metadata").put("name", name).put("namespace", "default");
    e.putObject("involvedObject").put("kind", "Pod").put("name", "p").put("namespace", "default");
    e.put("reason", "Started").put("message", "Started container c").put("count", count);
    return e;
  }

  private static void put(Store store, ResourceType type, ObjectNode object) {
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    store.commit(
        type,
        metadata.path("namespace").asString(),
        metadata.path("name").asString(),
        current -> new Change.Put(object));
  }

  private static List<String> names(Store store) {
    return store.list(EventTtl.EVENTS, "default").items().stream()
        .map(o -> o.path("metadata").path("name").asString())
        .toList();
  }

  @Test
  void anEventIsDeletedOneTtlAfterItsLastWriteAndNotBefore() {
    Hands clock = new Hands();
    try (Store store = Store.open(null, Mirror.NONE, 100)) {
      EventTtl ttl = EventTtl.start(store, TTL, clock);
      put(store, EventTtl.EVENTS, event("a", 1));
      clock.advance(Duration.ofMinutes(30));
      put(store, EventTtl.EVENTS, event("b", 1));
      put(store, EventTtl.EVENTS, event("a", 2)); // a seen again: its lease starts over

      clock.advance(Duration.ofMinutes(30).minusSeconds(1));
      assertThat(ttl.sweep()).isZero();
      clock.advance(Duration.ofSeconds(1));
      assertThat(ttl.sweep()).as("a's first write is due, but a was written since").isZero();
      assertThat(names(store)).containsExactly("a", "b");

      clock.advance(Duration.ofMinutes(30));
      assertThat(ttl.sweep()).isEqualTo(2);
      assertThat(names(store)).isEmpty();
      assertThat(ttl.pending()).isZero();
    }
  }

  @Test
  void theDeletionIsAWatchEventAndOtherKindsNeverExpire() {
    Hands clock = new Hands();
    try (Store store = Store.open(null, Mirror.NONE, 100)) {
      EventTtl ttl = EventTtl.start(store, TTL, clock);
      ObjectNode cm = Json.object();
      cm.put("apiVersion", "v1").put("kind", "ConfigMap");
      cm.putObject("metadata").put("name", "c").put("namespace", "default");
      put(store, CONFIGMAPS, cm);
      put(store, EventTtl.EVENTS, event("a", 1));
      long before = store.resourceVersion();

      clock.advance(TTL.multipliedBy(3));
      assertThat(ttl.sweep()).isEqualTo(1);
      assertThat(store.resourceVersion()).as("the expiry is a commit").isEqualTo(before + 1);
      assertThat(store.get(CONFIGMAPS, "default", "c")).isNotNull();
    }
  }

  @Test
  void eventsWrittenThroughEventsK8sIoAndEventsRecoveredAtStartExpireToo() {
    Hands clock = new Hands();
    try (Store store = Store.open(null, Mirror.NONE, 100)) {
      put(store, EventTtl.EVENTS, event("old", 1)); // stored before the TTL starts
      EventTtl ttl = EventTtl.start(store, TTL, clock);
      ObjectNode v1 = Json.object();
      v1.put("apiVersion", "events.k8s.io/v1").put("kind", "Event");
      v1.putObject("metadata").put("name", "new").put("namespace", "default");
      v1.put("eventTime", "2026-12-07T10:00:00.000000Z")
          .put("reportingController", "test")
          .put("reportingInstance", "test-1")
          .put("action", "Started")
          .put("reason", "Started")
          .put("type", "Normal");
      v1.putObject("regarding").put("kind", "Pod").put("name", "p").put("namespace", "default");
      put(store, EVENTS_V1, v1);
      assertThat(names(store)).containsExactly("new", "old");

      clock.advance(TTL);
      assertThat(ttl.sweep()).isEqualTo(2);
      assertThat(names(store)).isEmpty();
    }
  }

  @Test
  void eventsAreKeptAsBytesAndReadAsTreesOtherKindsKeepTheirTree() {
    try (Store store = Store.open(null, Mirror.NONE, 100)) {
      put(store, EventTtl.EVENTS, event("e1", 1));
      Stored stored = store.stored(EventTtl.EVENTS, "default", "e1");
      ObjectNode first = stored.object();
      assertThat(first.path("reason").asString()).isEqualTo("Started");
      assertThat(first.path("metadata").path("resourceVersion").asString()).isNotEmpty();
      // parsed anew from the bytes: a reader may not change what another reads
      assertThat(stored.object()).isNotSameAs(first).isEqualTo(first);
      assertThat(new String(stored.json(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"reason\":\"Started\"");
      put(store, EventTtl.EVENTS, event("e1", 2));
      assertThat(store.get(EventTtl.EVENTS, "default", "e1").path("count").asInt()).isEqualTo(2);
      ObjectNode cm = Json.object();
      cm.putObject("metadata").put("name", "c").put("namespace", "default");
      put(store, CONFIGMAPS, cm);
      Stored kept = store.stored(CONFIGMAPS, "default", "c");
      assertThat(kept.object()).isSameAs(kept.object());
    }
  }
}
