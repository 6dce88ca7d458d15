package io.kubesim.kubelet.stats;

import io.kubesim.core.Addresses;
import io.kubesim.core.stats.ResourceStats;
import io.kubesim.kubelet.PodSim;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongBiFunction;

/**
 * The resource stats of this process's nodes: {@code /metrics/resource} on the kubelet's port, and
 * every metric resolution each node's {@link ResourceStats} published on {@link
 * Addresses#RESOURCE_STATS}, from which the apiserver serves metrics.k8s.io. On a real cluster
 * metrics-server scrapes every kubelet's {@code /metrics/resource} every 15 s; here each kubelet
 * pushes the same figures at the same pace, so the apiserver never fans a request out to the nodes,
 * however many there are.
 */
public final class ResourceStatsService {
  private final Vertx vertx;
  private final Clock clock;
  private final Duration resolution;
  private final Supplier<Map<String, List<PodSim>>> podsByNode;
  private final ToLongBiFunction<String, String> tmpfs;
  private final Map<String, NodeStats> nodes = new LinkedHashMap<>();
  private long timer = -1;

  /**
   * @param podsByNode the simulations of the pods of each node, now
   * @param tmpfs the bytes a container (pod uid, name) keeps in memory-backed emptyDirs
   */
  public ResourceStatsService(
      Vertx vertx,
      Clock clock,
      Duration resolution,
      List<String> nodeNames,
      Supplier<Map<String, List<PodSim>>> podsByNode,
      ToLongBiFunction<String, String> tmpfs) {
    this.vertx = vertx;
    this.clock = clock;
    this.resolution = resolution;
    this.podsByNode = podsByNode;
    this.tmpfs = tmpfs;
    nodeNames.forEach(n -> nodes.put(n, new NodeStats(n, clock.instant())));
  }

  /** Publishes now, then every resolution. */
  public void start() {
    publish();
    timer = vertx.setPeriodic(resolution.toMillis(), id -> publish());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void publish() {
    Map<String, List<PodSim>> pods = podsByNode.get();
    for (NodeStats node : nodes.values()) {
      ResourceStats stats = collect(node, pods);
      vertx.eventBus().publish(Addresses.RESOURCE_STATS, Buffer.buffer(stats.toJson()));
    }
  }

  private ResourceStats collect(NodeStats node, Map<String, List<PodSim>> pods) {
    return node.collect(
        clock.instant(), resolution, pods.getOrDefault(node.node(), List.of()), tmpfs);
  }

  /**
   * {@code GET /metrics/resource}: the node's resource metrics. A process simulating several nodes
   * serves the first unless {@code ?node=<name>} names another (a real kubelet has one node).
   */
  public void serve(RoutingContext ctx) {
    String name = ctx.request().getParam("node");
    NodeStats node =
        name == null ? nodes.values().stream().findFirst().orElse(null) : nodes.get(name);
    if (node == null) {
      ctx.response()
          .setStatusCode(404)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("no node " + name + " on this kubelet\n");
      return;
    }
    ResourceStats stats = collect(node, podsByNode.get());
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(ResourceMetricsText.of(stats));
  }
}
