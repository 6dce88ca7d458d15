package io.kubesim.apiserver.lifecycle;

import io.kubesim.apiserver.registry.Meta;
import io.kubesim.apiserver.registry.Writes;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.apiserver.storage.Store.Change;
import io.kubesim.core.api.ApiException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The namespace controller's work, level-triggered: a Terminating namespace has its contents
 * deleted; once nothing is left in it, its {@code kubernetes} finalizer is removed and it goes
 * away. It runs inside the apiserver until the controller-manager process exists to own it, so that
 * {@code kubectl delete namespace} completes as on a real cluster.
 */
public final class NamespaceFinalizer {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceFinalizer.class);
  private static final ResourceType NAMESPACES = Resources.find("", "v1", "namespaces").get();

  private final Store store;
  private final Writes writes;

  public NamespaceFinalizer(Store store, Writes writes) {
    this.store = store;
    this.writes = writes;
  }

  /** One pass over every Terminating namespace. */
  public void sync() {
    for (ObjectNode namespace : store.list(NAMESPACES, null).items()) {
      if (Meta.terminating(namespace)) {
        try {
          syncOne(Meta.name(namespace));
        } catch (ApiException e) {
          LOG.info("namespace {}: {} (will retry)", Meta.name(namespace), e.getMessage());
        }
      }
    }
  }

  private void syncOne(String namespace) {
    int remaining = 0;
    for (ResourceType type : Resources.all()) {
      if (!type.namespaced()) {
        continue;
      }
      for (ObjectNode object : store.list(type, namespace).items()) {
        remaining++;
        if (!Meta.terminating(object)) {
          delete(type, namespace, Meta.name(object));
        }
      }
    }
    if (remaining == 0) {
      finalizeNamespace(namespace);
    }
  }

  private void delete(ResourceType type, String namespace, String name) {
    ApiRequest request =
        new ApiRequest(
            "DELETE", "", Map.of(), Map.of(), new byte[0], "system:namespace-controller");
    RequestInfo info =
        new RequestInfo(
            type.group(), type.version(), namespace, type.plural(), name, null, "delete");
    try {
      writes.delete(request, info, type);
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  /** Drops the {@code kubernetes} spec finalizer; the namespace goes when no finalizer is left. */
  private void finalizeNamespace(String name) {
    store.commit(
        NAMESPACES,
        null,
        name,
        current -> {
          if (current == null) {
            return new Change.None(null);
          }
          ObjectNode next = current.deepCopy();
          JsonNode spec = next.path("spec");
          if (spec instanceof ObjectNode s && s.get("finalizers") instanceof ArrayNode list) {
            ArrayNode kept = s.putArray("finalizers");
            for (JsonNode f : List.copyOf(list.valueStream().toList())) {
              if (!f.asString().equals("kubernetes")) {
                kept.add(f);
              }
            }
            if (kept.isEmpty()) {
              s.remove("finalizers");
            }
          }
          boolean anyLeft =
              !next.path("spec").path("finalizers").isEmpty()
                  || !next.path("metadata").path("finalizers").isEmpty();
          return anyLeft ? new Change.Put(next) : new Change.Delete();
        });
  }
}
