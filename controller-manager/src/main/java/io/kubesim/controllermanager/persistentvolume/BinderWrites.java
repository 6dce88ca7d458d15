package io.kubesim.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a {@link BinderPlan}: events first (they describe the decision), then the writes in the
 * plan's order, each conditional on the resourceVersion it was planned from; a status write goes
 * onto what the spec write returned. A conflict fails the future, so the key is retried with
 * back-off on a fresh snapshot; a vanished object ends the sync.
 */
final class BinderWrites {
  private final ApiClient api;
  private final EventRecorder recorder;

  BinderWrites(ApiClient api, EventRecorder recorder) {
    this.api = api;
    this.recorder = recorder;
  }

  Future<Void> apply(BinderPlan plan) {
    if (plan.eventClaim() != null) {
      plan.claimEvents().forEach(e -> record(plan.eventClaim(), e));
    }
    HasMetadata volume =
        plan.volume() != null
            ? plan.volume()
            : plan.volumeStatus() != null ? plan.volumeStatus() : plan.deleteVolume();
    if (volume != null) {
      plan.volumeEvents().forEach(e -> record(volume, e));
    }
    Future<Void> volumeWrites =
        write(
            plan.volume(), plan.volumeStatus(), StorageInformers.VOLUMES.item(null, name(volume)));
    Future<Void> written =
        volumeWrites.compose(
            v ->
                plan.claim() == null && plan.claimStatus() == null
                    ? Future.succeededFuture()
                    : write(plan.claim(), plan.claimStatus(), claimPath(plan)));
    if (plan.deleteVolume() != null) {
      written = written.compose(v -> delete(plan.deleteVolume()));
    }
    return written.recover(
        e -> ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private void record(HasMetadata object, io.kubesim.controllermanager.Event e) {
    recorder.record(ApiClient.tree(object), null, e.type(), e.reason(), e.message());
  }

  private static String claimPath(BinderPlan plan) {
    HasMetadata claim = plan.claim() != null ? plan.claim() : plan.claimStatus();
    return StorageInformers.CLAIMS.item(claim.getMetadata().getNamespace(), name(claim));
  }

  /** The object's update, then its status on top of the stored result. */
  private Future<Void> write(HasMetadata object, HasMetadata withStatus, String path) {
    Future<ObjectNode> stored =
        object == null ? Future.succeededFuture(null) : api.update(path, ApiClient.tree(object));
    if (withStatus == null) {
      return stored.mapEmpty();
    }
    return stored
        .compose(
            s -> {
              ObjectNode body = ApiClient.tree(withStatus);
              if (s != null) {
                ObjectNode merged = s.deepCopy();
                merged.set("status", body.get("status"));
                body = merged;
              }
              return api.updateStatus(path, body);
            })
        .mapEmpty();
  }

  private Future<Void> delete(HasMetadata volume) {
    ObjectNode options = Json.object();
    options.putObject("preconditions").put("uid", volume.getMetadata().getUid());
    return api.delete(StorageInformers.VOLUMES.item(null, name(volume)), options).mapEmpty();
  }

  private static String name(HasMetadata object) {
    return object == null ? "" : object.getMetadata().getName();
  }
}
