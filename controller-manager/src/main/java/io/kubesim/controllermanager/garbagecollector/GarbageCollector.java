package io.kubesim.controllermanager.garbagecollector;

import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.Trees;
import io.kubesim.core.client.ApiCall;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The garbage collector (pkg/controller/garbagecollector): the I/O around {@link GcPlanner}. It
 * watches every kind that takes part in ownership, keeps an index from owner uid to dependents, and
 * syncs an object when it or one of its owners changes. Queue keys are {@code <kind
 * index>|<namespace/name>}. Before deleting an object because its owners are gone, it asks the
 * apiserver (not the cache) whether they are: a lagging cache must never delete a live object's
 * dependents.
 */
public final class GarbageCollector implements ManagedController {
  /** A kind the collector watches: its owner references are resolved through this table. */
  record Kind(String apiVersion, String kind, ResourcePath path, boolean namespaced) {}

  static final List<Kind> KINDS =
      List.of(
          new Kind("v1", "Pod", ResourcePath.PODS, true),
          new Kind("v1", "Service", ResourcePath.core("services"), true),
          new Kind("v1", "Endpoints", ResourcePath.core("endpoints"), true),
          new Kind("v1", "ConfigMap", ResourcePath.CONFIGMAPS, true),
          new Kind("v1", "Secret", ResourcePath.core("secrets"), true),
          new Kind("v1", "ServiceAccount", ResourcePath.core("serviceaccounts"), true),
          new Kind(
              "v1", "PersistentVolumeClaim", ResourcePath.core("persistentvolumeclaims"), true),
          new Kind(
              "v1", "ReplicationController", ResourcePath.core("replicationcontrollers"), true),
          new Kind("apps/v1", "Deployment", ResourcePath.of("apps/v1", "deployments"), true),
          new Kind("apps/v1", "ReplicaSet", ResourcePath.of("apps/v1", "replicasets"), true),
          new Kind("apps/v1", "StatefulSet", ResourcePath.of("apps/v1", "statefulsets"), true),
          new Kind("apps/v1", "DaemonSet", ResourcePath.of("apps/v1", "daemonsets"), true),
          new Kind(
              "apps/v1",
              "ControllerRevision",
              ResourcePath.of("apps/v1", "controllerrevisions"),
              true),
          new Kind("batch/v1", "Job", ResourcePath.of("batch/v1", "jobs"), true),
          new Kind("batch/v1", "CronJob", ResourcePath.of("batch/v1", "cronjobs"), true),
          new Kind(
              "discovery.k8s.io/v1",
              "EndpointSlice",
              ResourcePath.of("discovery.k8s.io/v1", "endpointslices"),
              true),
          new Kind("v1", "Node", ResourcePath.NODES, false));

  private final ControllerContext ctx;
  private final List<Informer> informers = new ArrayList<>();
  private final Map<String, Integer> kindIndex = new HashMap<>();

  /** owner uid → keys of the objects naming it as owner. */
  private final Map<String, Set<String>> dependents = new ConcurrentHashMap<>();

  private final ControllerLoop loop;

  public GarbageCollector(ControllerContext ctx) {
    this.ctx = ctx;
    this.loop = ctx.loop("garbage_collector_attempt_to_delete", 5, this::sync);
    for (int i = 0; i < KINDS.size(); i++) {
      Kind kind = KINDS.get(i);
      kindIndex.put(kind.apiVersion() + "/" + kind.kind(), i);
      Informer informer = ctx.informers().of(kind.path());
      informers.add(informer);
      int index = i;
      informer.addHandler(
          new EventHandler() {
            @Override
            public void onAdd(ObjectNode object) {
              observe(index, null, object);
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode object) {
              observe(index, old, object);
            }

            @Override
            public void onDelete(ObjectNode object) {
              forget(index, object);
            }
          });
    }
  }

  @Override
  public String name() {
    return "garbage_collector_attempt_to_delete";
  }

  @Override
  public void start() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < informers.size(); i++) {
      for (ObjectNode object : informers.get(i).list()) {
        if (interesting(object)) {
          keys.add(key(i, object));
        }
      }
    }
    loop.start(keys);
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private static String key(int index, JsonNode object) {
    return index + "|" + Keys.of(object);
  }

  private static boolean interesting(JsonNode object) {
    JsonNode meta = object.path("metadata");
    return !meta.path("ownerReferences").isEmpty() || waitsOnDependents(object);
  }

  private void observe(int index, ObjectNode old, ObjectNode object) {
    String key = key(index, object);
    if (old != null) {
      for (JsonNode ref : old.path("metadata").path("ownerReferences")) {
        Set<String> set = dependents.get(ref.path("uid").asString(""));
        if (set != null) {
          set.remove(key);
        }
      }
    }
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      String uid = ref.path("uid").asString("");
      dependents.computeIfAbsent(uid, u -> ConcurrentHashMap.newKeySet()).add(key);
      enqueueIfWaiting(object, ref);
    }
    // As the graph builder: a dependent is looked at again when its owners change, not on each of
    // its status writes (its owners' deletion queues it through forget).
    if (old == null
        || waitsOnDependents(object)
        || !old.path("metadata")
            .path("ownerReferences")
            .equals(object.path("metadata").path("ownerReferences"))) {
      if (interesting(object)) {
        loop.enqueue(key);
      }
    }
  }

  private void forget(int index, ObjectNode object) {
    String key = key(index, object);
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      String uid = ref.path("uid").asString("");
      Set<String> set = dependents.get(uid);
      if (set != null) {
        set.remove(key);
        if (set.isEmpty()) {
          dependents.remove(uid);
        }
      }
      enqueueIfWaiting(object, ref);
    }
    Set<String> orphans = dependents.get(Trees.uid(object));
    if (orphans != null) {
      orphans.forEach(loop::enqueue);
    }
  }

  /**
   * Queues the owner when it waits on its dependents (deleting, in the foreground or orphaning), as
   * the graph builder queues only such owners: queuing every owner on every change of a dependent
   * made each pod's status write sync its ReplicaSet, which walked all its pods (a third of the
   * controller-manager's CPU at 10,000 pods).
   */
  private void enqueueIfWaiting(JsonNode dependent, JsonNode ref) {
    String key = ownerKey(dependent, ref);
    ObjectNode owner = cached(key);
    if (owner != null && waitsOnDependents(owner)) {
      loop.enqueue(key);
    }
  }

  private static boolean waitsOnDependents(JsonNode object) {
    if (!Trees.deleting(object)) {
      return false;
    }
    for (JsonNode f : object.path("metadata").path("finalizers")) {
      String name = f.asString("");
      if (name.equals(GcPlanner.ORPHAN) || name.equals(GcPlanner.FOREGROUND)) {
        return true;
      }
    }
    return false;
  }

  /** The cached object of a queue key ({@code index|namespace/name}), null for an unknown kind. */
  private ObjectNode cached(String key) {
    int bar = key.indexOf('|');
    int index = Integer.parseInt(key.substring(0, bar));
    return index < 0 ? null : informers.get(index).get(key.substring(bar + 1));
  }

  /** The queue key of a referenced owner (unknown kinds give a key that syncs to nothing). */
  private String ownerKey(JsonNode dependent, JsonNode ref) {
    Integer index =
        kindIndex.get(ref.path("apiVersion").asString("") + "/" + ref.path("kind").asString(""));
    if (index == null) {
      return "-1|";
    }
    String ns = KINDS.get(index).namespaced() ? Trees.namespace(dependent) : "";
    return index + "|" + Keys.of(ns, ref.path("name").asString(""));
  }

  // --- sync --------------------------------------------------------------------------------

  private Future<Result> sync(String key) {
    int index = Integer.parseInt(key.substring(0, key.indexOf('|')));
    ObjectNode object = cached(key);
    if (object == null) {
      return Future.succeededFuture(Result.done());
    }
    return owners(object)
        .compose(
            owners -> {
              GcPlanner.Item item =
                  new GcPlanner.Item(
                      Trees.deleting(object),
                      finalizers(object),
                      owners,
                      // Only an object waiting on its dependents plans with them.
                      waitsOnDependents(object) ? dependentsOf(Trees.uid(object)) : List.of());
              return execute(index, object, GcPlanner.plan(item));
            });
  }

  private static List<String> finalizers(JsonNode object) {
    List<String> list = new ArrayList<>();
    object.path("metadata").path("finalizers").forEach(f -> list.add(f.asString("")));
    return list;
  }

  private List<GcPlanner.Dependent> dependentsOf(String uid) {
    List<GcPlanner.Dependent> list = new ArrayList<>();
    for (String key : dependents.getOrDefault(uid, Set.of())) {
      ObjectNode d = cached(key);
      if (d == null) {
        continue;
      }
      for (JsonNode ref : d.path("metadata").path("ownerReferences")) {
        if (uid.equals(ref.path("uid").asString(""))) {
          list.add(
              new GcPlanner.Dependent(
                  key, ref.path("blockOwnerDeletion").asBoolean(false), Trees.deleting(d)));
        }
      }
    }
    return list;
  }

  /** Each owner's state: the cache when it shows the owner, else the apiserver. */
  private Future<List<GcPlanner.Owner>> owners(ObjectNode object) {
    List<Future<GcPlanner.Owner>> owners = new ArrayList<>();
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      owners.add(owner(object, ref));
    }
    return Future.all(owners).map(all -> all.<GcPlanner.Owner>list());
  }

  private Future<GcPlanner.Owner> owner(ObjectNode dependent, JsonNode ref) {
    String uid = ref.path("uid").asString("");
    boolean block = ref.path("blockOwnerDeletion").asBoolean(false);
    String key = ownerKey(dependent, ref);
    int bar = key.indexOf('|');
    int index = Integer.parseInt(key.substring(0, bar));
    if (index < 0) {
      // A kind this collector does not know: never delete on its account.
      return Future.succeededFuture(new GcPlanner.Owner(uid, block, GcPlanner.OwnerState.PRESENT));
    }
    ObjectNode cached = informers.get(index).get(key.substring(bar + 1));
    if (cached != null && uid.equals(Trees.uid(cached))) {
      return Future.succeededFuture(new GcPlanner.Owner(uid, block, state(cached)));
    }
    Kind kind = KINDS.get(index);
    String ns = kind.namespaced() ? Trees.namespace(dependent) : null;
    return ctx.api()
        .get(kind.path().item(ns, ref.path("name").asString("")))
        .map(
            live ->
                new GcPlanner.Owner(
                    uid,
                    block,
                    uid.equals(Trees.uid(live)) ? state(live) : GcPlanner.OwnerState.ABSENT))
        .recover(
            e ->
                ApiClient.isNotFound(e)
                    ? Future.succeededFuture(
                        new GcPlanner.Owner(uid, block, GcPlanner.OwnerState.ABSENT))
                    : Future.failedFuture(e));
  }

  private static GcPlanner.OwnerState state(JsonNode owner) {
    return Trees.deleting(owner) && finalizers(owner).contains(GcPlanner.FOREGROUND)
        ? GcPlanner.OwnerState.DELETING_DEPENDENTS
        : GcPlanner.OwnerState.PRESENT;
  }

  private Future<Result> execute(int index, ObjectNode object, GcPlanner.Plan plan) {
    if (plan.isEmpty()) {
      return Future.succeededFuture(Result.done());
    }
    Kind kind = KINDS.get(index);
    String path =
        kind.path().item(kind.namespaced() ? Trees.namespace(object) : null, Trees.name(object));
    List<Future<Void>> steps = new ArrayList<>();
    if (plan.deleteSelf() != null) {
      steps.add(delete(path, Trees.uid(object), plan.deleteSelf()));
    }
    if (!plan.removeOwners().isEmpty()) {
      steps.add(removeOwnerRefs(path, new HashSet<>(plan.removeOwners())));
    }
    for (GcPlanner.DeleteDependent d : plan.deleteDependents()) {
      steps.add(withDependent(d.key(), (p, dep) -> delete(p, Trees.uid(dep), d.policy())));
    }
    for (String d : plan.orphanDependents()) {
      steps.add(withDependent(d, (p, dep) -> removeOwnerRefs(p, Set.of(Trees.uid(object)))));
    }
    if (plan.removeFinalizer() != null) {
      steps.add(removeFinalizer(path, plan.removeFinalizer()));
    }
    // Waiting for dependents to go: their deletion events requeue us, resync repairs a lost one.
    return Future.all(steps).map(v -> Result.done());
  }

  private Future<Void> withDependent(
      String key, java.util.function.BiFunction<String, ObjectNode, Future<Void>> action) {
    int bar = key.indexOf('|');
    int index = Integer.parseInt(key.substring(0, bar));
    ObjectNode dep = informers.get(index).get(key.substring(bar + 1));
    if (dep == null) {
      return Future.succeededFuture();
    }
    Kind kind = KINDS.get(index);
    return action.apply(
        kind.path().item(kind.namespaced() ? Trees.namespace(dep) : null, Trees.name(dep)), dep);
  }

  /** DELETE with propagationPolicy and a uid precondition (never a namesake). */
  private Future<Void> delete(String path, String uid, GcPlanner.Policy policy) {
    ObjectNode options = Json.object();
    options.put("apiVersion", "v1").put("kind", "DeleteOptions");
    options.put("propagationPolicy", policy.wire());
    options.putObject("preconditions").put("uid", uid);
    return ctx.api()
        .bus()
        .call(
            new ApiCall(
                "DELETE",
                path,
                Map.of(),
                Map.of("content-type", "application/json", "accept", "application/json"),
                Json.bytes(options)))
        .compose(
            reply ->
                reply.code() < 300 || reply.code() == 404 || reply.code() == 409
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(
                        new IllegalStateException("DELETE " + path + ": " + reply.text())));
  }

  /**
   * Read, then drop the owner references with these uids by a merge patch carrying the
   * resourceVersion read, so that a change in between fails it with a conflict (and a retry).
   */
  private Future<Void> removeOwnerRefs(String path, Set<String> uids) {
    return ctx.api()
        .get(path)
        .compose(
            live -> {
              ArrayNode kept = Json.MAPPER.createArrayNode();
              for (JsonNode ref : live.path("metadata").path("ownerReferences")) {
                if (!uids.contains(ref.path("uid").asString(""))) {
                  kept.add(ref);
                }
              }
              int before = live.path("metadata").path("ownerReferences").size();
              return kept.size() == before
                  ? Future.succeededFuture()
                  : patch(path, live, "ownerReferences", kept);
            })
        .recover(e -> ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private Future<Void> removeFinalizer(String path, String finalizer) {
    return ctx.api()
        .get(path)
        .compose(
            live -> {
              ArrayNode kept = Json.MAPPER.createArrayNode();
              for (JsonNode f : live.path("metadata").path("finalizers")) {
                if (!finalizer.equals(f.asString(""))) {
                  kept.add(f);
                }
              }
              int before = live.path("metadata").path("finalizers").size();
              return kept.size() == before
                  ? Future.succeededFuture()
                  : patch(path, live, "finalizers", kept);
            })
        .recover(e -> ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** {"metadata": {"resourceVersion": read, field: kept or null}}. */
  private Future<Void> patch(String path, ObjectNode live, String field, ArrayNode kept) {
    ObjectNode patch = Json.object();
    ObjectNode metadata = patch.putObject("metadata");
    metadata.put("resourceVersion", live.path("metadata").path("resourceVersion").asString(""));
    if (kept.isEmpty()) {
      metadata.putNull(field);
    } else {
      metadata.set(field, kept);
    }
    return ctx.api().patch(path, ApiClient.PatchType.MERGE, patch).mapEmpty();
  }
}
