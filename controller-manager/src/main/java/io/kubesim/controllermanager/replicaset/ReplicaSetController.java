package io.kubesim.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.OwnerClaims;
import io.kubesim.controllermanager.Trees;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.kubesim.core.selector.LabelSelector;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
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
  private final EventRecorder recorder;
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
    this.recorder = ctx.recorder(kind.eventSource());
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
    for (ObjectNode rsNode : replicaSets.list()) {
      if (ns.equals(Trees.namespace(rsNode))) {
        JsonNode selector = kind.asReplicaSet().apply(rsNode).path("spec").path("selector");
        if (selector.isObject()
            && !selector.isEmpty()
            && LabelSelector.fromObject(selector).matches(labels)) {
          loop.enqueue(Keys.of(rsNode));
        }
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
    for (ObjectNode p : pods.list()) {
      if (ns.equals(Trees.namespace(p))) {
        Pod pod = ctx.informers().typed(p, "v1", "Pod", Pod.class);
        if (Kube.isPodActive(pod)) {
          podNodes.add(p);
          candidates.add(pod);
        }
      }
    }
    OwnerClaims.Claims<Pod> claims =
        OwnerClaims.claim(rs, Kube.selector(rs.getSpec().getSelector()), candidates);
    boolean manage = expectations.satisfied(key);
    Instant now = ctx.clock().instant();
    ReplicaSetPlanner.Plan plan = ReplicaSetPlanner.plan(rs, claims.owned(), now);
    return adoptAndRelease(rs, claims, podNodes)
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

  /**
   * Adds our controllerRef to adopted pods and removes it from released ones: a merge patch of the
   * whole ownerReferences list carrying the resourceVersion read, so a change in between is a
   * conflict (the sync is retried), never a lost reference.
   */
  private Future<Void> adoptAndRelease(
      ReplicaSet rs, OwnerClaims.Claims<Pod> claims, List<ObjectNode> podNodes) {
    List<Future<Void>> writes = new ArrayList<>();
    String uid = rs.getMetadata().getUid();
    for (Pod pod : claims.adopt()) {
      ObjectNode node = find(podNodes, pod);
      ArrayNode refs = Trees.ownerReferences(node.deepCopy());
      refs.add(ApiClient.tree(Kube.controllerRef(rs)));
      writes.add(patchOwners(podPath(pod), node, refs));
    }
    for (Pod pod : claims.release()) {
      ObjectNode node = find(podNodes, pod);
      ArrayNode refs = Trees.ownerReferences(node.deepCopy());
      for (int i = refs.size() - 1; i >= 0; i--) {
        if (uid.equals(refs.get(i).path("uid").asString(""))) {
          refs.remove(i);
        }
      }
      writes.add(
          patchOwners(podPath(pod), node, refs)
              .recover(
                  e ->
                      ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e)));
    }
    return Future.all(writes).mapEmpty();
  }

  private Future<Void> patchOwners(String path, ObjectNode read, ArrayNode refs) {
    ObjectNode patch = Json.object();
    ObjectNode metadata = patch.putObject("metadata");
    metadata.put("resourceVersion", read.path("metadata").path("resourceVersion").asString(""));
    if (refs.isEmpty()) {
      metadata.putNull("ownerReferences");
    } else {
      metadata.set("ownerReferences", refs);
    }
    return api().patch(path, ApiClient.PatchType.MERGE, patch).mapEmpty();
  }

  private static ObjectNode find(List<ObjectNode> nodes, Pod pod) {
    String name = pod.getMetadata().getName();
    return nodes.stream().filter(n -> name.equals(Trees.name(n))).findFirst().orElseThrow();
  }

  private Future<Void> manageReplicas(String key, ObjectNode rsNode, ReplicaSetPlanner.Plan plan) {
    if (!plan.creates().isEmpty()) {
      expectations.expectCreations(key, plan.creates().size());
      return createBatches(key, rsNode, plan.creates(), plan.createBatches(), 0, 0);
    }
    if (!plan.deletes().isEmpty()) {
      Set<String> podKeys = new LinkedHashSet<>();
      plan.deletes()
          .forEach(
              p -> podKeys.add(Keys.of(p.getMetadata().getNamespace(), p.getMetadata().getName())));
      expectations.expectDeletions(key, podKeys);
      List<Future<Void>> deletes = new ArrayList<>();
      for (Pod pod : plan.deletes()) {
        deletes.add(deletePod(key, rsNode, pod));
      }
      return Future.all(deletes).mapEmpty();
    }
    return Future.succeededFuture();
  }

  /**
   * slowStartBatch: batch {@code index} (1, 2, 4 ... pods) at once; the next only when every pod of
   * this one was created. Pods never attempted are no longer expected.
   */
  private Future<Void> createBatches(
      String key,
      ObjectNode rsNode,
      List<Pod> creates,
      List<Integer> batches,
      int index,
      int from) {
    if (index >= batches.size()) {
      return Future.succeededFuture();
    }
    int size = batches.get(index);
    List<Future<Void>> batch = new ArrayList<>();
    for (int i = from; i < from + size; i++) {
      batch.add(createPod(key, rsNode, creates.get(i)));
    }
    return Future.all(batch)
        .<Void>mapEmpty()
        .recover(
            failure -> {
              for (int i = from + size; i < creates.size(); i++) {
                expectations.creationObserved(key);
              }
              return Future.failedFuture(failure);
            })
        .compose(v -> createBatches(key, rsNode, creates, batches, index + 1, from + size));
  }

  private Future<Void> createPod(String key, ObjectNode rsNode, Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    return api()
        .create(ResourcePath.PODS.collection(ns), ApiClient.tree(pod))
        .onSuccess(
            created ->
                recorder.normal(rsNode, "SuccessfulCreate", "Created pod: " + Trees.name(created)))
        .onFailure(
            e -> {
              expectations.creationObserved(key);
              recorder.warning(rsNode, "FailedCreate", "Error creating: " + Trees.message(e));
            })
        .mapEmpty();
  }

  private Future<Void> deletePod(String key, ObjectNode rsNode, Pod pod) {
    String name = pod.getMetadata().getName();
    String podKey = Keys.of(pod.getMetadata().getNamespace(), name);
    return api()
        .delete(podPath(pod))
        .onSuccess(deleted -> recorder.normal(rsNode, "SuccessfulDelete", "Deleted pod: " + name))
        .<Void>mapEmpty()
        .recover(
            e -> {
              expectations.deletionObserved(key, podKey);
              if (ApiClient.isNotFound(e)) {
                return Future.succeededFuture();
              }
              recorder.warning(rsNode, "FailedDelete", "Error deleting: " + Trees.message(e));
              return Future.failedFuture(e);
            });
  }

  /**
   * PUT status (null: unchanged), conditional on the resourceVersion the sync read; a conflict
   * retries the sync. A ReplicationController's status has a ReplicaSet's fields: it is written as
   * computed.
   */
  private Future<Void> writeStatus(ObjectNode rsNode, ReplicaSetStatus status) {
    if (status == null) {
      return Future.succeededFuture();
    }
    ObjectNode body = rsNode.deepCopy();
    body.set("status", ApiClient.tree(status));
    return api()
        .updateStatus(kind.path().item(Trees.namespace(rsNode), Trees.name(rsNode)), body)
        .<Void>mapEmpty()
        .recover(e -> ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private ApiClient api() {
    return ctx.api();
  }

  private static String podPath(Pod pod) {
    return ResourcePath.PODS.item(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }
}
