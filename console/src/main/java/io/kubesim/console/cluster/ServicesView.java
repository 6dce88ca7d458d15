package io.kubesim.console.cluster;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Each Service with its DNS name, ports and endpoints (from its EndpointSlices). */
final class ServicesView {
  private ServicesView() {}

  /** The endpoints of every Service, by {@code namespace/name}. */
  static final class Endpoints {
    private final Map<String, ArrayNode> byService = new HashMap<>();

    Endpoints(Snapshot s) {
      for (JsonNode slice : s.list("EndpointSlice")) {
        String service =
            slice.path("metadata").path("labels").path("kubernetes.io/service-name").asString("");
        if (service.isEmpty()) {
          continue;
        }
        ArrayNode list =
            byService.computeIfAbsent(
                Objects.namespace(slice) + "/" + service, k -> Objects.array());
        for (JsonNode e : slice.path("endpoints")) {
          list.addObject()
              .put("ip", e.path("addresses").path(0).asString(""))
              .put("ready", e.path("conditions").path("ready").asBoolean(true))
              .put("pod", e.path("targetRef").path("name").asString(""))
              .put("node", e.path("nodeName").asString(""));
        }
      }
    }

    ArrayNode of(String namespace, String service) {
      ArrayNode list = byService.get(namespace + "/" + service);
      return list == null ? Objects.array() : list.deepCopy();
    }
  }

  /** The cluster domain kubesim's DNS serves (cluster.local, as kubeadm's default). */
  static String dnsName(String namespace, String service) {
    return service + "." + namespace + ".svc.cluster.local";
  }

  static ArrayNode build(Snapshot s, Endpoints endpoints) {
    ArrayNode out = Objects.array();
    for (JsonNode svc : s.list("Service")) {
      String ns = Objects.namespace(svc);
      String name = Objects.name(svc);
      ObjectNode json = out.addObject();
      json.put("namespace", ns).put("name", name);
      json.put("type", svc.path("spec").path("type").asString("ClusterIP"));
      json.put("clusterIP", svc.path("spec").path("clusterIP").asString(""));
      json.put("dns", dnsName(ns, name));
      ArrayNode ports = json.putArray("ports");
      for (JsonNode p : svc.path("spec").path("ports")) {
        ObjectNode port =
            ports
                .addObject()
                .put("name", p.path("name").asString(""))
                .put("port", p.path("port").asInt())
                .put("protocol", p.path("protocol").asString("TCP"));
        if (p.has("nodePort")) {
          port.put("nodePort", p.path("nodePort").asInt());
        }
      }
      json.set("endpoints", endpoints.of(ns, name));
    }
    return out;
  }
}
