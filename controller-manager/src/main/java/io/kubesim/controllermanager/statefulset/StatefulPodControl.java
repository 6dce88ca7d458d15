package io.kubesim.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.controllermanager.Trees;
import io.kubesim.controllermanager.podcontrol.PodControl;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * StatefulPodControl's writes with its event texts ("create Pod web-0 in StatefulSet web
 * successful", "create Claim www-web-0 Pod web-0 in StatefulSet web success"): a pod's missing
 * claims before the pod (a pod whose claim could not be made is not created), identity labels,
 * claim owner references, then the pods created and deleted through the shared {@link PodControl}
 * (expectations, slow-start batches). A claim that already exists is the one this pod reuses.
 */
final class StatefulPodControl {
  /** recordPodEvent's texts; AlreadyExists is sunk (a pod's name is fixed, a retry finds it). */
  static final PodControl.EventTexts POD_EVENTS =
      new PodControl.EventTexts() {
        @Override
        public String created(ObjectNode owner, String pod) {
          return "create Pod " + pod + " in StatefulSet " + Trees.name(owner) + " successful";
        }

        @Override
        public String createFailed(ObjectNode owner, String pod, String error) {
          return "create Pod "
              + pod
              + " in StatefulSet "
              + Trees.name(owner)
              + " failed error: "
              + error;
        }

        @Override
        public String deleted(ObjectNode owner, String pod) {
          return "delete Pod " + pod + " in StatefulSet " + Trees.name(owner) + " successful";
        }

        @Override
        public String deleteFailed(ObjectNode owner, String pod, String error) {
          return "delete Pod "
              + pod
              + " in StatefulSet "
              + Trees.name(owner)
              + " failed error: "
              + error;
        }

        @Override
        public boolean reportsAlreadyExists() {
          return false;
        }
      };

  private final ApiClient api;
  private final EventRecorder recorder;
  private final PodControl pods;

  StatefulPodControl(ApiClient api, EventRecorder recorder, PodControl pods) {
    this.api = api;
    this.recorder = recorder;
    this.pods = pods;
  }

  /** The plan's pod and claim writes; fails with the first error once all are done. */
  Future<Void> apply(String key, ObjectNode owner, StatefulSetPlanner.Plan plan) {
    Map<String, String> failedClaims = new LinkedHashMap<>();
    List<Future<Void>> claims = new ArrayList<>();
    plan.claimCreates().forEach(c -> claims.add(createClaim(owner, c, failedClaims)));
    return Future.join(claims)
        .transform(
            created -> {
              List<Pod> creates = new ArrayList<>();
              for (Pod pod : plan.creates()) {
                String failure = failedClaims.get(pod.getMetadata().getName());
                if (failure == null) {
                  creates.add(pod);
                } else {
                  recorder.warning(
                      owner,
                      "FailedCreate",
                      POD_EVENTS.createFailed(owner, pod.getMetadata().getName(), failure));
                }
              }
              Future<Void> rest =
                  relabel(owner, plan.podRelabels())
                      .compose(v -> claimOwners(plan.claimOwners()))
                      .compose(v -> pods.createAndDeletePods(key, owner, creates, plan.deletes()));
              return created.failed()
                  ? rest.transform(r -> Future.<Void>failedFuture(created.cause()))
                  : rest;
            });
  }

  private Future<Void> createClaim(
      ObjectNode owner, StatefulSetPlanner.ClaimCreate create, Map<String, String> failed) {
    PersistentVolumeClaim claim = create.claim();
    String name = claim.getMetadata().getName();
    String set = Trees.name(owner);
    return api.create(
            StatefulSetController.CLAIMS.collection(claim.getMetadata().getNamespace()),
            ApiClient.tree(claim))
        .onSuccess(
            c ->
                recorder.normal(
                    owner,
                    "SuccessfulCreate",
                    "create Claim "
                        + name
                        + " Pod "
                        + create.pod()
                        + " in StatefulSet "
                        + set
                        + " success"))
        .<Void>mapEmpty()
        .recover(
            e -> {
              if (ApiClient.isAlreadyExists(e)) {
                return Future.succeededFuture();
              }
              String error = Trees.message(e);
              failed.putIfAbsent(create.pod(), "failed to create PVC " + name + ": " + error);
              recorder.warning(
                  owner,
                  "FailedCreate",
                  "create Claim "
                      + name
                      + " for Pod "
                      + create.pod()
                      + " in StatefulSet "
                      + set
                      + " failed error: "
                      + error);
              return Future.failedFuture(e);
            });
  }

  /** updateIdentity's labels, conditional on the pod read; "update Pod ... successful". */
  private Future<Void> relabel(ObjectNode owner, List<Pod> relabels) {
    List<Future<Void>> writes = new ArrayList<>();
    for (Pod pod : relabels) {
      String name = pod.getMetadata().getName();
      ObjectNode patch = Json.object();
      ObjectNode metadata = patch.putObject("metadata");
      metadata.put("resourceVersion", pod.getMetadata().getResourceVersion());
      ObjectNode labels = metadata.putObject("labels");
      StatefulPods.identityLabels(pod).forEach(labels::put);
      String set = Trees.name(owner);
      writes.add(
          api.patch(
                  ResourcePath.PODS.item(pod.getMetadata().getNamespace(), name),
                  ApiClient.PatchType.MERGE,
                  patch)
              .onSuccess(
                  p ->
                      recorder.normal(
                          owner,
                          "SuccessfulUpdate",
                          "update Pod " + name + " in StatefulSet " + set + " successful"))
              .onFailure(
                  e ->
                      recorder.warning(
                          owner,
                          "FailedUpdate",
                          "update Pod "
                              + name
                              + " in StatefulSet "
                              + set
                              + " failed error: "
                              + Trees.message(e)))
              .mapEmpty());
    }
    return Future.all(writes).mapEmpty();
  }

  /** The claims' owner references as the retention policy wants them, conditionally. */
  private Future<Void> claimOwners(List<StatefulSetPlanner.ClaimOwners> updates) {
    List<Future<Void>> writes = new ArrayList<>();
    for (StatefulSetPlanner.ClaimOwners update : updates) {
      PersistentVolumeClaim claim = update.claim();
      ObjectNode patch = Json.object();
      ObjectNode metadata = patch.putObject("metadata");
      metadata.put("resourceVersion", claim.getMetadata().getResourceVersion());
      if (update.refs().isEmpty()) {
        metadata.putNull("ownerReferences");
      } else {
        ArrayNode refs = metadata.putArray("ownerReferences");
        update.refs().forEach(r -> refs.add(ApiClient.tree(r)));
      }
      writes.add(
          api.patch(
                  StatefulSetController.CLAIMS.item(
                      claim.getMetadata().getNamespace(), claim.getMetadata().getName()),
                  ApiClient.PatchType.MERGE,
                  patch)
              .mapEmpty());
    }
    return Future.all(writes).mapEmpty();
  }
}
