package io.kubesim.apiserver.aggregator;

import io.kubesim.apiserver.metricsapi.MetricsServer;
import io.kubesim.core.json.Json;
import io.kubesim.core.selector.LabelValidation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether an APIService is Available, decided as the aggregator's availability controllers decide
 * it (kube-aggregator pkg/controllers/status): a local one always is; one backed by a service needs
 * the service, its port, endpoints with an address on that port's name, and an answer to a GET of
 * its discovery document. kubesim does not proxy to aggregated API servers, so a service that
 * passes every other check fails that last one, with the URL the aggregator would have called;
 * except metrics.k8s.io, which this apiserver serves itself (metricsapi): its discovery check
 * passes.
 */
public final class Availability {
  public static final String AVAILABLE = "Available";

  /** The Available condition's status, reason and message. */
  public record Verdict(String status, String reason, String message) {}

  static final Verdict LOCAL =
      new Verdict("True", "Local", "Local APIServices are always available");

  static final Verdict PASSED = new Verdict("True", "Passed", "all checks passed");

  private Availability() {}

  /**
   * @param service the Service spec.service names, or null when there is none
   * @param endpoints the Endpoints of that name, or null when there are none
   */
  public static Verdict check(JsonNode apiService, JsonNode service, JsonNode endpoints) {
    JsonNode ref = apiService.path("spec").path("service");
    if (!ref.isObject()) {
      return LOCAL;
    }
    String name = ref.path("name").asString("");
    String namespace = ref.path("namespace").asString("");
    String where = "service/" + name + " in " + LabelValidation.goQuote(namespace);
    int port = ref.path("port").asInt(443);
    if (service == null) {
      return unavailable("ServiceNotFound", where + " is not present");
    }
    String type = service.path("spec").path("type").asString("ClusterIP");
    if (type.equals("ClusterIP")) {
      JsonNode servicePort = port(service, port);
      if (servicePort == null) {
        return unavailable("ServicePortError", where + " is not listening on port " + port);
      }
      if (endpoints == null) {
        return unavailable("EndpointsNotFound", "cannot find endpoints for " + where);
      }
      String portName = servicePort.path("name").asString("");
      if (!hasAddressOn(endpoints, portName)) {
        return unavailable(
            "MissingEndpoints",
            "endpoints for "
                + where
                + " have no addresses with port name "
                + LabelValidation.goQuote(portName));
      }
    }
    String failure = discoveryFailure(apiService, service, port);
    if (failure == null) {
      return PASSED;
    }
    return unavailable("FailedDiscoveryCheck", failure);
  }

  /**
   * The error of the discovery GET: resolving the service (ResolveCluster), then the call; null
   * when it succeeds.
   */
  private static String discoveryFailure(JsonNode apiService, JsonNode service, int port) {
    JsonNode spec = service.path("spec");
    String type = spec.path("type").asString("ClusterIP");
    String host;
    switch (type) {
      case "ClusterIP", "NodePort", "LoadBalancer" -> {
        String clusterIp = spec.path("clusterIP").asString("");
        if (type.equals("ClusterIP") && clusterIp.equals("None")) {
          return "cannot route to service with ClusterIP \"None\"";
        }
        if (port(service, port) == null) {
          return "no service port "
              + port
              + " found for service "
              + LabelValidation.goQuote(service.path("metadata").path("name").asString(""));
        }
        host = clusterIp;
      }
      case "ExternalName" -> host = spec.path("externalName").asString("");
      default -> {
        return "unsupported service type " + LabelValidation.goQuote(type);
      }
    }
    String group = apiService.path("spec").path("group").asString("");
    String version = apiService.path("spec").path("version").asString("");
    String path =
        apiService.path("metadata").path("name").asString("").equals("v1.")
            ? "/api/" + version
            : "/apis/" + group + "/" + version;
    if (apiService.path("metadata").path("name").asString("").equals(MetricsServer.API_SERVICE)) {
      return null; // answered by this apiserver: the discovery GET would succeed
    }
    String url = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path;
    return "failing or missing response from "
        + url
        + ": kubesim does not proxy to aggregated API servers";
  }

  private static JsonNode port(JsonNode service, int port) {
    for (JsonNode p : service.path("spec").path("ports")) {
      if (p.path("port").asInt(-1) == port) {
        return p;
      }
    }
    return null;
  }

  private static boolean hasAddressOn(JsonNode endpoints, String portName) {
    for (JsonNode subset : endpoints.path("subsets")) {
      if (subset.path("addresses").isEmpty()) {
        continue;
      }
      for (JsonNode p : subset.path("ports")) {
        if (p.path("name").asString("").equals(portName)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Verdict unavailable(String reason, String message) {
    return new Verdict("False", reason, message);
  }

  /**
   * The status with the Available condition set to the verdict (SetAPIServiceCondition): its
   * lastTransitionTime moves only when its status changes; reason and message always follow.
   */
  public static ObjectNode withVerdict(JsonNode status, Verdict verdict, String now) {
    ObjectNode next =
        status != null && status.isObject() ? (ObjectNode) status.deepCopy() : Json.object();
    ArrayNode conditions =
        next.get("conditions") instanceof ArrayNode list ? list : next.putArray("conditions");
    for (JsonNode existing : conditions) {
      if (existing.path("type").asString("").equals(AVAILABLE)) {
        ObjectNode condition = (ObjectNode) existing;
        if (!condition.path("status").asString("").equals(verdict.status())) {
          condition.put("status", verdict.status());
          condition.put("lastTransitionTime", now);
        }
        condition.put("reason", verdict.reason());
        condition.put("message", verdict.message());
        return next;
      }
    }
    ObjectNode condition = conditions.addObject();
    condition.put("type", AVAILABLE);
    condition.put("status", verdict.status());
    condition.put("lastTransitionTime", now);
    condition.put("reason", verdict.reason());
    condition.put("message", verdict.message());
    return next;
  }
}
