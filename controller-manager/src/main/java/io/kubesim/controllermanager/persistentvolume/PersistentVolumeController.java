package io.kubesim.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * kube-controller-manager's persistentvolume-binder: two work queues as the real one has, "claims"
 * (namespace/name) and "volumes" (name), each key synced by {@link BinderPlanner} on a snapshot of
 * the informers and applied by {@link BinderWrites}. Every {@link #SYNC_PERIOD}
 * (--pvclaimbinder-sync-period) all claims and volumes are synced again, which is also why a
 * waiting claim's event repeats ("x4 over 45s").
 */
public final class PersistentVolumeController implements ManagedController {
  static final Duration SYNC_PERIOD = Duration.ofSeconds(15);

  private final ControllerContext ctx;
  private final StorageInformers informers;
  private final ControllerLoop claimLoop;
  private final ControllerLoop volumeLoop;
  private final BinderWrites writes;
  private long timer = -1;

  public PersistentVolumeController(ControllerContext ctx) {
    this.ctx = ctx;
    this.informers = new StorageInformers(ctx);
    this.claimLoop = ctx.loop("claims", 1, this::syncClaim);
    this.volumeLoop = ctx.loop("volumes", 1, this::syncVolume);
    this.writes = new BinderWrites(ctx.api(), ctx.recorder("persistentvolume-controller"));
    informers.claims.addHandler(
        new EventHandler() {
          @Override
          public void onAdd(ObjectNode claim) {
            claimLoop.enqueue(Keys.of(claim));
          }

          @Override
          public void onUpdate(ObjectNode old, ObjectNode claim) {
            claimLoop.enqueue(Keys.of(claim));
          }

          @Override
          public void onDelete(ObjectNode claim) {
            // its volume is Released now
            String volume = claim.path("spec").path("volumeName").asString("");
            if (!volume.isEmpty()) {
              volumeLoop.enqueue(volume);
            }
          }
        });
    informers.volumes.addHandler(
        EventHandler.onAddOrUpdate(
            volume -> {
              volumeLoop.enqueue(Keys.of(volume));
              ObjectReference ref = informers.volume(volume).getSpec().getClaimRef();
              if (ref != null) {
                claimLoop.enqueue(Keys.of(ref.getNamespace(), ref.getName()));
              }
            }));
  }

  @Override
  public String name() {
    return "persistentvolume-binder";
  }

  @Override
  public synchronized void start() {
    claimLoop.start(informers.claims.keys());
    volumeLoop.start(informers.volumes.keys());
    timer = ctx.vertx().setPeriodic(SYNC_PERIOD.toMillis(), t -> resync());
  }

  @Override
  public synchronized void stop() {
    ctx.vertx().cancelTimer(timer);
    claimLoop.stop();
    volumeLoop.stop();
  }

  private void resync() {
    informers.claims.keys().forEach(claimLoop::enqueue);
    informers.volumes.keys().forEach(volumeLoop::enqueue);
  }

  /** The pods only matter to a claim's WaitForPodScheduled: those of its namespace. */
  private BinderPlanner.Snapshot snapshot(
      Map<String, PersistentVolumeClaim> claims, List<Pod> pods) {
    return new BinderPlanner.Snapshot(
        informers.volumesByName(), claims, informers.classesByName(), pods, ctx.clock().instant());
  }

  private Future<Result> syncClaim(String key) {
    ObjectNode node = informers.claims.get(key);
    if (node == null || !informers.synced()) {
      return Future.succeededFuture(Result.done());
    }
    BinderPlan plan =
        BinderPlanner.syncClaim(
            informers.claim(node),
            snapshot(informers.claimsByKey(), informers.pods(Keys.namespace(key))));
    return writes.apply(plan).map(v -> Result.done());
  }

  /**
   * A volume whose claim the cache does not hold asks the API first (as the real controller does):
   * a claim created a moment ago must not have its volume released.
   */
  private Future<Result> syncVolume(String name) {
    ObjectNode node = informers.volumes.get(name);
    if (node == null || !informers.synced()) {
      return Future.succeededFuture(Result.done());
    }
    PersistentVolume volume = informers.volume(node);
    Map<String, PersistentVolumeClaim> claims = informers.claimsByKey();
    ObjectReference ref = volume.getSpec().getClaimRef();
    String claimKey = ref == null ? null : Keys.of(ref.getNamespace(), ref.getName());
    Future<Void> looked = Future.succeededFuture();
    if (claimKey != null && !claims.containsKey(claimKey)) {
      looked =
          ctx.api()
              .get(StorageInformers.CLAIMS.item(ref.getNamespace(), ref.getName()))
              .map(found -> claims.put(claimKey, ApiClient.as(found, PersistentVolumeClaim.class)))
              .<Void>mapEmpty()
              .recover(
                  e -> ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
    }
    return looked.compose(
        v -> {
          BinderPlan plan = BinderPlanner.syncVolume(volume, snapshot(claims, List.of()));
          plan.enqueueClaims().forEach(claimLoop::enqueue);
          return writes.apply(plan).map(done -> Result.done());
        });
  }
}
