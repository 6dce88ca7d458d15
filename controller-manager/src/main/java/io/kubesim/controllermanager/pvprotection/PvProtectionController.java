package io.kubesim.controllermanager.pvprotection;

import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.persistentvolume.Finalizers;
import io.kubesim.controllermanager.persistentvolume.Finalizers.Action;
import io.kubesim.controllermanager.persistentvolume.StorageInformers;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.storage.StorageKeys;
import io.vertx.core.Future;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pv-protection controller: a volume carries {@code kubernetes.io/pv-protection}; once deleted
 * it keeps it, Terminating, while it is Bound (its claim still there); Released, Available or
 * Failed it goes.
 */
public final class PvProtectionController implements ManagedController {
  private final ControllerContext ctx;
  private final StorageInformers informers;
  private final ControllerLoop loop;

  public PvProtectionController(ControllerContext ctx) {
    this.ctx = ctx;
    this.informers = new StorageInformers(ctx);
    this.loop = ctx.loop("pvprotection", 1, this::sync);
    informers.volumes.addHandler(EventHandler.onAddOrUpdate(v -> loop.enqueue(Keys.of(v))));
  }

  @Override
  public String name() {
    return "pvprotection";
  }

  @Override
  public void start() {
    loop.start(informers.volumes.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  /** ADD to a live volume without the finalizer, REMOVE from a deleted one not Bound. */
  public static Action plan(boolean deleting, boolean hasFinalizer, String phase) {
    if (!deleting) {
      return hasFinalizer ? Action.NONE : Action.ADD;
    }
    return hasFinalizer && !"Bound".equals(phase) ? Action.REMOVE : Action.NONE;
  }

  private Future<Result> sync(String name) {
    ObjectNode volume = informers.volumes.get(name);
    if (volume == null) {
      return Future.succeededFuture(Result.done());
    }
    return Finalizers.apply(
        ctx.api(),
        StorageInformers.VOLUMES.item(null, name),
        volume,
        StorageKeys.PV_PROTECTION,
        plan(
            volume.path("metadata").has("deletionTimestamp"),
            Finalizers.has(volume, StorageKeys.PV_PROTECTION),
            volume.path("status").path("phase").asString("")));
  }
}
