package io.kubesim.controllermanager.history;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.OwnerClaims;
import io.kubesim.controllermanager.Trees;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The writes of an owner's history (pkg/controller/history's realHistory, shared by the DaemonSet
 * and StatefulSet controllers): adopting and releasing revisions, relabelling and renumbering them,
 * creating the current one, and deleting duplicates and old ones. A revision of the new one's name
 * with another template is a hash collision: the owner's status.collisionCount goes up and the sync
 * fails, so the next one hashes the template again with the new count (the real StatefulSet
 * controller counts up in a loop within the sync instead; the names it ends with are the same).
 */
public final class HistoryControl {
  public static final ResourcePath REVISIONS = ResourcePath.of("apps/v1", "controllerrevisions");

  private final ApiClient api;
  private final ResourcePath owners;
  private final String kind;

  /**
   * @param owners the owners' resource (daemonsets, statefulsets), whose status a collision bumps
   * @param kind the owners' kind, for the stale collision count's message
   */
  public HistoryControl(ApiClient api, ResourcePath owners, String kind) {
    this.api = api;
    this.owners = owners;
    this.kind = kind;
  }

  /** Adds or removes the owner's controllerRef, conditional on the revision read. */
  public Future<Void> adoptAndRelease(
      HasMetadata ds, OwnerClaims.Claims<ControllerRevision> claims) {
    List<Future<Void>> writes = new ArrayList<>();
    for (ControllerRevision r : claims.adopt()) {
      ObjectNode refs = owners(r);
      ((ArrayNode) refs.get("ownerReferences")).add(ApiClient.tree(Kube.controllerRef(ds)));
      writes.add(patch(r, refs));
    }
    for (ControllerRevision r : claims.release()) {
      ObjectNode refs = owners(r);
      ArrayNode list = (ArrayNode) refs.get("ownerReferences");
      for (int i = list.size() - 1; i >= 0; i--) {
        if (ds.getMetadata().getUid().equals(list.get(i).path("uid").asString(""))) {
          list.remove(i);
        }
      }
      writes.add(
          patch(r, refs)
              .recover(
                  e ->
                      ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e)));
    }
    return Future.all(writes).mapEmpty();
  }

  private static ObjectNode owners(ControllerRevision r) {
    ObjectNode metadata = Json.object();
    metadata.put("resourceVersion", r.getMetadata().getResourceVersion());
    ArrayNode refs = metadata.putArray("ownerReferences");
    if (r.getMetadata().getOwnerReferences() != null) {
      r.getMetadata().getOwnerReferences().forEach(ref -> refs.add(ApiClient.tree(ref)));
    }
    return metadata;
  }

  private Future<Void> patch(ControllerRevision r, ObjectNode metadata) {
    ObjectNode patch = Json.object();
    if (metadata.path("ownerReferences").isEmpty()) {
      metadata.putNull("ownerReferences");
    }
    patch.set("metadata", metadata);
    return api.patch(path(r), ApiClient.PatchType.MERGE, patch).mapEmpty();
  }

  /** Writes the revisions back (labels added, revision numbers changed), each conditionally. */
  public Future<Void> updateAll(List<ControllerRevision> revisions) {
    List<Future<ObjectNode>> writes = new ArrayList<>();
    revisions.forEach(r -> writes.add(api.update(path(r), ApiClient.tree(r))));
    return Future.all(writes).mapEmpty();
  }

  /** Gives the pods the hash label of the revision that survives a deduplication. */
  public Future<Void> relabel(List<Pod> pods, String hash) {
    List<Future<ObjectNode>> writes = new ArrayList<>();
    for (Pod pod : pods) {
      ObjectNode patch = Json.object();
      patch.putObject("metadata").putObject("labels").put(Revisions.HASH_LABEL, hash);
      writes.add(
          api.patch(
              ResourcePath.PODS.item(pod.getMetadata().getNamespace(), pod.getMetadata().getName()),
              ApiClient.PatchType.MERGE,
              patch));
    }
    return Future.all(writes).mapEmpty();
  }

  /** Deletes revisions; one already gone counts as deleted. */
  public Future<Void> delete(String namespace, List<String> names) {
    List<Future<ObjectNode>> deletes = new ArrayList<>();
    for (String name : names) {
      deletes.add(
          api.delete(REVISIONS.item(namespace, name))
              .recover(
                  e ->
                      ApiClient.isNotFound(e)
                          ? Future.succeededFuture(null)
                          : Future.failedFuture(e)));
    }
    return Future.all(deletes).mapEmpty();
  }

  /**
   * snapshot's create: AlreadyExists with the same template is ours from an earlier sync (the cache
   * lags); with another template it is a collision.
   */
  public Future<Void> create(HasMetadata ds, ObjectNode dsNode, ControllerRevision revision) {
    String ns = ds.getMetadata().getNamespace();
    return api.create(REVISIONS.collection(ns), ApiClient.tree(revision))
        .<Void>mapEmpty()
        .recover(
            e ->
                ApiClient.isAlreadyExists(e)
                    ? api.get(path(revision))
                        .compose(existing -> collided(ds, dsNode, revision, existing, e))
                    : Future.failedFuture(e));
  }

  private Future<Void> collided(
      HasMetadata ds,
      ObjectNode dsNode,
      ControllerRevision revision,
      ObjectNode existing,
      Throwable exists) {
    ControllerRevision r = ApiClient.as(existing, ControllerRevision.class);
    if (Revisions.dataText(revision).equals(Revisions.dataText(r))) {
      return Future.succeededFuture();
    }
    String path = owners.item(Trees.namespace(dsNode), Trees.name(dsNode));
    return api.get(path)
        .compose(
            fresh -> {
              JsonNode usedCount = dsNode.path("status").path("collisionCount");
              Integer used = usedCount.isNumber() ? usedCount.asInt() : null;
              JsonNode count = fresh.path("status").path("collisionCount");
              Integer stored = count.isNumber() ? count.asInt() : null;
              if (!Objects.equals(used, stored)) {
                return Future.failedFuture(
                    "found a stale collision count ("
                        + used
                        + ", expected "
                        + stored
                        + ") of "
                        + kind
                        + " \""
                        + ds.getMetadata().getName()
                        + "\" while processing; will retry until it is updated");
              }
              ObjectNode status =
                  fresh.get("status") instanceof ObjectNode o ? o : fresh.putObject("status");
              status.put("collisionCount", stored == null ? 1 : stored + 1);
              return api.updateStatus(path, fresh).compose(v -> Future.<Void>failedFuture(exists));
            });
  }

  private static String path(ControllerRevision r) {
    return REVISIONS.item(r.getMetadata().getNamespace(), r.getMetadata().getName());
  }
}
