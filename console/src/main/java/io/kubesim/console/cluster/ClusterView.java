package io.kubesim.console.cluster;

import io.kubesim.core.json.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The page's picture of the cluster, built from the caches by a pure function. */
public final class ClusterView {
  private ClusterView() {}

  public static ObjectNode build(ClusterCache cluster) {
    ObjectNode view = Json.object();
    ArrayNode nodes = view.putArray("nodes");
    cluster
        .list("Node")
        .forEach(n -> nodes.addObject().put("name", n.path("metadata").path("name").asString()));
    return view;
  }
}
