package io.kubesim.console.cluster;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The objects a view is built from, by kind ({@link ClusterCache#RESOURCES}), and the simulated
 * usage read from metrics.k8s.io. Tests build one from plain lists.
 *
 * @param usage CPU (millicores) and memory (bytes) by node name and by pod key ({@code ns/name})
 */
public record Snapshot(Map<String, List<ObjectNode>> objects, Map<String, Usage> usage) {

  /** What metrics.k8s.io reported for a node or pod. */
  public record Usage(long cpuMillis, long memoryBytes) {}

  public List<ObjectNode> list(String kind) {
    return objects.getOrDefault(kind, List.of());
  }

  public static Snapshot of(ClusterCache cache, Map<String, Usage> usage) {
    Map<String, List<ObjectNode>> objects = new java.util.HashMap<>();
    ClusterCache.RESOURCES.keySet().forEach(kind -> objects.put(kind, cache.list(kind)));
    return new Snapshot(objects, usage);
  }
}
