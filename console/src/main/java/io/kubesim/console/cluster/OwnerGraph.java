package io.kubesim.console.cluster;

import io.kubesim.core.json.Json;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Owners and selectors as a graph: Deployment → ReplicaSet → Pod, DaemonSet, StatefulSet and Job →
 * Pod ({@code owns}, from ownerReferences); Service → EndpointSlice ({@code selects}, the
 * kubernetes.io/service-name label) → Pod ({@code selects}, the endpoints' targetRef, with their
 * readiness); Ingress → Service ({@code routes}). A ReplicaSet scaled to 0 that owns no pod (an old
 * revision) is left out: it would crowd the picture.
 */
public final class OwnerGraph {
  static final List<String> KINDS =
      List.of(
          "Deployment",
          "ReplicaSet",
          "DaemonSet",
          "StatefulSet",
          "Job",
          "Pod",
          "Service",
          "EndpointSlice",
          "Ingress");

  private OwnerGraph() {}

  /** {@code {"nodes": [{id, kind, namespace, name}], "edges": [{source, target, kind}]}}. */
  public static ObjectNode build(Snapshot s) {
    Map<String, String> idByUid = new HashMap<>();
    Set<String> owners = new HashSet<>();
    for (String kind : KINDS) {
      for (JsonNode o : s.list(kind)) {
        idByUid.put(Objects.uid(o), Objects.id(kind, o));
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
          owners.add(ref.path("uid").asString(""));
        }
      }
    }
    ObjectNode graph = Json.object();
    ArrayNode nodes = graph.putArray("nodes");
    ArrayNode edges = graph.putArray("edges");
    Set<String> present = new HashSet<>();
    for (String kind : KINDS) {
      for (JsonNode o : s.list(kind)) {
        if (kind.equals("ReplicaSet")
            && o.path("spec").path("replicas").asInt(1) == 0
            && !owners.contains(Objects.uid(o))) {
          continue;
        }
        String id = Objects.id(kind, o);
        present.add(id);
        nodes
            .addObject()
            .put("id", id)
            .put("kind", kind)
            .put("namespace", Objects.namespace(o))
            .put("name", Objects.name(o));
      }
    }
    for (String kind : KINDS) {
      for (JsonNode o : s.list(kind)) {
        String id = Objects.id(kind, o);
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
          // a Service owns its EndpointSlices; what the picture shows is that it selects them
          String relation = "Service".equals(ref.path("kind").asString("")) ? "selects" : "owns";
          edge(edges, present, idByUid.get(ref.path("uid").asString("")), id, relation);
        }
      }
    }
    selectors(s, edges, present);
    return graph;
  }

  private static void selectors(Snapshot s, ArrayNode edges, Set<String> present) {
    for (JsonNode slice : s.list("EndpointSlice")) {
      String ns = Objects.namespace(slice);
      String id = Objects.id("EndpointSlice", slice);
      String service =
          slice.path("metadata").path("labels").path("kubernetes.io/service-name").asString("");
      if (!service.isEmpty()) {
        edge(edges, present, "Service/" + ns + "/" + service, id, "selects");
      }
      for (JsonNode endpoint : slice.path("endpoints")) {
        JsonNode ref = endpoint.path("targetRef");
        if ("Pod".equals(ref.path("kind").asString(""))) {
          String pod =
              "Pod/" + ref.path("namespace").asString(ns) + "/" + ref.path("name").asString();
          boolean ready = endpoint.path("conditions").path("ready").asBoolean(true);
          edge(edges, present, id, pod, ready ? "selects" : "selects-not-ready");
        }
      }
    }
    for (JsonNode ingress : s.list("Ingress")) {
      String ns = Objects.namespace(ingress);
      String id = Objects.id("Ingress", ingress);
      for (String service : IngressRoutes.services(ingress)) {
        edge(edges, present, id, "Service/" + ns + "/" + service, "routes");
      }
    }
  }

  /**
   * Adds an edge once (a Service both owns and labels its slices); {@code present} holds the
   * objects' ids and, once added, the edges'.
   */
  private static void edge(
      ArrayNode edges, Set<String> present, String source, String target, String kind) {
    String id = source + ">" + target;
    if (source != null && present.contains(source) && present.contains(target) && present.add(id)) {
      edges.addObject().put("id", id).put("source", source).put("target", target).put("kind", kind);
    }
  }
}
