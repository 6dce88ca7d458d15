package io.kubesim.core.events;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes core/v1 Events as client-go's record package does: named {@code <object>.<hex nanos>} in
 * the object's namespace ("default" for cluster-scoped objects), with the reporting component and
 * host as source, through the same correlation ({@link EventCorrelator}): a repeat bumps count and
 * lastTimestamp of the first one, so `kubectl describe` shows "x3 over 2m"; the tenth different
 * message of one reason about one object within 10 minutes is combined; each source and object may
 * burst 25 events. Writes of one Event go out in order; failures are logged, never passed on: an
 * event is not worth failing a reconcile.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final ResourcePath EVENTS = ResourcePath.core("events");

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  private final ApiClient api;
  private final String component;
  private final String host;
  private final Clock clock;
  private final EventCorrelator correlator = new EventCorrelator();
  private final Map<String, Future<Void>> inFlight = new HashMap<>();

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
    String objectName = meta.path("name").asString("");
    String objectKey =
        String.join(
            "\u0000",
            object.path("kind").asString(""),
            meta.path("namespace").asString(""),
            objectName,
            meta.path("uid").asString(""),
            object.path("apiVersion").asString(""));
    Instant at = Instant.now(clock);
    EventCorrelator.Decision decision;
    synchronized (correlator) {
      decision =
          correlator.correlate(
              new EventCorrelator.Event(
                  component + "\u0000" + host, objectKey, fieldPath, type, reason, message),
              at,
              () -> objectName + "." + Long.toHexString(nanos()));
    }
    if (decision.skip()) {
      return Future.succeededFuture();
    }
    Written w =
        new Written(
            object,
            fieldPath,
            type,
            reason,
            decision,
            at.truncatedTo(ChronoUnit.SECONDS).toString());
    return inOrder(decision.key(), () -> decision.create() ? create(w) : patch(w))
        .recover(
            failure -> {
              synchronized (correlator) {
                correlator.forget(decision.key());
              }
              LOG.warn("event {} {} not recorded: {}", reason, objectName, failure.toString());
              return Future.succeededFuture();
            });
  }

  /** One write: the event's object and fields, what the correlator decided, and when. */
  private record Written(
      JsonNode object,
      String fieldPath,
      String type,
      String reason,
      EventCorrelator.Decision decision,
      String now) {
    String namespace() {
      String ns = object.path("metadata").path("namespace").asString("");
      return ns.isEmpty() ? "default" : ns;
    }
  }

  /** Runs writes of one Event one after the other (a patch must not overtake its create). */
  private Future<Void> inOrder(String key, Supplier<Future<Void>> write) {
    Future<Void> next;
    synchronized (inFlight) {
      Future<Void> previous = inFlight.get(key);
      next = previous == null ? write.get() : previous.transform(done -> write.get());
      inFlight.put(key, next);
    }
    Future<Void> mine = next;
    mine.onComplete(
        done -> {
          synchronized (inFlight) {
            inFlight.remove(key, mine);
          }
        });
    return mine;
  }

  private Future<Void> create(Written w) {
    JsonNode meta = w.object().path("metadata");
    String objectNamespace = meta.path("namespace").asString("");
    ObjectNode event = Json.object();
    event.put("apiVersion", "v1");
    event.put("kind", "Event");
    event.putObject("metadata").put("name", w.decision().name()).put("namespace", w.namespace());
    ObjectNode involved = event.putObject("involvedObject");
    involved.put("kind", w.object().path("kind").asString(""));
    if (!objectNamespace.isEmpty()) {
      involved.put("namespace", objectNamespace);
    }
    involved.put("name", meta.path("name").asString(""));
    involved.put("uid", meta.path("uid").asString(""));
    involved.put("apiVersion", w.object().path("apiVersion").asString(""));
    involved.put("resourceVersion", meta.path("resourceVersion").asString(""));
    if (w.fieldPath() != null) {
      involved.put("fieldPath", w.fieldPath());
    }
    event.put("reason", w.reason());
    event.put("message", w.decision().message());
    ObjectNode source = event.putObject("source").put("component", component);
    if (host != null) {
      source.put("host", host);
    }
    event.put("firstTimestamp", w.now());
    event.put("lastTimestamp", w.now());
    event.put("count", w.decision().count());
    event.put("type", w.type());
    event.putNull("eventTime");
    event.put("reportingComponent", component);
    event.put("reportingInstance", host == null ? "" : host);
    return api.createIgnoringAnswer(EVENTS.collection(w.namespace()), event);
  }

  /** count, lastTimestamp and message; an Event gone meanwhile (or never written) is created. */
  private Future<Void> patch(Written w) {
    ObjectNode patch = Json.object();
    patch.put("count", w.decision().count());
    patch.put("lastTimestamp", w.now());
    patch.put("message", w.decision().message());
    return api.patchIgnoringAnswer(
            EVENTS.item(w.namespace(), w.decision().name()), ApiClient.PatchType.MERGE, patch)
        .recover(
            failure -> ApiClient.isNotFound(failure) ? create(w) : Future.failedFuture(failure));
  }

  /** Unix nanoseconds, unique per recorder so two events in one millisecond get two names. */
  private long lastNanos;

  private synchronized long nanos() {
    long now = Instant.now(clock).toEpochMilli() * 1_000_000L + (System.nanoTime() % 1_000_000L);
    lastNanos = Math.max(now, lastNanos + 1);
    return lastNanos;
  }
}
