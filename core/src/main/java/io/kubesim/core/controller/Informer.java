package io.kubesim.core.controller;

import io.kubesim.core.Addresses;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.json.Json;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local cache of one resource kept current by list-then-watch, as client-go's shared informer
 * (reflector + store + handlers), on one Vert.x context and without blocking:
 *
 * <ol>
 *   <li>list, replace the cache (adds, updates for everything still there, deletes for what is
 *       gone), remember the list's resourceVersion, mark the informer synced;
 *   <li>watch from that resourceVersion; each event updates the cache, then the handlers;
 *   <li>when the watch ends, watch again from the last resourceVersion seen (events and bookmarks),
 *       or list again when the last list is older than {@link InformerOptions#relistPeriod()};
 *   <li>an ERROR event with 410 Expired (history too old), any other ERROR, a watch that cannot
 *       start, or a watch that outlives its timeout without ending (a lost end message or a dead
 *       apiserver): list again, with a backoff of 200 ms doubling up to 30 s while lists fail.
 * </ol>
 *
 * <p>Every {@link InformerOptions#resyncPeriod()} every cached object is delivered again as an
 * update. State is touched only on the informer's context; the cache maps are concurrent so that
 * other contexts may read them ({@link #get}, {@link #list}).
 */
public final class Informer {
  private static final Logger LOG = LoggerFactory.getLogger(Informer.class);
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  private static final long WATCH_GRACE_MILLIS = 10_000;

  private final Vertx vertx;
  private final ApiClient api;
  private final InformerOptions options;
  private final Map<String, ObjectNode> cache = new ConcurrentHashMap<>();
  private final CacheIndexes indexes = new CacheIndexes();
  private final List<EventHandler> handlers = new CopyOnWriteArrayList<>();
  private final Promise<Void> firstSync = Promise.promise();
  private volatile boolean synced;

  // Context-confined.
  private Context context;
  private boolean stopped;
  private int generation;
  private String resourceVersion;
  private long listedAt;
  private int failures;
  private BusApiClient.Watch watch;
  private long watchTimer = -1;
  private long resyncTimer = -1;
  private long retryTimer = -1;
  private volatile String watchId;
  private io.vertx.core.eventbus.MessageConsumer<Object> apiserverStarted;

  public Informer(Vertx vertx, ApiClient api, InformerOptions options) {
    this.vertx = vertx;
    this.api = api;
    this.options = options;
  }

  /** Adds a handler; one added after the first sync first gets every cached object as an add. */
  public Informer addHandler(EventHandler handler) {
    if (context == null) {
      handlers.add(handler);
    } else {
      context.runOnContext(
          v -> {
            handlers.add(handler);
            if (synced) {
              cache.values().forEach(o -> safely(() -> handler.onAdd(o)));
            }
          });
    }
    return this;
  }

  /** Removes a handler (a user that stops before the informer does). */
  public void removeHandler(EventHandler handler) {
    handlers.remove(handler);
  }

  /**
   * Starts on the caller's context (or a new event-loop context); the Future completes at the first
   * sync. A failing list is retried, so it may take a while but does not fail.
   */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    context.runOnContext(
        v -> {
          long resync = options.resyncPeriod().toMillis();
          if (resync > 0) {
            resyncTimer = vertx.setPeriodic(resync, t -> resync());
          }
          // A restarted apiserver cannot end the watches of its previous run: list again at once
          // instead of waiting for the watch's timeout.
          apiserverStarted =
              vertx
                  .eventBus()
                  .consumer(
                      Addresses.APISERVER_STARTED,
                      message ->
                          context.runOnContext(
                              x -> {
                                if (synced && !stopped) {
                                  LOG.info(
                                      "{}: an apiserver started; listing again", options.path());
                                  relist();
                                }
                              }));
          relist();
        });
    return firstSync.future();
  }

  /** Stops watching; the cache keeps its last state. */
  public Future<Void> stop() {
    Promise<Void> stoppedPromise = Promise.promise();
    context.runOnContext(
        v -> {
          stopped = true;
          generation++;
          if (apiserverStarted != null) {
            apiserverStarted.unregister();
          }
          vertx.cancelTimer(resyncTimer);
          vertx.cancelTimer(retryTimer);
          endWatch().onComplete(done -> stoppedPromise.complete());
        });
    return stoppedPromise.future();
  }

  /** True once the first list has been delivered to the handlers. */
  public boolean hasSynced() {
    return synced;
  }

  public ObjectNode get(String key) {
    return cache.get(key);
  }

  public List<ObjectNode> list() {
    return List.copyOf(cache.values());
  }

  /**
   * Adds an index (client-go's AddIndexers): {@code function} gives an object's values for it.
   * Before {@link #start} only, so that every cached object is indexed.
   */
  public Informer addIndex(
      String name, java.util.function.Function<ObjectNode, java.util.Collection<String>> function) {
    if (context != null) {
      throw new IllegalStateException("index " + name + " added after start");
    }
    indexes.add(name, function);
    return this;
  }

  /** Whether {@link #addIndex} added {@code name}. */
  public boolean hasIndex(String name) {
    return indexes.has(name);
  }

  /** The cached objects whose {@code name} index holds {@code value} (client-go's ByIndex). */
  public List<ObjectNode> byIndex(String name, String value) {
    List<ObjectNode> objects = new ArrayList<>();
    for (String key : indexes.keys(name, value)) {
      ObjectNode o = cache.get(key);
      if (o != null) {
        objects.add(o);
      }
    }
    return objects;
  }

  public Set<String> keys() {
    return Set.copyOf(cache.keySet());
  }

  /** The id of the running watch (for diagnostics and tests), or null between watches. */
  public String watchId() {
    return watchId;
  }

  private void relist() {
    if (stopped) {
      return;
    }
    int gen = ++generation;
    endWatch();
    api.list(options.path(), selectors())
        .onSuccess(list -> listed(gen, list))
        .onFailure(e -> failed(gen, "list", e));
  }

  private void listed(int gen, ObjectNode list) {
    if (gen != generation || stopped) {
      return;
    }
    failures = 0;
    listedAt = System.nanoTime();
    replace(list);
    resourceVersion = list.path("metadata").path("resourceVersion").asString("");
    if (!synced) {
      synced = true;
      firstSync.tryComplete();
    }
    startWatch(gen);
  }

  /** The cache becomes the list: adds, updates for the survivors, deletes for the missing. */
  private void replace(ObjectNode list) {
    String kind = list.path("kind").asString("");
    String itemKind = kind.endsWith("List") ? kind.substring(0, kind.length() - 4) : "";
    Map<String, ObjectNode> fresh = new LinkedHashMap<>();
    for (JsonNode item : list.path("items")) {
      if (item instanceof ObjectNode object) {
        // List items carry no kind or apiVersion on the wire; handlers converting to fabric8 want
        // them.
        if (!object.has("kind") && !itemKind.isEmpty()) {
          object.put("kind", itemKind);
        }
        if (!object.has("apiVersion") && list.has("apiVersion")) {
          object.put("apiVersion", list.path("apiVersion").asString());
        }
        fresh.put(Keys.of(object), withoutManagedFields(object));
      }
    }
    Set<String> gone = new HashSet<>(cache.keySet());
    gone.removeAll(fresh.keySet());
    for (String key : gone) {
      ObjectNode last = cache.remove(key);
      indexes.update(key, last, null);
      deliver(h -> h.onDelete(last));
    }
    fresh.forEach(
        (key, object) -> {
          ObjectNode old = cache.put(key, object);
          indexes.update(key, old, object);
          if (old == null) {
            deliver(h -> h.onAdd(object));
          } else {
            deliver(h -> h.onUpdate(old, object));
          }
        });
  }

  private void startWatch(int gen) {
    long minSeconds = Math.max(1, options.minWatchTimeout().toSeconds());
    long timeoutSeconds = minSeconds + ThreadLocalRandom.current().nextLong(minSeconds + 1);
    Map<String, String> query = selectors();
    query.put("resourceVersion", resourceVersion);
    query.put("allowWatchBookmarks", "true");
    query.put("timeoutSeconds", Long.toString(timeoutSeconds));
    api.watch(options.path(), query, line -> onLine(gen, line), () -> onEnd(gen))
        .onSuccess(w -> watching(gen, w, timeoutSeconds))
        .onFailure(e -> failed(gen, "watch", e));
  }

  private void watching(int gen, BusApiClient.Watch started, long timeoutSeconds) {
    if (gen != generation || stopped) {
      started.cancel();
      return;
    }
    watch = started;
    watchId = started.id();
    // The apiserver ends the watch after timeoutSeconds; if no end arrives (lost message, dead
    // apiserver) events may have been lost too, so list again.
    watchTimer =
        vertx.setTimer(
            timeoutSeconds * 1000 + WATCH_GRACE_MILLIS,
            t -> {
              if (gen == generation) {
                LOG.warn("{}: watch did not end in time; listing again", options.path());
                relist();
              }
            });
  }

  private void onLine(int gen, Buffer line) {
    if (gen != generation || stopped) {
      return;
    }
    JsonNode event = Json.parse(line.getBytes());
    String type = event.path("type").asString("");
    JsonNode node = event.path("object");
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    switch (type) {
      case "ADDED", "MODIFIED" -> upsert(object);
      case "DELETED" -> deleted(object);
      case "BOOKMARK" -> advance(object);
      case "ERROR" -> watchError(object);
      default -> LOG.warn("{}: unknown watch event type {}", options.path(), type);
    }
  }

  private void upsert(ObjectNode object) {
    advance(object);
    withoutManagedFields(object);
    String key = Keys.of(object);
    ObjectNode old = cache.put(key, object);
    indexes.update(key, old, object);
    if (old == null) {
      deliver(h -> h.onAdd(object));
    } else {
      deliver(h -> h.onUpdate(old, object));
    }
  }

  private void deleted(ObjectNode object) {
    advance(object);
    withoutManagedFields(object);
    String key = Keys.of(object);
    indexes.update(key, cache.remove(key), null);
    deliver(h -> h.onDelete(object));
  }

  /**
   * client-go's TransformStripManagedFields, which kube-scheduler and kube-controller-manager set
   * on their informers: no controller reads managedFields, and they are often half of an object's
   * metadata, in every process that caches it. A write of a cached copy without them keeps the live
   * ones (the apiserver's rule for an object that carries none).
   */
  private static ObjectNode withoutManagedFields(ObjectNode object) {
    if (object.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
    }
    return object;
  }

  private void advance(ObjectNode object) {
    String rv = object.path("metadata").path("resourceVersion").asString("");
    if (!rv.isEmpty()) {
      resourceVersion = rv;
    }
  }

  private void watchError(ObjectNode status) {
    int code = status.path("code").asInt(0);
    if (code == 410) {
      LOG.info(
          "{}: resourceVersion {} expired ({}); listing again",
          options.path(),
          resourceVersion,
          status.path("message").asString(""));
      relist();
    } else {
      failed(generation, "watch", new IllegalStateException(Json.string(status)));
    }
  }

  private void onEnd(int gen) {
    if (gen != generation || stopped) {
      return;
    }
    vertx.cancelTimer(watchTimer);
    watch = null;
    watchId = null;
    long sinceList = (System.nanoTime() - listedAt) / 1_000_000;
    if (sinceList >= options.relistPeriod().toMillis()) {
      relist();
    } else {
      startWatch(++generation);
    }
  }

  /** A failed list or watch: list again after a backoff (200 ms doubling, at most 30 s). */
  private void failed(int gen, String what, Throwable e) {
    if (gen != generation || stopped) {
      return;
    }
    long delay = Math.min(MAX_BACKOFF_MILLIS, 200L << Math.min(failures, 10));
    failures++;
    LOG.warn(
        "{}: {} failed, listing again in {} ms: {}", options.path(), what, delay, e.toString());
    generation++;
    endWatch();
    retryTimer = vertx.setTimer(delay, t -> relist());
  }

  private Future<Void> endWatch() {
    vertx.cancelTimer(watchTimer);
    BusApiClient.Watch running = watch;
    watch = null;
    watchId = null;
    return running == null ? Future.succeededFuture() : running.cancel();
  }

  private void resync() {
    if (!synced || stopped) {
      return;
    }
    for (ObjectNode object : new ArrayList<>(cache.values())) {
      deliver(h -> h.onUpdate(object, object));
    }
  }

  private Map<String, String> selectors() {
    Map<String, String> query = new LinkedHashMap<>();
    if (options.labelSelector() != null && !options.labelSelector().isEmpty()) {
      query.put("labelSelector", options.labelSelector());
    }
    if (options.fieldSelector() != null && !options.fieldSelector().isEmpty()) {
      query.put("fieldSelector", options.fieldSelector());
    }
    return query;
  }

  private void deliver(Consumer<EventHandler> event) {
    for (EventHandler handler : handlers) {
      safely(() -> event.accept(handler));
    }
  }

  /** A failing handler is logged and must not stop the informer or the other handlers. */
  private void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("{}: event handler failed", options.path(), e);
    }
  }
}
