package io.kubesim.kubestatemetrics;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The cluster's objects as kube-state-metrics names them (v2 metric names, labels and help texts),
 * computed from informer caches at scrape time, so a deleted object's series simply stop. Only the
 * families a learner graphs are here: pod phase, readiness, restarts and placement; Deployment and
 * ReplicationController replicas; Node conditions, taints and info; Namespace phase.
 */
final class StateMetrics {
  static final List<String> POD_PHASES =
      List.of("Pending", "Succeeded", "Failed", "Unknown", "Running");
  static final List<String> NAMESPACE_PHASES = List.of("Active", "Terminating");

  private StateMetrics() {}

  static List<MetricSnapshot> of(
      Collection<? extends JsonNode> pods,
      Collection<? extends JsonNode> deployments,
      Collection<? extends JsonNode> nodes,
      Collection<? extends JsonNode> namespaces,
      Collection<? extends JsonNode> replicationControllers) {
    Families f = new Families();
    pods(f, pods);
    deployments(f, deployments);
    ReplicationControllerMetrics.add(f, replicationControllers);
    nodes(f, nodes);
    namespaces(f, namespaces);
    return f.snapshots();
  }

  private static void pods(Families f, Collection<? extends JsonNode> pods) {
    for (JsonNode pod : pods) {
      JsonNode meta = pod.path("metadata");
      String ns = text(meta, "namespace");
      String name = text(meta, "name");
      String uid = text(meta, "uid");
      JsonNode owner = controllerOf(meta);
      f.gauge(
          "kube_pod_info",
          "Information about pod.",
          1,
          "namespace",
          ns,
          "pod",
          name,
          "uid",
          uid,
          "host_ip",
          text(pod.path("status"), "hostIP"),
          "pod_ip",
          text(pod.path("status"), "podIP"),
          "node",
          text(pod.path("spec"), "nodeName"),
          "created_by_kind",
          text(owner, "kind"),
          "created_by_name",
          text(owner, "name"),
          "priority_class",
          text(pod.path("spec"), "priorityClassName"),
          "host_network",
          String.valueOf(pod.path("spec").path("hostNetwork").asBoolean(false)));
      String phase = text(pod.path("status"), "phase");
      if (!phase.isEmpty()) {
        for (String p : POD_PHASES) {
          f.gauge(
              "kube_pod_status_phase",
              "The pods current phase.",
              p.equals(phase) ? 1 : 0,
              "namespace",
              ns,
              "pod",
              name,
              "uid",
              uid,
              "phase",
              p);
        }
      }
      for (JsonNode condition : pod.path("status").path("conditions")) {
        if (condition.path("type").asString("").equals("Ready")) {
          conditionStatus(
              f,
              "kube_pod_status_ready",
              "Describes whether the pod is ready to serve requests.",
              "condition",
              condition.path("status").asString(""),
              "namespace",
              ns,
              "pod",
              name,
              "uid",
              uid);
        }
      }
      for (JsonNode status : pod.path("status").path("containerStatuses")) {
        f.counter(
            "kube_pod_container_status_restarts",
            "The number of container restarts per container.",
            status.path("restartCount").asInt(0),
            "namespace",
            ns,
            "pod",
            name,
            "uid",
            uid,
            "container",
            text(status, "name"));
        f.gauge(
            "kube_pod_container_status_ready",
            "Describes whether the containers readiness check succeeded.",
            status.path("ready").asBoolean(false) ? 1 : 0,
            "namespace",
            ns,
            "pod",
            name,
            "uid",
            uid,
            "container",
            text(status, "name"));
      }
    }
  }

  private static void deployments(Families f, Collection<? extends JsonNode> deployments) {
    for (JsonNode d : deployments) {
      String ns = text(d.path("metadata"), "namespace");
      String name = text(d.path("metadata"), "name");
      JsonNode spec = d.path("spec");
      JsonNode status = d.path("status");
      String[] labels = {"namespace", ns, "deployment", name};
      f.gauge(
          "kube_deployment_spec_replicas",
          "Number of desired pods for a deployment.",
          spec.path("replicas").asInt(1),
          labels);
      f.gauge(
          "kube_deployment_status_replicas",
          "The number of replicas per deployment.",
          status.path("replicas").asInt(0),
          labels);
      f.gauge(
          "kube_deployment_status_replicas_ready",
          "The number of ready replicas per deployment.",
          status.path("readyReplicas").asInt(0),
          labels);
      f.gauge(
          "kube_deployment_status_replicas_available",
          "The number of available replicas per deployment.",
          status.path("availableReplicas").asInt(0),
          labels);
      f.gauge(
          "kube_deployment_status_replicas_unavailable",
          "The number of unavailable replicas per deployment.",
          status.path("unavailableReplicas").asInt(0),
          labels);
      f.gauge(
          "kube_deployment_status_replicas_updated",
          "The number of updated replicas per deployment.",
          status.path("updatedReplicas").asInt(0),
          labels);
      f.gauge(
          "kube_deployment_spec_paused",
          "Whether the deployment is paused and will not be processed by the deployment"
              + " controller.",
          spec.path("paused").asBoolean(false) ? 1 : 0,
          labels);
    }
  }

  private static void nodes(Families f, Collection<? extends JsonNode> nodes) {
    for (JsonNode node : nodes) {
      String name = text(node.path("metadata"), "name");
      JsonNode info = node.path("status").path("nodeInfo");
      f.gauge(
          "kube_node_info",
          "Information about a cluster node.",
          1,
          "node",
          name,
          "kernel_version",
          text(info, "kernelVersion"),
          "os_image",
          text(info, "osImage"),
          "container_runtime_version",
          text(info, "containerRuntimeVersion"),
          "kubelet_version",
          text(info, "kubeletVersion"),
          "pod_cidr",
          text(node.path("spec"), "podCIDR"),
          "internal_ip",
          address(node, "InternalIP"));
      f.gauge(
          "kube_node_spec_unschedulable",
          "Whether a node can schedule new pods.",
          node.path("spec").path("unschedulable").asBoolean(false) ? 1 : 0,
          "node",
          name);
      for (JsonNode taint : node.path("spec").path("taints")) {
        f.gauge(
            "kube_node_spec_taint",
            "The taint of a cluster node.",
            1,
            "node",
            name,
            "key",
            text(taint, "key"),
            "value",
            text(taint, "value"),
            "effect",
            text(taint, "effect"));
      }
      for (JsonNode condition : node.path("status").path("conditions")) {
        conditionStatus(
            f,
            "kube_node_status_condition",
            "The condition of a cluster node.",
            "status",
            condition.path("status").asString(""),
            "node",
            name,
            "condition",
            text(condition, "type"));
      }
    }
  }

  private static void namespaces(Families f, Collection<? extends JsonNode> namespaces) {
    for (JsonNode ns : namespaces) {
      String phase = text(ns.path("status"), "phase");
      for (String p : NAMESPACE_PHASES) {
        f.gauge(
            "kube_namespace_status_phase",
            "kubernetes namespace status phase.",
            p.equals(phase) ? 1 : 0,
            "namespace",
            text(ns.path("metadata"), "name"),
            "phase",
            p);
      }
    }
  }

  /**
   * One series per status (true, false, unknown), 1 on the one that holds: KSM's convention; the
   * label that carries the status is {@code condition} on pods and {@code status} on nodes.
   */
  private static void conditionStatus(
      Families f, String metric, String help, String label, String status, String... labels) {
    for (String s : List.of("true", "false", "unknown")) {
      String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
      all[labels.length] = label;
      all[labels.length + 1] = s;
      f.gauge(metric, help, s.equals(status.toLowerCase(Locale.ROOT)) ? 1 : 0, all);
    }
  }

  private static JsonNode controllerOf(JsonNode meta) {
    for (JsonNode ref : meta.path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return ref;
      }
    }
    return tools.jackson.databind.node.MissingNode.getInstance();
  }

  private static String address(JsonNode node, String type) {
    for (JsonNode a : node.path("status").path("addresses")) {
      if (a.path("type").asString("").equals(type)) {
        return text(a, "address");
      }
    }
    return "";
  }

  private static String text(JsonNode node, String field) {
    return node.path(field).asString("");
  }
}
