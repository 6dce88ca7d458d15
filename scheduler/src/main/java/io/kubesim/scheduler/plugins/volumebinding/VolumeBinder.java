package io.kubesim.scheduler.plugins.volumebinding;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.storage.StorageKeys;
import io.kubesim.core.storage.VolumeMatching;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * VolumeBinding's PreBind, the I/O part (the binder's BindPodVolumes): the chosen static volumes
 * get their claim in claimRef (annotated bound-by-controller), the claims to provision the
 * selected-node annotation, each write conditional on the version read; then it waits, polling the
 * informers, until the PV controller has bound every claim of the pod (at most {@link
 * #BIND_TIMEOUT}, bindTimeoutSeconds), and only then may the pod be bound.
 */
public final class VolumeBinder {
  public static final ResourcePath CLAIMS = ResourcePath.core("persistentvolumeclaims");
  public static final ResourcePath VOLUMES = ResourcePath.core("persistentvolumes");
  public static final ResourcePath CLASSES = ResourcePath.of("storage.k8s.io/v1", "storageclasses");

  static final Duration BIND_TIMEOUT = Duration.ofSeconds(600);
  private static final long POLL_MILLIS = 100;

  /** A PreBind failure, worded as the FailedScheduling event says it. */
  public static final class PreBindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PreBindException(String why) {
      super("running PreBind plugin \"" + VolumeBinding.NAME + "\": binding volumes: " + why);
    }
  }

  private final Vertx vertx;
  private final ApiClient api;
  private final VolumeListers listers;

  public VolumeBinder(Vertx vertx, ApiClient api, VolumeListers listers) {
    this.vertx = vertx;
    this.api = api;
    this.listers = listers;
  }

  public Future<Void> preBind(Pod pod, PodVolumes volumes, String node) {
    if (VolumeBinding.volumes(pod).isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<?>> writes = new ArrayList<>();
    for (Map.Entry<String, PersistentVolume> e : volumes.staticBindings().entrySet()) {
      PersistentVolumeClaim claim = claim(e.getKey());
      if (claim != null) {
        writes.add(bindVolume(e.getValue(), claim));
      }
    }
    for (PersistentVolumeClaim claim : volumes.provisions()) {
      if (!node.equals(VolumeMatching.selectedNode(claim))) {
        writes.add(selectNode(claim, node));
      }
    }
    return Future.all(writes)
        .recover(e -> Future.failedFuture(new PreBindException(e.getMessage())))
        .compose(v -> waitBound(pod, System.nanoTime() + BIND_TIMEOUT.toNanos()));
  }

  private PersistentVolumeClaim claim(String key) {
    int slash = key.indexOf('/');
    return listers.claim(key.substring(0, slash), key.substring(slash + 1));
  }

  /** GetBindVolumeToClaim, written: claimRef, and bound-by-controller as the scheduler chose it. */
  private Future<?> bindVolume(PersistentVolume volume, PersistentVolumeClaim claim) {
    PersistentVolume bound = ApiClient.as(ApiClient.tree(volume), PersistentVolume.class);
    bound.getSpec().setClaimRef(VolumeMatching.claimRef(claim));
    if (!VolumeMatching.isBoundToClaim(volume, claim)) {
      annotations(bound.getMetadata()).put(StorageKeys.BOUND_BY_CONTROLLER, "yes");
    }
    return api.update(VOLUMES.item(null, volume.getMetadata().getName()), ApiClient.tree(bound));
  }

  private Future<?> selectNode(PersistentVolumeClaim claim, String node) {
    PersistentVolumeClaim selected =
        ApiClient.as(ApiClient.tree(claim), PersistentVolumeClaim.class);
    annotations(selected.getMetadata()).put(StorageKeys.SELECTED_NODE, node);
    return api.update(
        CLAIMS.item(claim.getMetadata().getNamespace(), claim.getMetadata().getName()),
        ApiClient.tree(selected));
  }

  private static Map<String, String> annotations(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
    if (meta.getAnnotations() == null) {
      meta.setAnnotations(new java.util.LinkedHashMap<>());
    }
    return meta.getAnnotations();
  }

  private Future<Void> waitBound(Pod pod, long deadline) {
    if (VolumeBinding.allBound(pod, listers)) {
      return Future.succeededFuture();
    }
    if (System.nanoTime() > deadline) {
      return Future.failedFuture(new PreBindException("context deadline exceeded"));
    }
    Promise<Void> next = Promise.promise();
    vertx.setTimer(POLL_MILLIS, t -> waitBound(pod, deadline).onComplete(next));
    return next.future();
  }
}
