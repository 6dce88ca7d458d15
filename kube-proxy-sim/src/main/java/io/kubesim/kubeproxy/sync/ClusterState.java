package io.kubesim.kubeproxy.sync;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.core.controller.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every proxier of the process reads: the Services, EndpointSlices and Nodes, each decoded
 * once per change into its fabric8 type (one cache for the whole process, however many nodes it
 * proxies for). Listeners hear that something changed, and for EndpointSlices when the change that
 * caused it happened (the endpoints.kubernetes.io/last-change-trigger-time annotation).
 */
public final class ClusterState {
  static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

  /** What a proxier is told. */
  public interface Listener {
    void serviceChanged();

    /**
     * @param triggered when the change behind the new slice happened, or null
     */
    void endpointsChanged(Instant triggered);

    void nodeChanged(String node);
  }

  private final Informer services;
  private final Informer slices;
  private final Informer nodes;
  private final Map<String, Service> serviceByKey = new ConcurrentHashMap<>();
  private final Map<String, EndpointSlice> sliceByKey = new ConcurrentHashMap<>();
  private final Map<String, Node> nodeByName = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public ClusterState(Vertx vertx, ApiClient api, Duration resync) {
    services = informer(vertx, api, ResourcePath.core("services"), resync);
    slices = informer(vertx, api, ResourcePath.of("discovery.k8s.io/v1", "endpointslices"), resync);
    nodes = informer(vertx, api, ResourcePath.NODES, resync);
    services.addHandler(
        handler(serviceByKey, Service.class, o -> listeners.forEach(Listener::serviceChanged)));
    slices.addHandler(
        handler(
            sliceByKey,
            EndpointSlice.class,
            o -> {
              Instant triggered = triggerTime(o);
              listeners.forEach(l -> l.endpointsChanged(triggered));
            }));
    nodes.addHandler(
        handler(
            nodeByName,
            Node.class,
            o ->
                listeners.forEach(l -> l.nodeChanged(o.path("metadata").path("name").asString()))));
  }

  private static Informer informer(Vertx vertx, ApiClient api, ResourcePath path, Duration resync) {
    return new Informer(vertx, api, InformerOptions.of(path).withResync(resync));
  }

  /**
   * Keeps {@code cache} (by namespace/name) decoded; a resync of an unchanged object is no change.
   */
  private static <T> EventHandler handler(
      Map<String, T> cache, Class<T> type, java.util.function.Consumer<ObjectNode> changed) {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode object) {
        cache.put(key(object), ApiClient.as(object, type));
        changed.accept(object);
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode object) {
        if (old != object && !old.equals(object)) {
          cache.put(key(object), ApiClient.as(object, type));
          changed.accept(object);
        }
      }

      @Override
      public void onDelete(ObjectNode object) {
        cache.remove(key(object));
        changed.accept(object);
      }
    };
  }

  private static String key(ObjectNode object) {
    String namespace = object.path("metadata").path("namespace").asString("");
    String name = object.path("metadata").path("name").asString("");
    return namespace.isEmpty() ? name : Keys.of(namespace, name);
  }

  private static Instant triggerTime(ObjectNode slice) {
    String text = slice.path("metadata").path("annotations").path(TRIGGER_TIME).asString("");
    try {
      return text.isEmpty() ? null : Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public Future<Void> start() {
    return Future.all(services.start(), slices.start(), nodes.start()).mapEmpty();
  }

  public Future<Void> stop() {
    return Future.all(services.stop(), slices.stop(), nodes.stop()).mapEmpty();
  }

  public boolean synced() {
    return services.hasSynced() && slices.hasSynced() && nodes.hasSynced();
  }

  public List<Service> services() {
    return List.copyOf(serviceByKey.values());
  }

  public List<EndpointSlice> endpointSlices() {
    return List.copyOf(sliceByKey.values());
  }

  public Node node(String name) {
    return nodeByName.get(name);
  }

  public List<Node> nodes() {
    return List.copyOf(nodeByName.values());
  }
}
