package io.kubesim.console.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Each Ingress's routes: host and path → Service and port → the Service's ready endpoints. */
final class IngressRoutes {
  private IngressRoutes() {}

  /** The Services an Ingress sends to (its rules' backends and its default backend). */
  static Set<String> services(JsonNode ingress) {
    Set<String> names = new LinkedHashSet<>();
    for (Route r : routes(ingress)) {
      names.add(r.service());
    }
    return names;
  }

  record Route(String host, String path, String pathType, String service, String port) {}

  static List<Route> routes(JsonNode ingress) {
    List<Route> routes = new ArrayList<>();
    for (JsonNode rule : ingress.path("spec").path("rules")) {
      String host = rule.path("host").asString("*");
      for (JsonNode path : rule.path("http").path("paths")) {
        JsonNode svc = path.path("backend").path("service");
        if (!svc.isMissingNode()) {
          routes.add(
              new Route(
                  host,
                  path.path("path").asString("/"),
                  path.path("pathType").asString("Prefix"),
                  svc.path("name").asString(""),
                  port(svc.path("port"))));
        }
      }
    }
    JsonNode fallback = ingress.path("spec").path("defaultBackend").path("service");
    if (!fallback.isMissingNode()) {
      routes.add(
          new Route(
              "*",
              "(default backend)",
              "",
              fallback.path("name").asString(""),
              port(fallback.path("port"))));
    }
    return routes;
  }

  private static String port(JsonNode port) {
    return port.has("name") ? port.path("name").asString() : port.path("number").asString("");
  }

  static ArrayNode build(Snapshot s, ServicesView.Endpoints endpoints) {
    ArrayNode out = Objects.array();
    for (JsonNode ingress : s.list("Ingress")) {
      ObjectNode json = out.addObject();
      String ns = Objects.namespace(ingress);
      json.put("namespace", ns).put("name", Objects.name(ingress));
      json.put("class", ingress.path("spec").path("ingressClassName").asString(""));
      ArrayNode routes = json.putArray("routes");
      for (Route r : routes(ingress)) {
        ObjectNode route =
            routes
                .addObject()
                .put("host", r.host())
                .put("path", r.path())
                .put("pathType", r.pathType())
                .put("service", r.service())
                .put("port", r.port());
        route.set("endpoints", endpoints.of(ns, r.service()));
      }
    }
    return out;
  }
}
