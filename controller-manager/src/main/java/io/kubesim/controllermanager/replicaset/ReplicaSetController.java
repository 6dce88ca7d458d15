package io.kubesim.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.OwnerClaims;
import io.kubesim.controllermanager.SharedInformers;
import io.kubesim.controllermanager.Trees;
import io.kubesim.controllermanager.podcontrol.Expectations;
import io.kubesim.controllermanager.podcontrol.PodControl;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.selector.LabelSelector;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ReplicaSet controller (pkg/controller/replicaset): the I/O around {@link ReplicaSetPlanner}.
 * Handlers only find the ReplicaSet a pod event concerns and enqueue it; a sync reads the caches,
 * claims pods ({@link OwnerClaims}: adopt and release by selector), and, when its {@link
 * Expectations} are met, creates or deletes pods towards spec.replicas; then writes the status if
 * it changed. Terminating pods (deletionTimestamp set) do not count, so a pod evicted from a dead
 * node is replaced at once. The same controller runs for ReplicationControllers ({@link
 * ReplicatedKind}), as kube-controller-manager's replication manager does.
 */
public final class ReplicaSetController implements ManagedController {
  public static final ResourcePath REPLICASETS = ResourcePath.of("apps/v1", "replicasets");

  private final ControllerContext ctx;
  private final ReplicatedKind kind;
  private final Informer replicaSets;
  private final Informer pods;
  private final Expectations expectations;
  private final PodControl podControl;
  private final ControllerLoop loop;

  public ReplicaSetController(ControllerContext ctx) {
    this(ctx, ReplicatedKind.REPLICA_SETS);
  }

  /** The controller of {@code kind}'s objects, each kept as a ReplicaSet would be. */
  public ReplicaSetController(ControllerContext ctx, ReplicatedKind kind) {
    this.ctx = ctx;
    this.kind = kind;
    this.replicaSets = ctx.informers().of(kind.path());
    this.pods = ctx.informers().of(ResourcePath.PODS);
    this.expectations = new Expectations(ctx.clock());
    this.podControl = new PodControl(ctx.api(), ctx.recorder(kind.eventSource()), expectations);
    this.loop = ctx.loop(kind.queue(), 5, this::sync);
    replicaSets.addHandler(
        new EventHandler() {
          @Override
          public void onAdd(ObjectNode rs) {
            loop.enqueue(Keys.of(rs));
          }

          @Override
          public void onUpdate(ObjectNode old, ObjectNode rs) {
            loop.enqueue(Keys.of(rs));
          }

          @Override
          public void onDelete(ObjectNode rs) {
            expectations.forget(Keys.of(rs));
            loop.enqueue(Keys.of(rs));
          }
        });
    pods.addHandler(
        new EventHandler() {
          @Override
          public void onAdd(ObjectNode pod) {
            String owner = Trees.controllerKey(pod, kind.kind());
            if (Trees.deleting(pod)) {
              deleted(pod);
            } else if (owner != null) {
              expectations.creationObserved(owner);
              loop.enqueue(owner);
            } else {
              enqueueMatching(pod);
            }
          }

          @Override
          public void onUpdate(ObjectNode old, ObjectNode pod) {
            if (Trees.deleting(pod)) {
              deleted(pod);
            }
            enqueueFor(old);
            if (old != pod) {
              enqueueFor(pod);
            }
          }

          @Override
          public void onDelete(ObjectNode pod) {
            deleted(pod);
          }
        });
  }

  @Override
  public String name() {
    return kind.queue();
  }

  @Override
  public void start() {
    expectations.clear();
    loop.start(replicaSets.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private void deleted(ObjectNode pod) {
    String owner = Trees.controllerKey(pod, kind.kind());
    if (owner != null) {
      expectations.deletionObserved(owner, Keys.of(pod));
      loop.enqueue(owner);
    }
  }

  private void enqueueFor(ObjectNode pod) {
    String owner = Trees.controllerKey(pod, kind.kind());
    if (owner != null) {
      loop.enqueue(owner);
    } else if (!Trees.hasController(pod)) {
      enqueueMatching(pod);
    }
  }

  /** An orphan pod: every ReplicaSet of its namespace whose selector matches may adopt it. */
  private void enqueueMatching(ObjectNode podNode) {
    String ns = Trees.namespace(podNode);
    Map<String, String> labels = Trees.labels(podNode);
    for (ObjectNode rsNode : SharedInformers.namespaced(replicaSets, ns)) {
      JsonNode selector = kind.asReplicaSet().apply(rsNode).path("spec").path("selector");
      if (selector.isObject()
          && !selector.isEmpty()
          && LabelSelector.fromObject(selector).matches(labels)) {
        loop.enqueue(Keys.of(rsNode));
      }
    }
  }

  // --- sync --------------------------------------------------------------------------------

  private Future<Result> sync(String key) {
    ObjectNode node = replicaSets.get(key);
    if (node == null) {
      expectations.forget(key);
      return Future.succeededFuture(Result.done());
    }
    // rsNode: the object as stored, named by events and the status write; rs: its ReplicaSet view
    ObjectNode rsNode = Trees.withKind(node, kind.apiVersion(), kind.kind());
    ReplicaSet rs = ApiClient.as(kind.asReplicaSet().apply(rsNode), ReplicaSet.class);
    String ns = rs.getMetadata().getNamespace();
    List<ObjectNode> podNodes = new ArrayList<>();
    List<Pod> candidates = new ArrayList<>();
    for (ObjectNode p : SharedInformers.claimable(pods, ns, rs.getMetadata().getUid())) {
      Pod pod = ctx.informers().typed(p, "v1", "Pod", Pod.class);
      if (Kube.isPodActive(pod)) {
        podNodes.add(p);
        candidates.add(pod);
      }
    }
    OwnerClaims.Claims<Pod> claims =
        OwnerClaims.claim(rs, Kube.selector(rs.getSpec().getSelector()), candidates);
    boolean manage = expectations.satisfied(key);
    Instant now = ctx.clock().instant();
    ReplicaSetPlanner.Plan plan = ReplicaSetPlanner.plan(rs, claims.owned(), now);
    return podControl
        .adoptAndRelease(rs, claims, podNodes)
        .compose(v -> manageThenWriteStatus(key, rsNode, rs, claims.owned(), plan, manage, now));
  }

  /**
   * Creates or deletes pods (when the expectations allow), then writes the status: the plan's, or,
   * when a create or delete failed, one with the ReplicaFailure condition saying why; the failure
   * then fails the sync, which is retried.
   */
  private Future<Result> manageThenWriteStatus(
      String key,
      ObjectNode rsNode,
      ReplicaSet rs,
      List<Pod> owned,
      ReplicaSetPlanner.Plan plan,
      boolean manage,
      Instant now) {
    Future<Void> managed = manage ? manageReplicas(key, rsNode, plan) : Future.succeededFuture();
    return managed.transform(
        done -> {
          ReplicaSetStatus status =
              done.succeeded()
                  ? plan.status()
                  : ReplicaSetPlanner.failedStatus(rs, owned, Trees.message(done.cause()), now);
          return writeStatus(rsNode, status)
              .compose(
                  v ->
                      done.failed()
                          ? Future.failedFuture(done.cause())
                          : Future.succeededFuture(result(plan)));
        });
  }

  private static Result result(ReplicaSetPlanner.Plan plan) {
    return plan.requeueAfter() == null ? Result.done() : Result.requeueAfter(plan.requeueAfter());
  }

  private Future<Void> manageReplicas(String key, ObjectNode rsNode, ReplicaSetPlanner.Plan plan) {
    return plan.creates().isEmpty()
        ? podControl.deletePods(key, rsNode, plan.deletes())
        : podControl.createPods(key, rsNode, plan.creates());
  }

  /**
   * PUT status (null: unchanged), conditional on the resourceVersion the sync read; a conflict
   * retries the sync. A ReplicationController's status has a ReplicaSet's fields: it is written as
   * computed.
   */
  private Future<Void> writeStatus(ObjectNode rsNode, ReplicaSetStatus status) {
    return podControl.writeStatus(
        kind.path().item(Trees.namespace(rsNode), Trees.name(rsNode)), rsNode, status);
  }
}
