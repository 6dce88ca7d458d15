package io.kubesim.core.events;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes core/v1 Events as client-go's record package does: named {@code <object>.<hex nanos>} in
 * the object's namespace ("default" for cluster-scoped objects), with the reporting component and
 * host as source; a repeat of the same event (same object, type, reason, message) bumps count and
 * lastTimestamp of the first one instead of making a new Event, so `kubectl describe` shows "x3
 * over 2m". Failures are logged, never passed on: an event is not worth failing a reconcile.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_REMEMBERED = 4096;
  private static final ResourcePath EVENTS = ResourcePath.core("events");

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  private record Seen(String namespace, String name, int count) {}

  private final ApiClient api;
  private final String component;
  private final String host;
  private final Clock clock;
  private final Map<String, Seen> seen =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
          return size() > MAX_REMEMBERED;
        }
      };

  /** {@code host} may be null (controllers report no host; kubelets their node name). */
  public EventRecorder(ApiClient api, String component, String host, Clock clock) {
    this.api = api;
    this.component = component;
    this.host = host;
    this.clock = clock;
  }

  public Future<Void> normal(JsonNode object, String reason, String message) {
    return record(object, null, NORMAL, reason, message);
  }

  public Future<Void> warning(JsonNode object, String reason, String message) {
    return record(object, null, WARNING, reason, message);
  }

  /**
   * Records an event about {@code object} (a stored object with kind and metadata); {@code
   * fieldPath} names a part of it, e.g. {@code spec.containers{nginx}}, or is null.
   */
  public Future<Void> record(
      JsonNode object, String fieldPath, String type, String reason, String message) {
    JsonNode meta = object.path("metadata");
    String key =
        String.join(
            "\u0000",
            meta.path("uid").asString(""),
            meta.path("name").asString(""),
            String.valueOf(fieldPath),
            type,
            reason,
            message);
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    Seen before;
    synchronized (seen) {
      before = seen.get(key);
    }
    Future<Void> done =
        before == null
            ? create(key, object, fieldPath, type, reason, message, now)
            : bump(key, before, now);
    return done.recover(
        failure -> {
          LOG.warn(
              "event {} {} not recorded: {}",
              reason,
              meta.path("name").asString(),
              failure.toString());
          return Future.succeededFuture();
        });
  }

  private Future<Void> create(
      String key,
      JsonNode object,
      String fieldPath,
      String type,
      String reason,
      String message,
      String now) {
    JsonNode meta = object.path("metadata");
    String objectNamespace = meta.path("namespace").asString("");
    String namespace = objectNamespace.isEmpty() ? "default" : objectNamespace;
    String name = meta.path("name").asString() + "." + Long.toHexString(nanos());
    ObjectNode event = Json.object();
    event.put("apiVersion", "v1");
    event.put("kind", "Event");
    event.putObject("metadata").put("name", name).put("namespace", namespace);
    ObjectNode involved = event.putObject("involvedObject");
    involved.put("kind", object.path("kind").asString(""));
    if (!objectNamespace.isEmpty()) {
      involved.put("namespace", objectNamespace);
    }
    involved.put("name", meta.path("name").asString(""));
    involved.put("uid", meta.path("uid").asString(""));
    involved.put("apiVersion", object.path("apiVersion").asString(""));
    involved.put("resourceVersion", meta.path("resourceVersion").asString(""));
    if (fieldPath != null) {
      involved.put("fieldPath", fieldPath);
    }
    event.put("reason", reason);
    event.put("message", message);
    ObjectNode source = event.putObject("source").put("component", component);
    if (host != null) {
      source.put("host", host);
    }
    event.put("firstTimestamp", now);
    event.put("lastTimestamp", now);
    event.put("count", 1);
    event.put("type", type);
    event.putNull("eventTime");
    event.put("reportingComponent", component);
    event.put("reportingInstance", host == null ? "" : host);
    return api.create(EVENTS.collection(namespace), event)
        .onSuccess(
            created -> {
              synchronized (seen) {
                seen.put(key, new Seen(namespace, name, 1));
              }
            })
        .mapEmpty();
  }

  private Future<Void> bump(String key, Seen before, String now) {
    int count = before.count() + 1;
    synchronized (seen) {
      seen.put(key, new Seen(before.namespace(), before.name(), count));
    }
    ObjectNode patch = Json.object();
    patch.put("count", count);
    patch.put("lastTimestamp", now);
    return api.patch(
            EVENTS.item(before.namespace(), before.name()), ApiClient.PatchType.MERGE, patch)
        .<Void>mapEmpty()
        .recover(
            failure -> {
              synchronized (seen) {
                seen.remove(key);
              }
              return Future.failedFuture(failure);
            });
  }

  /** Unix nanoseconds, unique per recorder so two events in one millisecond get two names. */
  private long lastNanos;

  private synchronized long nanos() {
    long now = Instant.now(clock).toEpochMilli() * 1_000_000L + (System.nanoTime() % 1_000_000L);
    lastNanos = Math.max(now, lastNanos + 1);
    return lastNanos;
  }
}
