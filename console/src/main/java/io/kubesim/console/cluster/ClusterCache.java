package io.kubesim.console.cluster;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's one decoded cache per watched resource, kept by the project's informers
 * (list-then-watch). Listeners hear "this kind changed", never the event itself: the page's views
 * are rebuilt from the caches, so a lost or merged event is harmless.
 */
public final class ClusterCache {
  /** Everything the page draws, by kind. */
  public static final Map<String, ResourcePath> RESOURCES = resources();

  private final Map<String, Informer> informers = new LinkedHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  public ClusterCache(Vertx vertx, ApiClient api) {
    RESOURCES.forEach(
        (kind, path) -> {
          Informer informer = new Informer(vertx, api, InformerOptions.of(path));
          informer.addHandler(changed(kind));
          informers.put(kind, informer);
        });
  }

  private static Map<String, ResourcePath> resources() {
    Map<String, ResourcePath> r = new LinkedHashMap<>();
    r.put("Namespace", ResourcePath.core("namespaces"));
    r.put("Node", ResourcePath.NODES);
    r.put("Pod", ResourcePath.PODS);
    r.put("Service", ResourcePath.core("services"));
    r.put("EndpointSlice", ResourcePath.of("discovery.k8s.io/v1", "endpointslices"));
    r.put("Deployment", ResourcePath.of("apps/v1", "deployments"));
    r.put("ReplicaSet", ResourcePath.of("apps/v1", "replicasets"));
    r.put("DaemonSet", ResourcePath.of("apps/v1", "daemonsets"));
    r.put("StatefulSet", ResourcePath.of("apps/v1", "statefulsets"));
    r.put("Job", ResourcePath.of("batch/v1", "jobs"));
    r.put("Ingress", ResourcePath.of("networking.k8s.io/v1", "ingresses"));
    r.put("Event", ResourcePath.core("events"));
    return Map.copyOf(r);
  }

  /** Starts every informer on the caller's context; completes when all have listed once. */
  public Future<Void> start() {
    List<Future<Void>> started = new ArrayList<>();
    informers.values().forEach(i -> started.add(i.start()));
    return Future.all(started).mapEmpty();
  }

  public Future<Void> stop() {
    return Future.all(informers.values().stream().map(Informer::stop).toList()).mapEmpty();
  }

  public boolean synced() {
    return informers.values().stream().allMatch(Informer::hasSynced);
  }

  /** Every cached object of a kind (one of {@link #RESOURCES}); the cache's own: do not modify. */
  public List<ObjectNode> list(String kind) {
    return informer(kind).list();
  }

  /** One object by kind and key ({@code namespace/name}, or {@code name}), or null. */
  public ObjectNode get(String kind, String key) {
    return informer(kind).get(key);
  }

  /** {@code listener} hears the kind of every change, on the informer's context. */
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  private Informer informer(String kind) {
    Informer informer = informers.get(kind);
    if (informer == null) {
      throw new IllegalArgumentException("the console does not watch " + kind);
    }
    return informer;
  }

  private EventHandler changed(String kind) {
    return new EventHandler() {
      @Override
      public void onAdd(ObjectNode object) {
        listeners.forEach(l -> l.accept(kind));
      }

      @Override
      public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
        if (oldObject != newObject) {
          listeners.forEach(l -> l.accept(kind));
        }
      }

      @Override
      public void onDelete(ObjectNode object) {
        listeners.forEach(l -> l.accept(kind));
      }
    };
  }
}
