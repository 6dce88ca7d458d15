package io.kubesim.apiserver.metricsapi;

import io.kubesim.core.json.Json;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a metrics-server install (its components.yaml) registers, as kubesim has it: the APIService
 * {@code v1beta1.metrics.k8s.io} backed by the Service {@code kube-system/metrics-server}, and the
 * ClusterRole {@code system:aggregated-metrics-reader}. The API itself is served inside the
 * apiserver ({@link MetricsApi}), so the Service has no selector: its Endpoints (and the
 * EndpointSlice the mirroring controller would make of them) name the apiserver, as {@code
 * default/kubernetes} does. Delete the Service and the aggregator reports the APIService
 * unavailable, metrics.k8s.io leaves discovery and {@code kubectl top} says "Metrics API not
 * available", as on a cluster whose metrics-server is gone.
 */
public final class MetricsServer {
  public static final String GROUP = "metrics.k8s.io";
  public static final String VERSION = "v1beta1";

  /** The APIService's name: {@code version.group}. */
  public static final String API_SERVICE = VERSION + "." + GROUP;

  public static final String NAMESPACE = "kube-system";
  public static final String SERVICE = "metrics-server";

  private static final String APP_LABEL = "k8s-app";

  private MetricsServer() {}

  /** The APIService of components.yaml (metrics-server v0.7). */
  public static ObjectNode apiService() {
    ObjectNode service = object("apiregistration.k8s.io/v1", "APIService", API_SERVICE, null);
    ObjectNode spec = service.putObject("spec");
    spec.put("group", GROUP);
    spec.put("groupPriorityMinimum", 100);
    spec.put("insecureSkipTLSVerify", true);
    ObjectNode ref = spec.putObject("service");
    ref.put("name", SERVICE);
    ref.put("namespace", NAMESPACE);
    spec.put("version", VERSION);
    spec.put("versionPriority", 100);
    return service;
  }

  /** components.yaml's Service without its selector: no pod serves it, the apiserver does. */
  public static ObjectNode service() {
    ObjectNode service = object("v1", "Service", SERVICE, NAMESPACE);
    ObjectNode spec = service.putObject("spec");
    ObjectNode port = spec.putArray("ports").addObject();
    port.put("name", "https");
    port.put("port", 443);
    port.put("protocol", "TCP");
    port.put("targetPort", "https");
    return service;
  }

  public static ObjectNode endpoints(String address, int port) {
    ObjectNode endpoints = object("v1", "Endpoints", SERVICE, NAMESPACE);
    ObjectNode subset = endpoints.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", address);
    ObjectNode p = subset.putArray("ports").addObject();
    p.put("name", "https");
    p.put("port", port);
    p.put("protocol", "TCP");
    return endpoints;
  }

  /**
   * The slice the EndpointSlice mirroring controller keeps for the Endpoints of a selectorless
   * Service.
   */
  public static ObjectNode endpointSlice(String address, int port) {
    ObjectNode slice = object("discovery.k8s.io/v1", "EndpointSlice", SERVICE, NAMESPACE);
    ObjectNode labels = (ObjectNode) slice.path("metadata").path("labels");
    labels.put(
        "endpointslice.kubernetes.io/managed-by", "endpointslicemirroring-controller.k8s.io");
    labels.put("kubernetes.io/service-name", SERVICE);
    slice.put("addressType", "IPv4");
    ObjectNode endpoint = slice.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(address);
    endpoint.putObject("conditions").put("ready", true);
    ObjectNode p = slice.putArray("ports").addObject();
    p.put("name", "https");
    p.put("port", port);
    p.put("protocol", "TCP");
    return slice;
  }

  /**
   * components.yaml's reader role: its labels aggregate it into admin, edit and view (kubesim's
   * bootstrap roles are written out rule by rule, and carry the same rule).
   */
  public static ObjectNode aggregatedReader() {
    ObjectNode role =
        object(
            "rbac.authorization.k8s.io/v1",
            "ClusterRole",
            "system:aggregated-metrics-reader",
            null);
    ObjectNode labels = (ObjectNode) role.path("metadata").path("labels");
    labels.put("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    labels.put("rbac.authorization.k8s.io/aggregate-to-edit", "true");
    labels.put("rbac.authorization.k8s.io/aggregate-to-view", "true");
    ObjectNode rule = role.putArray("rules").addObject();
    strings(rule.putArray("apiGroups"), List.of(GROUP));
    strings(rule.putArray("resources"), List.of("pods", "nodes"));
    strings(rule.putArray("verbs"), List.of("get", "list", "watch"));
    return role;
  }

  private static ObjectNode object(String apiVersion, String kind, String name, String namespace) {
    ObjectNode object = Json.object();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    metadata.putObject("labels").put(APP_LABEL, SERVICE);
    return object;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
