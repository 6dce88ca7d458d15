package io.kubesim.controllermanager.localpath;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.persistentvolume.StorageInformers;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * kind's local-path-provisioner (and the external resizer a CSI driver would bring), played inside
 * the controller-manager: the thin shell around {@link ProvisionerPlanner}. Its events come from
 * {@code rancher.io/local-path_local-path-provisioner_<uuid>} as the real one's come from its pod,
 * the resizer's from {@code external-resizer rancher.io/local-path}.
 */
public final class LocalPathProvisioner implements ManagedController {
  private final ControllerContext ctx;
  private final StorageInformers informers;
  private final ControllerLoop claimLoop;
  private final ControllerLoop volumeLoop;
  private final EventRecorder provisioner;
  private final EventRecorder resizer;
  private final EventRecorder expander;

  public LocalPathProvisioner(ControllerContext ctx) {
    this.ctx = ctx;
    this.informers = new StorageInformers(ctx);
    this.claimLoop = ctx.loop("local-path-claims", 1, this::syncClaim);
    this.volumeLoop = ctx.loop("local-path-volumes", 1, this::syncVolume);
    this.provisioner =
        ctx.recorder(ProvisionerPlanner.NAME + "_local-path-provisioner_" + UUID.randomUUID());
    this.resizer = ctx.recorder("external-resizer " + ProvisionerPlanner.NAME);
    this.expander = ctx.recorder("volume_expand");
    informers.claims.addHandler(EventHandler.onAddOrUpdate(c -> claimLoop.enqueue(Keys.of(c))));
    informers.volumes.addHandler(EventHandler.onAddOrUpdate(v -> volumeLoop.enqueue(Keys.of(v))));
  }

  @Override
  public String name() {
    return "local-path-provisioner";
  }

  @Override
  public void start() {
    claimLoop.start(informers.claims.keys());
    volumeLoop.start(informers.volumes.keys());
  }

  @Override
  public void stop() {
    claimLoop.stop();
    volumeLoop.stop();
  }

  private Future<Result> syncClaim(String key) {
    ObjectNode node = informers.claims.get(key);
    if (node == null || !informers.synced()) {
      return Future.succeededFuture(Result.done());
    }
    PersistentVolumeClaim claim = informers.claim(node);
    ProvisionerPlanner.Plan plan =
        ProvisionerPlanner.planClaim(claim, informers.classesByName(), informers.volumesByName());
    ObjectNode about = ApiClient.tree(claim);
    EventRecorder source =
        plan.source() == ProvisionerPlanner.Source.RESIZER ? resizer : provisioner;
    plan.expandEvents()
        .forEach(e -> expander.record(about, null, e.type(), e.reason(), e.message()));
    Future<?> written = Future.succeededFuture();
    if (plan.create() != null) {
      written =
          ctx.api()
              .create(StorageInformers.VOLUMES.collection(null), ApiClient.tree(plan.create()))
              .recover(
                  e ->
                      ApiClient.isAlreadyExists(e)
                          ? Future.succeededFuture()
                          : Future.failedFuture(e));
    }
    if (plan.resizedVolume() != null) {
      PersistentVolume volume = plan.resizedVolume();
      written =
          written.compose(
              v ->
                  ctx.api()
                      .update(
                          StorageInformers.VOLUMES.item(null, volume.getMetadata().getName()),
                          ApiClient.tree(volume)));
    }
    if (plan.resizedClaim() != null) {
      written =
          written.compose(
              v ->
                  ctx.api()
                      .updateStatus(
                          StorageInformers.CLAIMS.item(Keys.namespace(key), Keys.name(key)),
                          ApiClient.tree(plan.resizedClaim())));
    }
    return written
        .onSuccess(
            v ->
                plan.events()
                    .forEach(e -> source.record(about, null, e.type(), e.reason(), e.message())))
        .map(v -> Result.done())
        .recover(
            e ->
                ApiClient.isNotFound(e)
                    ? Future.succeededFuture(Result.done())
                    : Future.failedFuture(e));
  }

  private Future<Result> syncVolume(String name) {
    ObjectNode node = informers.volumes.get(name);
    if (node == null || !ProvisionerPlanner.shouldDelete(informers.volume(node))) {
      return Future.succeededFuture(Result.done());
    }
    ObjectNode options = Json.object();
    options.putObject("preconditions").put("uid", node.path("metadata").path("uid").asString(""));
    return ctx.api()
        .delete(StorageInformers.VOLUMES.item(null, name), options)
        .map(v -> Result.done())
        .recover(
            e ->
                ApiClient.isNotFound(e)
                    ? Future.succeededFuture(Result.done())
                    : Future.failedFuture(e));
  }
}
