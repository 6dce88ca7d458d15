package io.kubesim.controllermanager.pvcprotection;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.persistentvolume.ClaimUsers;
import io.kubesim.controllermanager.persistentvolume.Finalizers;
import io.kubesim.controllermanager.persistentvolume.Finalizers.Action;
import io.kubesim.controllermanager.persistentvolume.StorageInformers;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.storage.StorageKeys;
import io.vertx.core.Future;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pvc-protection controller: a claim carries {@code kubernetes.io/pvc-protection} while it
 * exists; once deleted it keeps the finalizer, and so stays Terminating, while any scheduled pod of
 * its namespace names it in a volume. A pod counts until it is gone, finished or not: its volumes
 * may still be mounted (an ephemeral volume's claim is freed when its pod is shut down).
 */
public final class PvcProtectionController implements ManagedController {
  private final ControllerContext ctx;
  private final StorageInformers informers;
  private final ControllerLoop loop;

  public PvcProtectionController(ControllerContext ctx) {
    this.ctx = ctx;
    this.informers = new StorageInformers(ctx);
    this.loop = ctx.loop("pvcprotection", 1, this::sync);
    informers.claims.addHandler(EventHandler.onAddOrUpdate(c -> loop.enqueue(Keys.of(c))));
    informers.pods.addHandler(
        new EventHandler() {
          @Override
          public void onUpdate(ObjectNode old, ObjectNode pod) {
            enqueueClaims(pod);
          }

          @Override
          public void onDelete(ObjectNode pod) {
            enqueueClaims(pod);
          }
        });
  }

  /** Read from the tree: every pod update passes here, most of them status writes. */
  private void enqueueClaims(ObjectNode pod) {
    String namespace = pod.path("metadata").path("namespace").asString("");
    ClaimUsers.claims(pod).forEach(claim -> loop.enqueue(Keys.of(namespace, claim)));
  }

  @Override
  public String name() {
    return "pvcprotection";
  }

  @Override
  public void start() {
    loop.start(informers.claims.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  /**
   * ADD to a live claim without the finalizer, REMOVE from a deleted one no pod uses, else NONE.
   */
  public static Action plan(boolean deleting, boolean hasFinalizer, boolean inUse) {
    if (!deleting) {
      return hasFinalizer ? Action.NONE : Action.ADD;
    }
    return hasFinalizer && !inUse ? Action.REMOVE : Action.NONE;
  }

  /** podUsesPVC: scheduled, and naming the claim (an ephemeral one only until shut down). */
  public static boolean inUse(String claim, List<Pod> pods) {
    for (Pod pod : pods) {
      String node = pod.getSpec().getNodeName();
      if (node != null && !node.isEmpty() && ClaimUsers.uses(pod, claim)) {
        return true;
      }
    }
    return false;
  }

  private Future<Result> sync(String key) {
    ObjectNode claim = informers.claims.get(key);
    if (claim == null || !informers.synced()) {
      return Future.succeededFuture(Result.done());
    }
    boolean deleting = claim.path("metadata").has("deletionTimestamp");
    boolean has = Finalizers.has(claim, StorageKeys.PVC_PROTECTION);
    boolean inUse = deleting && has && inUse(Keys.name(key), informers.pods(Keys.namespace(key)));
    return Finalizers.apply(
        ctx.api(),
        StorageInformers.CLAIMS.item(Keys.namespace(key), Keys.name(key)),
        claim,
        StorageKeys.PVC_PROTECTION,
        plan(deleting, has, inUse));
  }
}
