package io.kubesim.kubelet.pods;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.kubelet.KubeletMetrics;
import io.kubesim.kubelet.PodSim;
import io.kubesim.kubelet.volume.PodVolumes;
import io.kubesim.kubelet.volume.VolumeConfig;
import io.kubesim.kubelet.volume.VolumeSources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pods bound to this process's nodes: one informer for all of them, a {@link PodWorker} per pod
 * (by uid), each synced when its pod changes and when its next stage or probe is due (at least
 * every second).
 *
 * <p>One informer, not one per node: with one node it selects {@code spec.nodeName=<node>} as the
 * real kubelet does; with several it selects every bound pod ({@code spec.nodeName!=}) and keeps
 * those of its nodes, so a process simulating 1,000 nodes holds one watch, not 1,000.
 */
public final class PodManager {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PodManager.class);

  /** The annotation of a mirror pod, which the kubelet never runs. */
  static final String MIRROR = "kubernetes.io/config.mirror";

  private final Vertx vertx;
  private final Shared shared;
  private final Map<String, NodeState> nodes;
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
  private Informer informer;

  PodManager(Vertx vertx, Shared shared, Map<String, NodeState> nodes) {
    this.vertx = vertx;
    this.shared = shared;
    this.nodes = nodes;
  }

  public static PodManager create(
      Vertx vertx,
      ApiClient api,
      java.time.Clock clock,
      Map<String, io.kubesim.core.events.EventRecorder> recorders,
      io.kubesim.kubelet.app.ContainerServers servers,
      KubeletMetrics metrics,
      Map<String, io.kubesim.kubelet.node.NodeAgent> agents,
      VolumeConfig volumes,
      VolumeSources sources) {
    Map<String, NodeState> nodes = new ConcurrentHashMap<>();
    agents.forEach((name, agent) -> nodes.put(name, new NodeState(agent)));
    return new PodManager(
        vertx,
        new Shared(api, clock, recorders, servers, metrics, volumes, sources),
        Map.copyOf(nodes));
  }

  /** Starts the informer on the caller's context; completes at its first sync. */
  public Future<Void> start() {
    String selector =
        nodes.size() == 1 ? "spec.nodeName=" + nodes.keySet().iterator().next() : "spec.nodeName!=";
    InformerOptions options =
        InformerOptions.of(ResourcePath.PODS)
            .withFieldSelector(selector)
            .withResync(Duration.ofSeconds(30));
    informer = new Informer(vertx, shared.api(), options);
    informer.addHandler(
        new EventHandler() {
          @Override
          public void onAdd(ObjectNode pod) {
            changed(pod);
          }

          @Override
          public void onUpdate(ObjectNode oldPod, ObjectNode pod) {
            changed(pod);
          }

          @Override
          public void onDelete(ObjectNode pod) {
            deleted(pod);
          }
        });
    return informer.start().onSuccess(v -> removeOrphanedPodDirs());
  }

  /**
   * The emptyDirs of pods that went while the kubelet was down: their directories are removed once
   * the pods are known, as the kubelet cleans up orphaned pod directories.
   */
  private void removeOrphanedPodDirs() {
    for (String node : nodes.keySet()) {
      java.nio.file.Path dir = shared.volumes().podDir(node, "x").getParent();
      if (!java.nio.file.Files.isDirectory(dir)) {
        continue;
      }
      try (var uids = java.nio.file.Files.list(dir)) {
        uids.filter(p -> !workers.containsKey(p.getFileName().toString()))
            .forEach(PodVolumes::deleteTree);
      } catch (java.io.IOException | RuntimeException e) {
        LOG.warn("orphaned pod directories of {} not removed: {}", node, e.toString());
      }
    }
  }

  /** The bytes a container keeps in memory-backed emptyDirs, by pod uid and container name. */
  public long memoryUse(String uid, String container) {
    PodWorker w = workers.get(uid);
    return w == null ? 0 : w.memoryUse(container);
  }

  public Future<Void> stop() {
    workers.values().forEach(w -> vertx.cancelTimer(w.timer));
    workers.values().forEach(PodWorker::release);
    return informer == null ? Future.succeededFuture() : informer.stop();
  }

  private static String uid(ObjectNode pod) {
    return pod.path("metadata").path("uid").asString("");
  }

  private void changed(ObjectNode pod) {
    String nodeName = pod.path("spec").path("nodeName").asString("");
    NodeState node = nodes.get(nodeName);
    // A mirror pod stands for a process the runtime does not run (io.kubesim.kubelet.mirror).
    if (node == null || pod.path("metadata").path("annotations").has(MIRROR)) {
      deleted(pod);
      return;
    }
    PodWorker worker = workers.computeIfAbsent(uid(pod), uid -> new PodWorker(shared, node, uid));
    worker.update(pod);
    sync(worker);
  }

  private void deleted(ObjectNode pod) {
    PodWorker worker = workers.remove(uid(pod));
    if (worker != null) {
      vertx.cancelTimer(worker.timer);
      worker.remove();
    }
  }

  private void sync(PodWorker worker) {
    vertx.cancelTimer(worker.timer);
    Instant now = shared.clock().instant();
    Instant next;
    try {
      worker.sync(now);
      next = worker.nextAt(now);
    } catch (RuntimeException e) {
      // A bug in the simulation of one pod must not stop its worker, nor any other.
      LOG.error("pod {}: sync failed, trying again in 1 s", worker.uid(), e);
      next = now.plusSeconds(1);
    }
    if (!workers.containsKey(worker.uid())) {
      return;
    }
    long delay = Math.max(1, Duration.between(now, next).toMillis());
    worker.timer = vertx.setTimer(delay, t -> sync(worker));
  }

  Shared shared() {
    return shared;
  }

  /** The worker of a pod on {@code node}, or null. */
  PodWorker find(String node, String namespace, String name) {
    for (PodWorker w : workers.values()) {
      ObjectNode pod = w.pod();
      if (pod != null
          && w.node().name().equals(node)
          && namespace.equals(pod.path("metadata").path("namespace").asString(""))
          && name.equals(pod.path("metadata").path("name").asString(""))) {
        return w;
      }
    }
    return null;
  }

  /** The simulation of every admitted pod, by node name: immutable values, safe on any thread. */
  public Map<String, List<PodSim>> simsByNode() {
    Map<String, List<PodSim>> byNode = new HashMap<>();
    for (PodWorker w : workers.values()) {
      PodSim sim = w.sim();
      if (sim != null) {
        byNode.computeIfAbsent(w.node().name(), n -> new ArrayList<>()).add(sim);
      }
    }
    return byNode;
  }

  public KubeletMetrics.Counts counts() {
    int running = 0;
    int[] containers = new int[3];
    for (PodWorker w : workers.values()) {
      if (w.running()) {
        running++;
      }
      w.count(containers);
    }
    int pods = running;
    return new KubeletMetrics.Counts() {
      @Override
      public int runningPods() {
        return pods;
      }

      @Override
      public int containers(String state) {
        return switch (state) {
          case "created" -> containers[0];
          case "running" -> containers[1];
          default -> containers[2];
        };
      }
    };
  }

  /**
   * Whether {@code ip} is a pod address of one of this process's nodes that no pod holds now: an
   * entry for it in the pod network is left over from before a restart.
   */
  public boolean stale(String ip) {
    for (NodeState node : nodes.values()) {
      String cidr = node.agent().podCidr();
      if (cidr != null
          && !cidr.isEmpty()
          && io.kubesim.kubelet.net.PodIps.contains(cidr, ip)
          && !node.usedIps().contains(ip)) {
        return true;
      }
    }
    return false;
  }

  public boolean synced() {
    return informer != null && informer.hasSynced();
  }
}
