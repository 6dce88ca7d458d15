package io.kubesim.controllermanager.podcontrol;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.OwnerClaims;
import io.kubesim.controllermanager.Trees;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The executor every pod-owning controller shares (pkg/controller's RealPodControl with its
 * expectations and slowStartBatch): creates pods in slow-start batches, deletes pods, adopts and
 * releases pods, each write recorded as the real controllers record it (SuccessfulCreate /
 * FailedCreate "Error creating: ...", SuccessfulDelete / FailedDelete) and counted in the owner's
 * {@link Expectations}, so a lagging informer never makes a sync create or delete twice. The
 * planners decide; this only writes.
 */
public final class PodControl {
  /**
   * The messages of the create and delete events (their reasons are always SuccessfulCreate,
   * FailedCreate, SuccessfulDelete and FailedDelete): RealPodControl's by default, the StatefulSet
   * controller's own (StatefulPodControl.recordPodEvent) for its pods.
   */
  public interface EventTexts {
    String created(ObjectNode owner, String pod);

    String createFailed(ObjectNode owner, String pod, String error);

    String deleted(ObjectNode owner, String pod);

    String deleteFailed(ObjectNode owner, String pod, String error);

    /** Whether a create refused as AlreadyExists gets a FailedCreate event. */
    default boolean reportsAlreadyExists() {
      return true;
    }
  }

  /** RealPodControl's: "Created pod: web-7d4f8", "Error creating: ...". */
  public static final EventTexts POD_CONTROL =
      new EventTexts() {
        @Override
        public String created(ObjectNode owner, String pod) {
          return "Created pod: " + pod;
        }

        @Override
        public String createFailed(ObjectNode owner, String pod, String error) {
          return "Error creating: " + error;
        }

        @Override
        public String deleted(ObjectNode owner, String pod) {
          return "Deleted pod: " + pod;
        }

        @Override
        public String deleteFailed(ObjectNode owner, String pod, String error) {
          return "Error deleting: " + error;
        }
      };

  private final ApiClient api;
  private final EventRecorder recorder;
  private final Expectations expectations;
  private final EventTexts texts;

  public PodControl(ApiClient api, EventRecorder recorder, Expectations expectations) {
    this(api, recorder, expectations, POD_CONTROL);
  }

  public PodControl(
      ApiClient api, EventRecorder recorder, Expectations expectations, EventTexts texts) {
    this.api = api;
    this.recorder = recorder;
    this.expectations = expectations;
    this.texts = texts;
  }

  public Expectations expectations() {
    return expectations;
  }

  /**
   * slowStartBatch: creates go out in batches of 1, 2, 4, 8, ... so that a template the apiserver
   * rejects costs one failed call, not 500. 10 pods: batches 1, 2, 4, 3.
   */
  public static List<Integer> slowStartBatches(int count) {
    List<Integer> batches = new ArrayList<>();
    int remaining = count;
    for (int size = Math.min(remaining, 1); size > 0; size = Math.min(2 * size, remaining)) {
      batches.add(size);
      remaining -= size;
    }
    return List.copyOf(batches);
  }

  /**
   * Creates the pods batch after batch; a batch with a failure stops the rest (which are then no
   * longer expected) and fails the returned future.
   *
   * @param key the owner's key, whose expectations count the creates
   * @param owner the owner as stored, which the events are about
   */
  public Future<Void> createPods(String key, ObjectNode owner, List<Pod> pods) {
    return createPodsCounted(key, owner, pods)
        .compose(
            c ->
                c.failure() == null
                    ? Future.<Void>succeededFuture()
                    : Future.<Void>failedFuture(c.failure()));
  }

  /** How many of the pods a {@link #createPodsCounted} made, and the first failure if any. */
  public record Created(int count, Throwable failure) {}

  /**
   * {@link #createPods}, telling how many were made: manageJob takes the pods it failed to create
   * off the active count it writes before it returns the error.
   */
  public Future<Created> createPodsCounted(String key, ObjectNode owner, List<Pod> pods) {
    if (pods.isEmpty()) {
      return Future.succeededFuture(new Created(0, null));
    }
    expectations.expectCreations(key, pods.size());
    return createBatches(key, owner, pods, slowStartBatches(pods.size()), 0, 0);
  }

  /**
   * syncNodes' order: expects the creates and the deletes together, creates in slow-start batches
   * (a failing batch skips the rest), then deletes whatever the creates did, and fails with the
   * first error once both are done. For a controller that may create on one node and delete on
   * another in the same sync.
   */
  public Future<Void> createAndDeletePods(
      String key, ObjectNode owner, List<Pod> creates, List<Pod> deletes) {
    if (creates.isEmpty() && deletes.isEmpty()) {
      expectations.expect(key, 0, Set.of());
      return Future.succeededFuture();
    }
    expectations.expect(key, creates.size(), podKeys(deletes));
    Future<Void> created =
        creates.isEmpty()
            ? Future.succeededFuture()
            : createBatches(key, owner, creates, slowStartBatches(creates.size()), 0, 0)
                .compose(
                    c ->
                        c.failure() == null
                            ? Future.<Void>succeededFuture()
                            : Future.<Void>failedFuture(c.failure()));
    return created.transform(
        c -> {
          List<Future<Void>> all = new ArrayList<>();
          deletes.forEach(pod -> all.add(deletePod(key, owner, pod)));
          Future<Void> deleted = Future.join(all).mapEmpty();
          return deleted.transform(
              d ->
                  c.failed()
                      ? Future.<Void>failedFuture(c.cause())
                      : d.failed()
                          ? Future.<Void>failedFuture(d.cause())
                          : Future.<Void>succeededFuture());
        });
  }

  private static Set<String> podKeys(List<Pod> pods) {
    Set<String> keys = new LinkedHashSet<>();
    pods.forEach(p -> keys.add(Keys.of(p.getMetadata().getNamespace(), p.getMetadata().getName())));
    return keys;
  }

  /** Each batch waits for all its creates, as the slow start's WaitGroup does. */
  private Future<Created> createBatches(
      String key, ObjectNode owner, List<Pod> pods, List<Integer> batches, int index, int from) {
    if (index >= batches.size()) {
      return Future.succeededFuture(new Created(from, null));
    }
    int size = batches.get(index);
    List<Future<Void>> batch = new ArrayList<>();
    for (int i = from; i < from + size; i++) {
      batch.add(createPod(key, owner, pods.get(i)));
    }
    return Future.join(batch)
        .<Created>transform(
            done -> {
              if (done.succeeded()) {
                return createBatches(key, owner, pods, batches, index + 1, from + size);
              }
              for (int i = from + size; i < pods.size(); i++) {
                expectations.creationObserved(key);
              }
              int made = from + (int) batch.stream().filter(Future::succeeded).count();
              return Future.succeededFuture(new Created(made, done.cause()));
            });
  }

  private Future<Void> createPod(String key, ObjectNode owner, Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    return api.create(ResourcePath.PODS.collection(ns), ApiClient.tree(pod))
        .onSuccess(
            created ->
                recorder.normal(
                    owner, "SuccessfulCreate", texts.created(owner, Trees.name(created))))
        .onFailure(
            e -> {
              expectations.creationObserved(key);
              if (!texts.reportsAlreadyExists() && ApiClient.isAlreadyExists(e)) {
                return;
              }
              recorder.warning(
                  owner,
                  "FailedCreate",
                  texts.createFailed(owner, pod.getMetadata().getName(), Trees.message(e)));
            })
        .mapEmpty();
  }

  /** Deletes the pods (all at once); a pod already gone counts as deleted. */
  public Future<Void> deletePods(String key, ObjectNode owner, List<Pod> pods) {
    if (pods.isEmpty()) {
      return Future.succeededFuture();
    }
    expectations.expectDeletions(key, podKeys(pods));
    List<Future<Void>> deletes = new ArrayList<>();
    for (Pod pod : pods) {
      deletes.add(deletePod(key, owner, pod));
    }
    return Future.all(deletes).mapEmpty();
  }

  private Future<Void> deletePod(String key, ObjectNode owner, Pod pod) {
    String name = pod.getMetadata().getName();
    String podKey = Keys.of(pod.getMetadata().getNamespace(), name);
    return api.delete(podPath(pod))
        .onSuccess(
            deleted -> recorder.normal(owner, "SuccessfulDelete", texts.deleted(owner, name)))
        .<Void>mapEmpty()
        .recover(
            e -> {
              expectations.deletionObserved(key, podKey);
              if (ApiClient.isNotFound(e)) {
                return Future.succeededFuture();
              }
              recorder.warning(
                  owner, "FailedDelete", texts.deleteFailed(owner, name, Trees.message(e)));
              return Future.failedFuture(e);
            });
  }

  /**
   * Adds the owner's controllerRef to adopted pods and removes it from released ones: a merge patch
   * of the whole ownerReferences list carrying the resourceVersion read, so a change in between is
   * a conflict (the sync is retried), never a lost reference.
   *
   * @param podNodes the informer's trees of the claimed pods (their resourceVersions)
   */
  public Future<Void> adoptAndRelease(
      HasMetadata owner, OwnerClaims.Claims<Pod> claims, List<ObjectNode> podNodes) {
    List<Future<Void>> writes = new ArrayList<>();
    String uid = owner.getMetadata().getUid();
    for (Pod pod : claims.adopt()) {
      ObjectNode node = find(podNodes, pod);
      ArrayNode refs = Trees.ownerReferences(node.deepCopy());
      refs.add(ApiClient.tree(Kube.controllerRef(owner)));
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

  /**
   * {@link #adoptAndRelease(HasMetadata, OwnerClaims.Claims, List)}, the trees from the informer.
   */
  public Future<Void> adoptAndRelease(
      HasMetadata owner, OwnerClaims.Claims<Pod> claims, Informer pods) {
    List<ObjectNode> found = new ArrayList<>();
    for (List<Pod> some : List.of(claims.adopt(), claims.release())) {
      for (Pod pod : some) {
        ObjectNode tree =
            pods.get(Keys.of(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
        if (tree != null) {
          found.add(tree);
        }
      }
    }
    return adoptAndRelease(owner, claims, found);
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
    return api.patch(path, ApiClient.PatchType.MERGE, patch).mapEmpty();
  }

  /**
   * Removes {@code finalizer} from the pod (a strategic merge patch with {@code
   * $deleteFromPrimitiveList}, as the job controller sends it): the pod, if it is being deleted and
   * held no other finalizer, then goes. A pod already gone counts as done.
   */
  public Future<Void> removeFinalizer(Pod pod, String finalizer) {
    ObjectNode patch = Json.object();
    patch.putObject("metadata").putArray("$deleteFromPrimitiveList/finalizers").add(finalizer);
    return api.patch(podPath(pod), ApiClient.PatchType.STRATEGIC, patch)
        .<Void>mapEmpty()
        .recover(e -> ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /**
   * A status write (PUT /status of the object as read, so a change in between is a conflict and the
   * sync is retried); null writes nothing, and a deleted object needs none.
   */
  public Future<Void> writeStatus(String path, ObjectNode read, Object status) {
    if (status == null) {
      return Future.succeededFuture();
    }
    ObjectNode body = read.deepCopy();
    body.set("status", ApiClient.tree(status));
    return api.updateStatus(path, body)
        .<Void>mapEmpty()
        .recover(e -> ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private static ObjectNode find(List<ObjectNode> nodes, Pod pod) {
    String name = pod.getMetadata().getName();
    return nodes.stream().filter(n -> name.equals(Trees.name(n))).findFirst().orElseThrow();
  }

  private static String podPath(Pod pod) {
    return ResourcePath.PODS.item(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }
}
