package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.admission.AdmissionChain;
import io.kubesim.apiserver.admission.Attributes;
import io.kubesim.apiserver.admission.Operation;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.apiserver.storage.Store.Change;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import java.time.Clock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deletion as the generic registry does it: preconditions, finalizers (the object stays with a
 * deletionTimestamp until they are gone), graceful pod deletion, and propagationPolicy, which
 * becomes the {@code orphan} or {@code foregroundDeletion} finalizer that the garbage collector
 * honours.
 */
final class Deletes {
  private final Store store;
  private final Clock clock;
  private final java.util.function.Supplier<AdmissionChain> admission;

  Deletes(Store store, Clock clock, java.util.function.Supplier<AdmissionChain> admission) {
    this.store = store;
    this.clock = clock;
    this.admission = admission;
  }

  /** DeleteOptions from the body (kubectl) or the query (curl), body first. */
  record Options(
      Long gracePeriodSeconds, String propagationPolicy, String uid, String rv, boolean dryRun) {
    static Options of(ApiRequest request) {
      JsonNode body = Json.object();
      if (request.body() != null && request.body().length > 0) {
        body = Bodies.tree(request);
      }
      JsonNode grace = body.get("gracePeriodSeconds");
      Long gracePeriod =
          grace != null && grace.isNumber()
              ? Long.valueOf(grace.asLong())
              : request.integer("gracePeriodSeconds");
      String policy =
          body.path("propagationPolicy").asString(request.param("propagationPolicy", ""));
      if (body.path("orphanDependents").asBoolean(false)) {
        policy = "Orphan";
      }
      JsonNode preconditions = body.path("preconditions");
      // kubectl delete --dry-run=server sends dryRun in the DeleteOptions body, not the query
      boolean dryRun = request.dryRun();
      for (JsonNode value : body.path("dryRun")) {
        dryRun |= value.asString("").equals("All");
      }
      return new Options(
          gracePeriod,
          policy,
          preconditions.path("uid").asString(""),
          preconditions.path("resourceVersion").asString(""),
          dryRun);
    }
  }

  ObjectNode delete(ApiRequest request, RequestInfo info, ResourceType type) {
    Options options = Options.of(request);
    boolean dry = options.dryRun();
    String name = info.name();
    admit(type, info.namespace(), name, dry);
    return store
        .commit(
            type,
            info.namespace(),
            name,
            current -> {
              if (current == null) {
                throw Status.notFound(type.qualified(), name);
              }
              checkPreconditions(type, current, options);
              return decide(type, current, options, dry);
            })
        .object();
  }

  /** Both admission phases for a delete, on the object as it is now (none: the delete 404s). */
  private void admit(ResourceType type, String namespace, String name, boolean dry) {
    ObjectNode current = store.get(type, namespace, name);
    if (current == null) {
      return;
    }
    Attributes attributes =
        new Attributes(Operation.DELETE, type, null, namespace, name, null, current, dry);
    AdmissionChain chain = admission.get();
    chain.admit(attributes);
    chain.validate(attributes);
  }

  private Change decide(ResourceType type, ObjectNode current, Options options, boolean dry) {
    ObjectNode next = current.deepCopy();
    ObjectNode metadata = Meta.of(next);
    addPropagationFinalizer(metadata, options.propagationPolicy());
    long grace = gracePeriod(type, current, options);
    if (Meta.terminating(current)) {
      // Already being deleted: a shorter grace period may still speed it up, nothing else.
      if (grace == 0 && !hasFinalizers(type, current)) {
        return dry ? new Change.None(current) : new Change.Delete();
      }
      return new Change.None(current);
    }
    if (grace == 0 && !hasFinalizers(type, next)) {
      return dry ? new Change.None(current) : new Change.Delete();
    }
    metadata.put("deletionTimestamp", Meta.timestamp(clock.instant().plusSeconds(grace)));
    metadata.put("deletionGracePeriodSeconds", grace);
    if (type.qualified().equals("namespaces")) {
      ((ObjectNode) next.path("status")).put("phase", "Terminating");
    }
    metadata.remove("resourceVersion");
    return dry ? new Change.None(next) : new Change.Put(next);
  }

  /**
   * The grace period: 0 for everything but pods; for a pod on a node, the request's, else its
   * spec's terminationGracePeriodSeconds (default 30), so the kubelet can stop it. A pod that never
   * reached a node is deleted at once.
   */
  private static long gracePeriod(ResourceType type, ObjectNode current, Options options) {
    if (!type.qualified().equals("pods")) {
      return 0;
    }
    if (current.path("spec").path("nodeName").asString("").isEmpty()) {
      return 0;
    }
    if (options.gracePeriodSeconds() != null) {
      return Math.max(0, options.gracePeriodSeconds());
    }
    return current.path("spec").path("terminationGracePeriodSeconds").asLong(30);
  }

  private static void addPropagationFinalizer(ObjectNode metadata, String policy) {
    String finalizer =
        switch (policy) {
          case "Orphan" -> "orphan";
          case "Foreground" -> "foregroundDeletion";
          case "", "Background" -> null;
          default ->
              throw Status.failure(
                  422,
                  "Invalid",
                  "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported"
                      + " value: \""
                      + policy
                      + "\": supported values: \"Foreground\","
                      + " \"Background\", \"Orphan\", \"nil\"",
                  null,
                  null);
        };
    if (finalizer == null) {
      return;
    }
    ArrayNode finalizers =
        metadata.has("finalizers")
            ? (ArrayNode) metadata.get("finalizers")
            : metadata.putArray("finalizers");
    for (JsonNode f : finalizers) {
      if (f.asString().equals(finalizer)) {
        return;
      }
    }
    finalizers.add(finalizer);
  }

  /** Namespaces also wait for spec.finalizers (the namespace controller's "kubernetes"). */
  static boolean hasFinalizers(ResourceType type, JsonNode object) {
    boolean metadataFinalizers = !object.path("metadata").path("finalizers").isEmpty();
    if (type.qualified().equals("namespaces")) {
      return metadataFinalizers || !object.path("spec").path("finalizers").isEmpty();
    }
    return metadataFinalizers;
  }

  private static void checkPreconditions(ResourceType type, ObjectNode current, Options o) {
    String name = Meta.name(current);
    if (!o.uid().isEmpty() && !o.uid().equals(Meta.uid(current))) {
      throw Status.conflict(
          type.qualified(),
          name,
          "Precondition failed: UID in precondition: "
              + o.uid()
              + ", UID in object meta: "
              + Meta.uid(current));
    }
    if (!o.rv().isEmpty() && !o.rv().equals(Meta.resourceVersion(current))) {
      throw Status.conflict(
          type.qualified(),
          name,
          "Precondition failed: ResourceVersion in precondition: "
              + o.rv()
              + ", ResourceVersion in object meta: "
              + Meta.resourceVersion(current));
    }
  }
}
