package io.kubesim.kubelet;

import io.kubesim.core.MapNames;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.Link;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.net.PodNetwork;
import io.kubesim.core.process.Component;
import io.kubesim.kubelet.app.ContainerServers;
import io.kubesim.kubelet.chaos.PartitionSwitch;
import io.kubesim.kubelet.mirror.MirrorNode;
import io.kubesim.kubelet.mirror.MirrorPods;
import io.kubesim.kubelet.node.NodeAgent;
import io.kubesim.kubelet.node.NodeConfig;
import io.kubesim.kubelet.node.NodeObjects;
import io.kubesim.kubelet.pods.LogService;
import io.kubesim.kubelet.pods.PodManager;
import io.kubesim.kubelet.stats.ResourceStatsService;
import io.kubesim.kubelet.volume.VolumeConfig;
import io.kubesim.kubelet.volume.VolumeSources;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A kubelet-sim process's work: registers its nodes, keeps their Leases and status, runs the pods
 * bound to them, serves their logs and their resource stats ({@code /metrics/resource}, and every
 * metric resolution to the apiserver's metrics.k8s.io), and keeps the mirror pods of the kubesim
 * processes that run on them ({@link MirrorPods}). Everything runs on one Vert.x context.
 *
 * <p>The pod network map is the cluster's Hazelcast map {@link MapNames#POD_NETWORK} ({@link
 * PodNetwork}); a non-clustered Vert.x (pure tests) gets no pod network.
 */
public final class Kubelet implements Component {

  private final List<NodeConfig> nodes;
  private final Clock clock;
  private final Duration statusReportPeriod;
  private final Duration metricResolution;
  private final VolumeConfig volumes;
  private volatile ResourceStatsService stats;

  /** This process's network to the apiserver; {@link PartitionSwitch} cuts it. */
  private final Link link = new Link();

  /** metrics-server's default resolution: the nodes' stats reach metrics.k8s.io every 15 s. */
  public static final Duration DEFAULT_METRIC_RESOLUTION = Duration.ofSeconds(15);

  public Kubelet(List<NodeConfig> nodes, Clock clock, Duration statusReportPeriod) {
    this(nodes, clock, statusReportPeriod, DEFAULT_METRIC_RESOLUTION);
  }

  /**
   * @param metricResolution how often each node's resource stats are sent to the apiserver
   */
  public Kubelet(
      List<NodeConfig> nodes, Clock clock, Duration statusReportPeriod, Duration metricResolution) {
    this(nodes, clock, statusReportPeriod, metricResolution, VolumeConfig.fromEnv(Map.of()));
  }

  /**
   * @param volumes where the nodes keep their volumes' data, and how
   */
  public Kubelet(
      List<NodeConfig> nodes,
      Clock clock,
      Duration statusReportPeriod,
      Duration metricResolution,
      VolumeConfig volumes) {
    this.nodes = List.copyOf(nodes);
    this.clock = clock;
    this.statusReportPeriod = statusReportPeriod;
    this.metricResolution = metricResolution;
    this.volumes = volumes;
  }

  /** The same kubelet keeping its volumes' data as {@code config} says. */
  public Kubelet withVolumes(VolumeConfig config) {
    return new Kubelet(nodes, clock, statusReportPeriod, metricResolution, config);
  }

  /** {@code /metrics/resource}, as the real kubelet serves it on its port (503 until started). */
  @Override
  public void routes(Router router) {
    String names = String.join(",", nodes.stream().map(NodeConfig::name).toList());
    new PartitionSwitch(link, names).routes(router);
    router
        .get("/metrics/resource")
        .handler(
            ctx -> {
              ResourceStatsService service = stats;
              if (service == null) {
                ctx.response().setStatusCode(503).end("kubelet starting\n");
              } else {
                service.serve(ctx);
              }
            });
  }

  @Override
  public Future<Running> start(Vertx vertx, ApiClient api, MeterRegistry registry) {
    Context context = vertx.getOrCreateContext();
    Promise<Running> started = Promise.promise();
    ApiClient linked = new ApiClient(api.bus().through(link));
    context.runOnContext(v -> startOnContext(vertx, linked, registry).onComplete(started));
    return started.future();
  }

  private Future<Running> startOnContext(Vertx vertx, ApiClient api, MeterRegistry registry) {
    Map<String, EventRecorder> recorders = new HashMap<>();
    Map<String, NodeAgent> agents = new LinkedHashMap<>();
    for (NodeConfig n : nodes) {
      EventRecorder recorder = new EventRecorder(api, "kubelet", n.name(), clock);
      recorders.put(n.name(), recorder);
      agents.put(n.name(), new NodeAgent(vertx, api, n, clock, recorder, statusReportPeriod));
    }
    String host = nodes.isEmpty() ? "127.0.0.1" : nodes.get(0).ip();
    ContainerServers servers = new ContainerServers(vertx, host, PodNetwork.map(vertx));
    PodManager[] pods = new PodManager[1];
    KubeletMetrics metrics = new KubeletMetrics(registry, () -> pods[0].counts());
    nodes.forEach(n -> metrics.nodeName(n.name()));
    pods[0] =
        PodManager.create(
            vertx,
            api,
            clock,
            recorders,
            servers,
            metrics,
            agents,
            volumes,
            new VolumeSources(api, clock, volumes.syncPeriod()));
    LogService logs = new LogService(vertx, pods[0], clock);
    ResourceStatsService resources =
        new ResourceStatsService(
            vertx,
            clock,
            metricResolution,
            List.copyOf(agents.keySet()),
            pods[0]::simsByNode,
            pods[0]::memoryUse);
    MirrorPods mirrors =
        MirrorPods.create(
            vertx, api, List.copyOf(agents.keySet()), () -> mirrorNodes(agents), recorders, clock);
    // one watch of the process's Nodes, which the heartbeats read
    io.kubesim.core.controller.InformerOptions nodeOptions =
        io.kubesim.core.controller.InformerOptions.of(ResourcePath.NODES);
    if (agents.size() == 1) {
      nodeOptions =
          nodeOptions.withFieldSelector("metadata.name=" + agents.keySet().iterator().next());
    }
    io.kubesim.core.controller.Informer nodeCache =
        new io.kubesim.core.controller.Informer(vertx, api, nodeOptions);
    agents.values().forEach(a -> a.readFrom(name -> nodeCache.get(name)));
    return registerWhenReachable(vertx, api, agents)
        .compose(v -> nodeCache.start())
        .compose(v -> logs.register(agents.keySet()))
        .compose(v -> pods[0].start())
        .compose(v -> servers.removeStale(pods[0]::stale).recover(e -> Future.succeededFuture(0)))
        .compose(v -> mirrors == null ? Future.succeededFuture() : mirrors.start())
        .onSuccess(v -> startStats(resources))
        .map(v -> (Running) new Started(agents, pods[0], logs, mirrors, resources, nodeCache));
  }

  private static List<MirrorNode> mirrorNodes(Map<String, NodeAgent> agents) {
    return agents.values().stream()
        .map(a -> new MirrorNode(a.name(), a.config().ip(), a.uid()))
        .toList();
  }

  /**
   * Registers the nodes, trying again every 2 s while the apiserver is not reachable yet (the
   * processes of a cluster start together); ProcessMain gives up after its start timeout.
   */
  private static Future<Void> registerWhenReachable(
      Vertx vertx, ApiClient api, Map<String, NodeAgent> agents) {
    return register(api, agents)
        .recover(
            e -> {
              org.slf4j.LoggerFactory.getLogger(Kubelet.class)
                  .warn("nodes not registered yet, trying again in 2 s: {}", e.toString());
              Promise<Void> again = Promise.promise();
              vertx.setTimer(
                  2000, t -> registerWhenReachable(vertx, api, agents).onComplete(again));
              return again.future();
            });
  }

  /** Lists the Nodes once, then registers each of ours: existing ones keep their pod CIDR. */
  private static Future<Void> register(ApiClient api, Map<String, NodeAgent> agents) {
    return api.list(ResourcePath.NODES.collection(null), Map.of())
        .compose(
            list -> {
              Map<String, ObjectNode> existing = new HashMap<>();
              Set<Integer> used = new HashSet<>();
              for (JsonNode item : list.path("items")) {
                String name = item.path("metadata").path("name").asString("");
                int slot = NodeObjects.cidrIndex(item.path("spec").path("podCIDR").asString(""));
                if (agents.containsKey(name)) {
                  ObjectNode node = (ObjectNode) item;
                  node.put("kind", "Node");
                  node.put("apiVersion", "v1");
                  existing.put(name, node);
                }
                if (slot >= 0) {
                  used.add(slot);
                }
              }
              List<Runnable> work = new ArrayList<>();
              List<Future<Void>> all = new ArrayList<>();
              for (NodeAgent agent : agents.values()) {
                ObjectNode node = existing.get(agent.name());
                int slot = node == null ? NodeObjects.chooseCidrSlot(agent.name(), used) : -1;
                used.add(slot);
                Promise<Void> done = Promise.promise();
                all.add(done.future());
                work.add(() -> agent.register(node, slot).onComplete(done));
              }
              runLimited(work, all, REGISTER_CONCURRENCY);
              return Future.all(all).<Void>mapEmpty();
            });
  }

  private void startStats(ResourceStatsService resources) {
    resources.start();
    stats = resources;
  }

  /** Nodes registered at once: a process of 1,000 nodes must not send 5,000 calls in one burst. */
  static final int REGISTER_CONCURRENCY = 32;

  /** Starts {@code limit} of the tasks, and one more each time one of {@code done} completes. */
  private static void runLimited(List<Runnable> tasks, List<Future<Void>> done, int limit) {
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    Runnable[] startNext = new Runnable[1];
    startNext[0] =
        () -> {
          int i = next.getAndIncrement();
          if (i < tasks.size()) {
            done.get(i).onComplete(r -> startNext[0].run());
            tasks.get(i).run();
          }
        };
    for (int i = 0; i < Math.min(limit, tasks.size()); i++) {
      startNext[0].run();
    }
  }

  private record Started(
      Map<String, NodeAgent> agents,
      PodManager pods,
      LogService logs,
      MirrorPods mirrors,
      ResourceStatsService stats,
      io.kubesim.core.controller.Informer nodeCache)
      implements Running {
    @Override
    public boolean ready() {
      return pods.synced() && agents.values().stream().allMatch(NodeAgent::registered);
    }

    @Override
    public Future<Void> stop() {
      agents.values().forEach(NodeAgent::stop);
      stats.stop();
      Future<Void> mirrorsStopped = mirrors == null ? Future.succeededFuture() : mirrors.stop();
      return Future.all(logs.stop(), pods.stop(), mirrorsStopped, nodeCache.stop()).mapEmpty();
    }
  }
}
