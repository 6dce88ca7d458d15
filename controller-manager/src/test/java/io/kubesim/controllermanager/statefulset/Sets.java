package io.kubesim.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** Small builders for the StatefulSet planner's tests: the set "web" (app=nginx) and its pods. */
final class Sets {
  static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  private Sets() {}

  /**
   * web: selector app=nginx, service nginx, image nginx:1, generation 1, RollingUpdate partition 0;
   * {@code spec} is JSON merged over that spec.
   */
  static StatefulSet set(String spec) {
    ObjectNode set =
        (ObjectNode)
            Json.parse(
                """
                {"apiVersion":"apps/v1","kind":"StatefulSet",
                 "metadata":{"name":"web","namespace":"default","uid":"set-uid","generation":1},
                 "spec":{"replicas":3,"serviceName":"nginx","podManagementPolicy":"OrderedReady",
                         "revisionHistoryLimit":10,
                         "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
                         "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Retain"},
                         "selector":{"matchLabels":{"app":"nginx"}},
                         "template":{"metadata":{"labels":{"app":"nginx"}},
                                     "spec":{"containers":[{"name":"nginx","image":"nginx:1"}]}}}}"""
                    .getBytes(StandardCharsets.UTF_8));
    ObjectNode patch = (ObjectNode) Json.parse(("{" + spec + "}").getBytes(StandardCharsets.UTF_8));
    patch.properties().forEach(e -> ((ObjectNode) set.get("spec")).set(e.getKey(), e.getValue()));
    return ApiClient.as(set, StatefulSet.class);
  }

  /** The set with the www claim template of the docs' example (1Gi, my-storage-class). */
  static String www() {
    return """
        "volumeClaimTemplates":[{"metadata":{"name":"www"},
          "spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"my-storage-class",
                  "resources":{"requests":{"storage":"1Gi"}}}}]""";
  }

  /** The revision of the set's template now, as the controller names it. */
  static ControllerRevision revision(StatefulSet set, long number) {
    return StatefulSetHistory.newRevision(set, number, 0);
  }

  /** A pod of the set: {@code state} is Running (and Ready), Pending, Failed or Terminating. */
  static Pod pod(StatefulSet set, int ordinal, String revision, String state) {
    Pod pod = StatefulPods.newPod(set, set.getSpec().getTemplate(), ordinal, revision);
    pod.getMetadata().setUid("pod-uid-" + ordinal);
    pod.getMetadata().setResourceVersion("1");
    ObjectNode tree = ApiClient.tree(pod);
    ObjectNode status = tree.putObject("status");
    switch (state) {
      case "Running" -> {
        status.put("phase", "Running");
        status
            .putArray("conditions")
            .addObject()
            .put("type", "Ready")
            .put("status", "True")
            .put("lastTransitionTime", "2025-01-01T11:00:00Z");
      }
      case "Terminating" -> {
        status.put("phase", "Running");
        ((ObjectNode) tree.get("metadata")).put("deletionTimestamp", "2025-01-01T11:59:00Z");
      }
      default -> status.put("phase", state);
    }
    return ApiClient.as(tree, Pod.class);
  }

  static PersistentVolumeClaim claim(StatefulSet set, int ordinal) {
    PersistentVolumeClaim claim = StatefulPods.claims(set, ordinal).get(0);
    claim.getMetadata().setUid("claim-uid-" + ordinal);
    claim.getMetadata().setResourceVersion("1");
    return claim;
  }
}
