package io.kubesim.apiserver.watch;

import io.kubesim.apiserver.registry.ListQuery;
import io.kubesim.apiserver.registry.Negotiation;
import io.kubesim.apiserver.registry.TableConverter;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.request.WireJson;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.apiserver.storage.WatchEvent;
import io.kubesim.apiserver.storage.Watcher;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.node.ObjectNode;

/**
 * One watch, independent of its transport: picks the events of the watched type, namespace and
 * selectors, and turns each into the line the client reads ({@code {"type":..,"object":..}}).
 *
 * <p>Selectors are applied to the object before and after the change, as the real watch cache does:
 * an object that starts matching arrives as ADDED, one that stops matching as DELETED.
 */
public final class WatchSession implements Watcher {
  /** Where the lines go. Called under the store's commit lock: implementations only enqueue. */
  public interface Sink {
    void send(byte[] line);

    void end();
  }

  private final ResourceType type;
  private final String namespace;
  private final ListQuery query;
  private final boolean table;
  private final String include;
  private final boolean bookmarks;
  private final Clock clock;
  private final Sink sink;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Runnable unregister = () -> {};

  private WatchSession(
      ResourceType type, RequestInfo info, ApiRequest request, Clock clock, Sink sink) {
    this.type = type;
    this.namespace = info.namespace();
    this.query = ListQuery.of(request, type);
    this.table = Negotiation.wantsTable(request);
    this.include = Negotiation.includeObject(request);
    this.bookmarks = request.flag("allowWatchBookmarks");
    this.clock = clock;
    this.sink = sink;
  }

  /**
   * Starts a watch: with no resourceVersion (or "0") the client first gets every current object as
   * ADDED; with one, every change after it, or an ERROR event carrying 410 Expired when that
   * history is gone (what the real apiserver's watch cache sends, and what informers expect).
   */
  public static WatchSession start(
      Store store,
      ResourceType type,
      RequestInfo info,
      ApiRequest request,
      Clock clock,
      Sink sink) {
    WatchSession session = new WatchSession(type, info, request, clock, sink);
    String rv = request.param("resourceVersion", "");
    if (rv.isEmpty() || rv.equals("0")) {
      session.registered(store.listAndWatch(type, info.namespace(), session));
      return session;
    }
    long from;
    try {
      from = Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw Status.badRequest("invalid resource version: " + rv);
    }
    try {
      session.registered(store.watch(from, session));
    } catch (ApiException e) {
      if (e.code() != 410) {
        throw e;
      }
      session.sendError(e);
    }
    return session;
  }

  /**
   * How long this watch lasts: timeoutSeconds if positive, else a random time between 30 and 60
   * minutes, as the apiserver spreads its --min-request-timeout (1800 s) so clients do not all
   * re-watch at once. A bad timeoutSeconds was refused with the other ListOptions by {@link
   * ListQuery#of}, before anything was sent.
   */
  public static long timeoutMillis(ApiRequest request) {
    Long seconds = request.integer("timeoutSeconds");
    if (seconds != null && seconds > 0) {
      return Math.min(seconds, MAX_TIMEOUT_SECONDS) * 1000;
    }
    return (1800 + ThreadLocalRandom.current().nextLong(1800)) * 1000;
  }

  /** A year: past it a timer's milliseconds could overflow; no watch lives that long anyway. */
  private static final long MAX_TIMEOUT_SECONDS = 365L * 24 * 3600;

  @Override
  public boolean wantsBookmarks() {
    return bookmarks;
  }

  @Override
  public void onEvent(WatchEvent published) {
    if (ended.get()) {
      return;
    }
    if (published.type().equals(WatchEvent.BOOKMARK)) {
      sink.send(line(WatchEvent.BOOKMARK, bookmark(published.resourceVersion())));
      return;
    }
    WatchEvent event = published.resource() == type ? published : published.inView(type);
    if (event == null) {
      return;
    }
    if (namespace != null && !namespace.equals(event.namespace())) {
      return;
    }
    String kind = visibleType(event);
    if (kind == null) {
      return;
    }
    if (!table && kind.equals(event.type())) {
      sink.send(event.line());
    } else {
      sink.send(line(kind, render(event.object())));
    }
  }

  /** The event type this watcher sees, or null when the change is outside its selectors. */
  private String visibleType(WatchEvent event) {
    if (query.labels().empty() && query.fields().empty()) {
      return event.type();
    }
    boolean now = query.matches(type, event.object());
    boolean before = event.previous() != null && query.matches(type, event.previous());
    return switch (event.type()) {
      case WatchEvent.ADDED -> now ? WatchEvent.ADDED : null;
      case WatchEvent.DELETED -> before ? WatchEvent.DELETED : null;
      default -> {
        if (now) {
          yield before ? WatchEvent.MODIFIED : WatchEvent.ADDED;
        }
        yield before ? WatchEvent.DELETED : null;
      }
    };
  }

  private ObjectNode render(ObjectNode object) {
    if (!table) {
      return object;
    }
    ObjectNode rows = TableConverter.table(type, List.of(object), include, clock.instant());
    ((ObjectNode) rows.get("metadata"))
        .put("resourceVersion", object.path("metadata").path("resourceVersion").asString(""));
    return rows;
  }

  private ObjectNode bookmark(long rv) {
    ObjectNode object = Json.object();
    object.put("kind", type.kind());
    object.put("apiVersion", type.apiVersion());
    object.putObject("metadata").put("resourceVersion", Long.toString(rv));
    return object;
  }

  private void sendError(ApiException error) {
    sink.send(line("ERROR", Status.wire(error.status())));
    stop();
  }

  private static byte[] line(String eventType, ObjectNode object) {
    ObjectNode event = Json.object();
    event.put("type", eventType);
    event.set("object", object);
    return WireJson.line(event);
  }

  private void registered(Runnable handle) {
    unregister = handle;
    if (ended.get()) {
      handle.run(); // stopped while registering: do not leave the watcher behind
    }
  }

  public ResourceType type() {
    return type;
  }

  /** Ends the watch once: unregisters from the store and closes the sink. */
  public void stop() {
    if (ended.compareAndSet(false, true)) {
      unregister.run();
      sink.end();
    }
  }

  public boolean ended() {
    return ended.get();
  }
}
