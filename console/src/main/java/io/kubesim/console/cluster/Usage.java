package io.kubesim.console.cluster;

import io.kubesim.core.client.ApiClient;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulated usage the apiserver serves as metrics.k8s.io (what {@code kubectl top} reads). That
 * API cannot be watched, so the console reads it every metrics resolution and pushes it with the
 * view; the page itself never polls.
 */
final class Usage {
  static final String NODES = "/apis/metrics.k8s.io/v1beta1/nodes";
  static final String PODS = "/apis/metrics.k8s.io/v1beta1/pods";

  private Usage() {}

  /** Usage by node name and by pod key; empty when metrics are not there (yet). */
  static Future<Map<String, Snapshot.Usage>> read(ApiClient api) {
    Future<ObjectNode> nodes = api.list(NODES, Map.of());
    Future<ObjectNode> pods = api.list(PODS, Map.of());
    return Future.join(nodes, pods)
        .transform(
            done -> {
              Map<String, Snapshot.Usage> usage = new HashMap<>();
              if (nodes.succeeded()) {
                nodes
                    .result()
                    .path("items")
                    .forEach(n -> usage.put(Objects.name(n), of(n.path("usage"))));
              }
              if (pods.succeeded()) {
                for (JsonNode pod : pods.result().path("items")) {
                  long cpu = 0;
                  long memory = 0;
                  for (JsonNode c : pod.path("containers")) {
                    Snapshot.Usage u = of(c.path("usage"));
                    cpu += u.cpuMillis();
                    memory += u.memoryBytes();
                  }
                  usage.put(Objects.key(pod), new Snapshot.Usage(cpu, memory));
                }
              }
              return Future.succeededFuture(usage);
            });
  }

  private static Snapshot.Usage of(JsonNode usage) {
    return new Snapshot.Usage(
        Resources.milli(usage.path("cpu")), Resources.whole(usage.path("memory")));
  }
}
