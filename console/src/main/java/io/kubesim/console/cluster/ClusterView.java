package io.kubesim.console.cluster;

import io.kubesim.core.json.Json;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The page's picture of the cluster, built from a {@link Snapshot} by a pure function: nodes and
 * their pods, the unscheduled pods, the owner and selector graph, Services with DNS names and
 * endpoints, Ingress routes, the newest Events, and the namespaces for the filter.
 */
public final class ClusterView {
  private ClusterView() {}

  public static ObjectNode build(Snapshot s) {
    ObjectNode view = Json.object();
    TreeSet<String> namespaces = new TreeSet<>();
    for (JsonNode ns : s.list("Namespace")) {
      namespaces.add(Objects.name(ns));
    }
    ArrayNode names = view.putArray("namespaces");
    namespaces.forEach(names::add);
    NodesView.build(s, view);
    view.set("graph", OwnerGraph.build(s));
    ServicesView.Endpoints endpoints = new ServicesView.Endpoints(s);
    view.set("services", ServicesView.build(s, endpoints));
    view.set("ingresses", IngressRoutes.build(s, endpoints));
    view.set("events", EventsView.build(s));
    return view;
  }
}
