package io.kubesim.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.kubesim.controllermanager.SharedInformers;
import io.kubesim.controllermanager.Trees;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Services and pods both endpoints controllers read: the typed Service of a key, the typed pods
 * of a namespace, and the handlers that turn a pod's change into its Services' keys (by its old and
 * its new labels, as getPodServiceMemberships does).
 */
public final class ServicePods {
  public static final ResourcePath SERVICES = ResourcePath.core("services");

  private final SharedInformers informers;
  private final Informer services;
  private final Informer pods;

  public ServicePods(SharedInformers informers) {
    this.informers = informers;
    this.services = informers.of(SERVICES);
    this.pods = informers.of(ResourcePath.PODS);
  }

  public Informer services() {
    return services;
  }

  /** Enqueues a Service on its own changes and on changes of the pods it selects. */
  public void addHandlers(Consumer<String> enqueue) {
    services.addHandler(EventHandler.enqueue(enqueue));
    pods.addHandler(
        new EventHandler() {
          @Override
          public void onAdd(ObjectNode pod) {
            servicesOf(pod).forEach(enqueue);
          }

          @Override
          public void onUpdate(ObjectNode old, ObjectNode pod) {
            List<String> keys = servicesOf(pod);
            if (!Trees.labels(old).equals(Trees.labels(pod))) {
              servicesOf(old).stream().filter(k -> !keys.contains(k)).forEach(enqueue);
            }
            keys.forEach(enqueue);
          }

          @Override
          public void onDelete(ObjectNode pod) {
            servicesOf(pod).forEach(enqueue);
          }
        });
  }

  /** The keys of the Services in the pod's namespace whose selector picks it. */
  List<String> servicesOf(ObjectNode pod) {
    String namespace = Trees.namespace(pod);
    Map<String, String> labels = Trees.labels(pod);
    List<String> keys = new ArrayList<>();
    for (ObjectNode service : services.list()) {
      if (namespace.equals(Trees.namespace(service)) && selects(service, labels)) {
        keys.add(Keys.of(service));
      }
    }
    return keys;
  }

  private static boolean selects(ObjectNode service, Map<String, String> labels) {
    JsonNode selector = service.path("spec").path("selector");
    if (!selector.isObject() || selector.isEmpty()) {
      return false;
    }
    for (var entry : selector.properties()) {
      if (!entry.getValue().asString("").equals(labels.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The Service of a key, typed, or null when it is gone. */
  public Service service(String key) {
    ObjectNode node = services.get(key);
    return node == null ? null : informers.typed(node, "v1", "Service", Service.class);
  }

  /** The typed pods of a namespace. */
  public List<Pod> pods(String namespace) {
    List<Pod> out = new ArrayList<>();
    for (ObjectNode pod : SharedInformers.namespaced(pods, namespace)) {
      out.add(informers.typed(pod, "v1", "Pod", Pod.class));
    }
    return out;
  }
}
