package io.kubesim.kubestatemetrics;

import java.time.OffsetDateTime;
import java.util.Collection;
import tools.jackson.databind.JsonNode;

/**
 * kube-state-metrics' kube_replicationcontroller_* families
 * (internal/store/replicationcontroller.go).
 */
final class ReplicationControllerMetrics {
  private ReplicationControllerMetrics() {}

  static void add(Families f, Collection<? extends JsonNode> controllers) {
    for (JsonNode rc : controllers) {
      JsonNode meta = rc.path("metadata");
      JsonNode spec = rc.path("spec");
      JsonNode status = rc.path("status");
      String[] labels = {
        "namespace",
        meta.path("namespace").asString(""),
        "replicationcontroller",
        meta.path("name").asString("")
      };
      String created = meta.path("creationTimestamp").asString("");
      if (!created.isEmpty()) {
        f.gauge(
            "kube_replicationcontroller_created",
            "Unix creation timestamp",
            OffsetDateTime.parse(created).toEpochSecond(),
            labels);
      }
      f.gauge(
          "kube_replicationcontroller_status_replicas",
          "The number of replicas per ReplicationController.",
          status.path("replicas").asInt(0),
          labels);
      f.gauge(
          "kube_replicationcontroller_status_fully_labeled_replicas",
          "The number of fully labeled replicas per ReplicationController.",
          status.path("fullyLabeledReplicas").asInt(0),
          labels);
      f.gauge(
          "kube_replicationcontroller_status_ready_replicas",
          "The number of ready replicas per ReplicationController.",
          status.path("readyReplicas").asInt(0),
          labels);
      f.gauge(
          "kube_replicationcontroller_status_available_replicas",
          "The number of available replicas per ReplicationController.",
          status.path("availableReplicas").asInt(0),
          labels);
      f.gauge(
          "kube_replicationcontroller_status_observed_generation",
          "The generation observed by the ReplicationController controller.",
          status.path("observedGeneration").asLong(0),
          labels);
      if (spec.path("replicas").isNumber()) {
        f.gauge(
            "kube_replicationcontroller_spec_replicas",
            "Number of desired pods for a ReplicationController.",
            spec.path("replicas").asInt(),
            labels);
      }
      f.gauge(
          "kube_replicationcontroller_metadata_generation",
          "Sequence number representing a specific generation of the desired state.",
          meta.path("generation").asLong(0),
          labels);
      owners(f, meta, labels);
    }
  }

  /** One series per owner reference; "<none>" in every owner label when there is none. */
  private static void owners(Families f, JsonNode meta, String[] labels) {
    String help = "Information about the ReplicationController's owner.";
    if (meta.path("ownerReferences").isEmpty()) {
      f.gauge(
          "kube_replicationcontroller_owner",
          help,
          1,
          with(
              labels,
              "owner_kind",
              "<none>",
              "owner_name",
              "<none>",
              "owner_is_controller",
              "<none>"));
      return;
    }
    for (JsonNode ref : meta.path("ownerReferences")) {
      f.gauge(
          "kube_replicationcontroller_owner",
          help,
          1,
          with(
              labels,
              "owner_kind",
              ref.path("kind").asString(""),
              "owner_name",
              ref.path("name").asString(""),
              "owner_is_controller",
              String.valueOf(ref.path("controller").asBoolean(false))));
    }
  }

  private static String[] with(String[] labels, String... more) {
    String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
    System.arraycopy(more, 0, all, labels.length, more.length);
    return all;
  }
}
