package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.json.Json;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The field selectors each kind supports, as the real apiserver registers them (its
 * GetAttrs/SelectableFields). Anything else is rejected with {@code field label not supported}.
 */
final class FieldLabels {
  private static final Map<String, Set<String>> EXTRA =
      Map.ofEntries(
          Map.entry(
              "pods",
              Set.of(
                  "spec.nodeName",
                  "spec.restartPolicy",
                  "spec.schedulerName",
                  "spec.serviceAccountName",
                  "spec.hostNetwork",
                  "status.phase",
                  "status.podIP",
                  "status.podIPs",
                  "status.nominatedNodeName")),
          Map.entry(
              "events",
              Set.of(
                  "involvedObject.kind",
                  "involvedObject.namespace",
                  "involvedObject.name",
                  "involvedObject.uid",
                  "involvedObject.apiVersion",
                  "involvedObject.resourceVersion",
                  "involvedObject.fieldPath",
                  "reason",
                  "reportingComponent",
                  "source",
                  "type")),
          Map.entry(
              "events.events.k8s.io",
              Set.of(
                  "regarding.kind",
                  "regarding.namespace",
                  "regarding.name",
                  "regarding.uid",
                  "reason",
                  "type",
                  "reportingController")),
          Map.entry("nodes", Set.of("spec.unschedulable")),
          Map.entry("secrets", Set.of("type")),
          Map.entry("namespaces", Set.of("status.phase")),
          Map.entry("replicasets.apps", Set.of("status.replicas")),
          Map.entry("replicationcontrollers", Set.of("status.replicas")),
          Map.entry("jobs.batch", Set.of("status.successful")),
          Map.entry("services", Set.of("spec.clusterIP", "spec.type")),
          Map.entry("persistentvolumeclaims", Set.of("spec.storageClassName")));

  private FieldLabels() {}

  static boolean supported(ResourceType type, String field) {
    if (field.equals("metadata.name") || field.equals("metadata.namespace")) {
      return true;
    }
    return EXTRA.getOrDefault(type.qualified(), Set.of()).contains(field);
  }

  /** The field's value as the selector compares it; "" when absent. */
  static String value(ResourceType type, JsonNode object, String field) {
    if (type.qualified().equals("events") && field.equals("source")) {
      return Json.text(object, "source.component");
    }
    if (field.equals("status.podIPs")) {
      return Json.text(object, "status.podIP");
    }
    JsonNode node = Json.at(object, field);
    if (node.isMissingNode() || node.isNull()) {
      return switch (field) {
        case "spec.unschedulable", "spec.hostNetwork" -> "false";
        case "status.replicas" -> "0"; // an int32 printed with strconv.Itoa
        default -> "";
      };
    }
    return node.asString();
  }
}
