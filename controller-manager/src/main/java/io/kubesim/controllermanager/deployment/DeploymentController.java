package io.kubesim.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.OwnerClaims;
import io.kubesim.controllermanager.SharedInformers;
import io.kubesim.controllermanager.Trees;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.selector.LabelSelector;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Deployment controller (pkg/controller/deployment): the I/O around {@link DeploymentPlanner}.
 * A sync claims the Deployment's ReplicaSets, plans one step, then applies it in the real
 * controller's order: create the new ReplicaSet, write the scaled or re-annotated ones, delete
 * history beyond revisionHistoryLimit, set the Deployment's revision annotation, record the events,
 * write the status. Every write of an existing object carries the resourceVersion the sync read: a
 * conflict fails the sync, which is retried with fresh caches.
 *
 * <p>Rollback needs nothing here: {@code kubectl rollout undo} copies the old ReplicaSet's template
 * into the Deployment itself, and the planner finds that ReplicaSet as the new one again.
 */
public final class DeploymentController implements ManagedController {
  public static final ResourcePath DEPLOYMENTS = ResourcePath.of("apps/v1", "deployments");
  private static final ResourcePath REPLICASETS = ResourcePath.of("apps/v1", "replicasets");

  private final ControllerContext ctx;
  private final Informer deployments;
  private final Informer replicaSets;
  private final Informer pods;
  private final EventRecorder recorder;
  private final ControllerLoop loop;

  public DeploymentController(ControllerContext ctx) {
    this.ctx = ctx;
    this.deployments = ctx.informers().of(DEPLOYMENTS);
    this.replicaSets = ctx.informers().of(REPLICASETS);
    this.pods = ctx.informers().of(ResourcePath.PODS);
    this.recorder = ctx.recorder("deployment-controller");
    this.loop = ctx.loop("deployment", 5, this::sync);
    deployments.addHandler(EventHandler.enqueue(loop::enqueue));
    replicaSets.addHandler(
        new EventHandler() {
          @Override
          public void onAdd(ObjectNode rs) {
            enqueueFor(rs);
          }

          @Override
          public void onUpdate(ObjectNode old, ObjectNode rs) {
            enqueueFor(old);
            if (old != rs) {
              enqueueFor(rs);
            }
          }

          @Override
          public void onDelete(ObjectNode rs) {
            enqueueFor(rs);
          }
        });
    pods.addHandler(
        new EventHandler() {
          @Override
          public void onDelete(ObjectNode pod) {
            // Recreate waits for the old pods to be gone.
            String rsKey = Trees.controllerKey(pod, "ReplicaSet");
            ObjectNode rs = rsKey == null ? null : replicaSets.get(rsKey);
            String owner = rs == null ? null : Trees.controllerKey(rs, "Deployment");
            if (owner != null) {
              loop.enqueue(owner);
            }
          }
        });
  }

  @Override
  public String name() {
    return "deployment";
  }

  @Override
  public void start() {
    loop.start(deployments.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private void enqueueFor(ObjectNode rs) {
    String owner = Trees.controllerKey(rs, "Deployment");
    if (owner != null) {
      loop.enqueue(owner);
      return;
    }
    if (Trees.hasController(rs)) {
      return;
    }
    String ns = Trees.namespace(rs);
    Map<String, String> labels = Trees.labels(rs);
    for (ObjectNode d : deployments.list()) {
      JsonNode selector = d.path("spec").path("selector");
      if (ns.equals(Trees.namespace(d))
          && selector.isObject()
          && !selector.isEmpty()
          && LabelSelector.fromObject(selector).matches(labels)) {
        loop.enqueue(Keys.of(d));
      }
    }
  }

  // --- sync --------------------------------------------------------------------------------

  private Future<Result> sync(String key) {
    ObjectNode node = deployments.get(key);
    if (node == null) {
      return Future.succeededFuture(Result.done());
    }
    ObjectNode dNode = Trees.withKind(node, "apps/v1", "Deployment");
    Deployment d = ApiClient.as(dNode, Deployment.class);
    String ns = d.getMetadata().getNamespace();
    List<ObjectNode> rsNodes = new ArrayList<>();
    List<ReplicaSet> candidates = new ArrayList<>();
    for (ObjectNode rs : SharedInformers.claimable(replicaSets, ns, d.getMetadata().getUid())) {
      rsNodes.add(rs);
      candidates.add(ctx.informers().typed(rs, "apps/v1", "ReplicaSet", ReplicaSet.class));
    }
    OwnerClaims.Claims<ReplicaSet> claims =
        OwnerClaims.claim(d, Kube.selector(d.getSpec().getSelector()), candidates);
    // Only Recreate reads the pods; a rolling Deployment of 1,000 replicas converted all of them on
    // every sync for nothing.
    Map<String, List<Pod>> podsByRs =
        RolloutMath.isRollingUpdate(d) ? Map.of() : podsOf(ns, claims.owned());
    DeploymentPlanner.Plan plan =
        DeploymentPlanner.plan(d, claims.owned(), podsByRs, ctx.clock().instant());
    return adoptAndRelease(d, claims, rsNodes)
        .compose(v -> createReplicaSet(plan))
        .compose(v -> updateReplicaSets(plan))
        .compose(v -> deleteReplicaSets(ns, plan))
        .compose(
            v -> {
              plan.events().forEach(e -> record(dNode, e));
              return writeStatus(dNode, plan);
            })
        .map(
            v ->
                plan.requeueAfter() == null
                    ? Result.done()
                    : Result.requeueAfter(plan.requeueAfter()));
  }

  private Map<String, List<Pod>> podsOf(String ns, List<ReplicaSet> owned) {
    Map<String, String> nameByUid = new HashMap<>();
    Map<String, List<Pod>> byRs = new HashMap<>();
    for (ReplicaSet rs : owned) {
      nameByUid.put(rs.getMetadata().getUid(), rs.getMetadata().getName());
      byRs.put(rs.getMetadata().getName(), new ArrayList<>());
    }
    nameByUid.forEach(
        (uid, rs) -> {
          for (ObjectNode p : pods.byIndex(SharedInformers.BY_CONTROLLER, uid)) {
            if (ns.equals(Trees.namespace(p))) {
              byRs.get(rs).add(ctx.informers().typed(p, "v1", "Pod", Pod.class));
            }
          }
        });
    return byRs;
  }

  private Future<Void> adoptAndRelease(
      Deployment d, OwnerClaims.Claims<ReplicaSet> claims, List<ObjectNode> rsNodes) {
    List<Future<ObjectNode>> writes = new ArrayList<>();
    String uid = d.getMetadata().getUid();
    for (ReplicaSet rs : claims.adopt()) {
      ObjectNode copy = find(rsNodes, rs).deepCopy();
      Trees.ownerReferences(copy).add(ApiClient.tree(Kube.controllerRef(d)));
      writes.add(ctx.api().update(rsPath(rs), copy));
    }
    for (ReplicaSet rs : claims.release()) {
      ObjectNode copy = find(rsNodes, rs).deepCopy();
      ArrayNode refs = Trees.ownerReferences(copy);
      for (int i = refs.size() - 1; i >= 0; i--) {
        if (uid.equals(refs.get(i).path("uid").asString(""))) {
          refs.remove(i);
        }
      }
      writes.add(ctx.api().update(rsPath(rs), copy));
    }
    return Future.all(writes).mapEmpty();
  }

  private static ObjectNode find(List<ObjectNode> nodes, ReplicaSet rs) {
    String name = rs.getMetadata().getName();
    return nodes.stream().filter(n -> name.equals(Trees.name(n))).findFirst().orElseThrow();
  }

  private Future<Void> createReplicaSet(DeploymentPlanner.Plan plan) {
    if (plan.create() == null) {
      return Future.succeededFuture();
    }
    return ctx.api()
        .create(
            REPLICASETS.collection(plan.create().getMetadata().getNamespace()),
            ApiClient.tree(plan.create()))
        .mapEmpty();
  }

  private Future<Void> updateReplicaSets(DeploymentPlanner.Plan plan) {
    List<Future<ObjectNode>> writes = new ArrayList<>();
    for (ReplicaSet rs : plan.updates()) {
      writes.add(ctx.api().update(rsPath(rs), ApiClient.tree(rs)));
    }
    return Future.all(writes).mapEmpty();
  }

  private Future<Void> deleteReplicaSets(String ns, DeploymentPlanner.Plan plan) {
    List<Future<ObjectNode>> deletes = new ArrayList<>();
    for (String name : plan.deletes()) {
      deletes.add(
          ctx.api()
              .delete(REPLICASETS.item(ns, name))
              .recover(
                  e ->
                      ApiClient.isNotFound(e)
                          ? Future.succeededFuture(null)
                          : Future.failedFuture(e)));
    }
    return Future.all(deletes).mapEmpty();
  }

  /**
   * The revision annotation and the status in one write through deployments/status, where the real
   * controller's UpdateStatus calls put them: a write through the main resource would bump the
   * Deployment's generation, since its annotations count as spec there.
   */
  private Future<Void> writeStatus(ObjectNode dNode, DeploymentPlanner.Plan plan) {
    if (plan.revision() == null && plan.status() == null) {
      return Future.succeededFuture();
    }
    ObjectNode body = dNode.deepCopy();
    if (plan.revision() != null) {
      ObjectNode metadata = (ObjectNode) body.path("metadata");
      ObjectNode annotations =
          metadata.get("annotations") instanceof ObjectNode a
              ? a
              : metadata.putObject("annotations");
      annotations.put(Revisions.REVISION, plan.revision());
    }
    if (plan.status() != null) {
      body.set("status", ApiClient.tree(plan.status()));
    }
    return ctx.api()
        .updateStatus(path(dNode), body)
        .<Void>mapEmpty()
        .recover(e -> ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private void record(ObjectNode dNode, Event event) {
    recorder.record(dNode, null, event.type(), event.reason(), event.message());
  }

  private static String path(ObjectNode d) {
    return DEPLOYMENTS.item(Trees.namespace(d), Trees.name(d));
  }

  private static String rsPath(ReplicaSet rs) {
    return REPLICASETS.item(rs.getMetadata().getNamespace(), rs.getMetadata().getName());
  }
}
