package io.kubesim.controllermanager;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * client-go's SharedInformerFactory: one informer per resource, whichever controllers ask for it.
 * Controllers ask while they are built; {@link #start} then starts every informer. The informers
 * run whether or not this process leads: a new leader starts from warm caches.
 */
public final class SharedInformers {
  private final Vertx vertx;
  private final ApiClient api;
  private final Duration resync;
  private final Map<ResourcePath, Informer> informers = new LinkedHashMap<>();

  /** uid → the last informer tree converted to a fabric8 object, and that object. */
  private final Map<String, Converted> converted = new ConcurrentHashMap<>();

  private record Converted(ObjectNode node, Object value) {}

  private boolean started;

  /** Every informer's index of its objects by namespace. */
  public static final String BY_NAMESPACE = "namespace";

  /**
   * Every informer's index of its objects by their controller's uid; objects without a controller
   * are under {@link #orphansOf} their namespace.
   */
  public static final String BY_CONTROLLER = "controller";

  /** The {@link #BY_CONTROLLER} value of a namespace's objects that no controller owns. */
  public static String orphansOf(String namespace) {
    return "orphan/" + namespace;
  }

  private static java.util.Collection<String> controllerOf(ObjectNode object) {
    for (tools.jackson.databind.JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return List.of(ref.path("uid").asString(""));
      }
    }
    return List.of(orphansOf(Trees.namespace(object)));
  }

  public SharedInformers(Vertx vertx, ApiClient api, Duration resync) {
    this.vertx = vertx;
    this.api = api;
    this.resync = resync;
  }

  /** The informer over every namespace of {@code resource}. */
  public synchronized Informer of(ResourcePath resource) {
    if (started && !informers.containsKey(resource)) {
      throw new IllegalStateException("informer for " + resource + " asked for after start");
    }
    return informers.computeIfAbsent(resource, this::create);
  }

  private Informer create(ResourcePath resource) {
    Informer informer = new Informer(vertx, api, InformerOptions.of(resource).withResync(resync));
    informer.addIndex(BY_NAMESPACE, o -> List.of(Trees.namespace(o)));
    informer.addIndex(BY_CONTROLLER, SharedInformers::controllerOf);
    informer.addHandler(
        new EventHandler() {
          @Override
          public void onDelete(ObjectNode object) {
            converted.remove(Trees.uid(object));
          }
        });
    return informer;
  }

  /**
   * The fabric8 object for an informer's tree, converted once per version: the informers replace a
   * tree when it changes, so the same tree instance means the same version. Syncs that read every
   * pod of a namespace would otherwise convert each of them again. The result is shared: read it,
   * never change it.
   */
  public <T> T typed(ObjectNode node, String apiVersion, String kind, Class<T> type) {
    String uid = Trees.uid(node);
    Converted last = converted.get(uid);
    if (last != null && last.node() == node && type.isInstance(last.value())) {
      return type.cast(last.value());
    }
    T value = Trees.typed(node, apiVersion, kind, type);
    if (!uid.isEmpty()) {
      converted.put(uid, new Converted(node, value));
    }
    return value;
  }

  /** The informer's objects of one namespace as fabric8 objects (shared: read, never change). */
  public <T> List<T> inNamespace(
      Informer informer, String ns, String apiVersion, String kind, Class<T> type) {
    List<T> items = new ArrayList<>();
    for (ObjectNode o : namespaced(informer, ns)) {
      items.add(typed(o, apiVersion, kind, type));
    }
    return items;
  }

  /** The informer's objects of one namespace (by its index where it has one). */
  public static List<ObjectNode> namespaced(Informer informer, String ns) {
    if (informer.hasIndex(BY_NAMESPACE)) {
      return informer.byIndex(BY_NAMESPACE, ns);
    }
    List<ObjectNode> items = new ArrayList<>();
    for (ObjectNode o : informer.list()) {
      if (ns.equals(Trees.namespace(o))) {
        items.add(o);
      }
    }
    return items;
  }

  /**
   * What a controller may own in {@code ns}: the objects whose controller is {@code ownerUid} and
   * those without a controller (it may adopt them). Objects of other controllers are left out, as
   * claiming would leave them alone anyway.
   */
  public static List<ObjectNode> claimable(Informer informer, String ns, String ownerUid) {
    if (!informer.hasIndex(BY_CONTROLLER)) {
      return namespaced(informer, ns);
    }
    List<ObjectNode> items = new ArrayList<>();
    for (ObjectNode o : informer.byIndex(BY_CONTROLLER, ownerUid)) {
      if (ns.equals(Trees.namespace(o))) {
        items.add(o);
      }
    }
    items.addAll(informer.byIndex(BY_CONTROLLER, orphansOf(ns)));
    return items;
  }

  /** Starts every informer; completes when each has listed once. */
  public synchronized Future<Void> start() {
    started = true;
    List<Future<Void>> synced = new ArrayList<>();
    informers.values().forEach(i -> synced.add(i.start()));
    return Future.all(synced).mapEmpty();
  }

  public synchronized boolean hasSynced() {
    return informers.values().stream().allMatch(Informer::hasSynced);
  }

  public synchronized Future<Void> stop() {
    List<Future<Void>> stopped = new ArrayList<>();
    if (started) {
      informers.values().forEach(i -> stopped.add(i.stop()));
    }
    return Future.all(stopped).mapEmpty();
  }

  public synchronized Map<ResourcePath, Informer> all() {
    return Map.copyOf(informers);
  }
}
