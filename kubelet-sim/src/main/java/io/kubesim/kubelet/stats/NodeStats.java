package io.kubesim.kubelet.stats;

import io.kubesim.core.stats.ResourceStats;
import io.kubesim.kubelet.PodSim;
import io.kubesim.kubelet.runtime.ContainerSim;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongBiFunction;

/**
 * One node's CPU and memory, taken from its pods' simulations: every running container's usage
 * ({@link ContainerUsage}), and the node's own, which is its pods' plus what the system uses
 * besides them ({@link Baselines#SYSTEM}), as the root cgroup counts it.
 *
 * <p>The node's CPU counter must never go back, or metrics.k8s.io would drop the node: a container
 * that ended takes its counter with it, so the CPU it used is kept in {@code retiredCpuNanos} (as
 * last seen: what it used between the last look and its end is not counted). Called from the
 * kubelet's context and from the HTTP server's, hence synchronized.
 */
public final class NodeStats {
  private final String node;
  private final Instant start;
  private final ContainerUsage system;
  private long retiredCpuNanos;
  private Map<String, Long> seen = Map.of();

  public NodeStats(String node, Instant start) {
    this.node = node;
    this.start = start.truncatedTo(ChronoUnit.MILLIS);
    Baselines.Baseline b = Baselines.SYSTEM;
    double phase = (node.hashCode() & 0x7fffffff) % 3600 / 3600.0 * 2 * Math.PI;
    this.system =
        new ContainerUsage(
            b.nanoCores(), ContainerUsage.CPU_SWING, b.bytes(), ContainerUsage.MEMORY_SWING, phase);
  }

  public String node() {
    return node;
  }

  /**
   * The node's stats at {@code now} from the simulations of its pods. Times are cut to whole
   * milliseconds first, as the reports carry them: a counter computed from microseconds would run a
   * millisecond ahead of its timestamp now and then, and 250m would show as 251m.
   */
  public ResourceStats collect(Instant clockNow, Duration interval, Collection<PodSim> pods) {
    return collect(clockNow, interval, pods, (uid, container) -> 0);
  }

  /**
   * The same, each container's memory with what it keeps in memory-backed emptyDirs ({@code tmpfs}:
   * pod uid and container name to bytes), as tmpfs pages count in its cgroup.
   */
  public synchronized ResourceStats collect(
      Instant clockNow,
      Duration interval,
      Collection<PodSim> pods,
      ToLongBiFunction<String, String> tmpfs) {
    Instant now = clockNow.truncatedTo(ChronoUnit.MILLIS);
    long at = now.toEpochMilli();
    Map<String, Long> current = new HashMap<>();
    List<ResourceStats.Pod> podStats = new ArrayList<>();
    long cpu = 0;
    long memory = 0;
    for (PodSim sim : pods) {
      List<ResourceStats.Container> containers = new ArrayList<>();
      String uid = sim.pod().getMetadata().getUid();
      for (List<ContainerSim> list : List.of(sim.init(), sim.app())) {
        for (ContainerSim c : list) {
          if (!c.running() || c.startedAt() == null) {
            continue;
          }
          ContainerUsage usage = ContainerUsage.of(c.spec(), uid + "/" + c.name());
          Instant started = c.startedAt().truncatedTo(ChronoUnit.MILLIS);
          Duration elapsed = Duration.between(started, now);
          ResourceStats.Container stats =
              new ResourceStats.Container(
                  c.name(),
                  started.toEpochMilli(),
                  usage.cpuNanos(elapsed),
                  usage.memoryBytes(elapsed) + tmpfs.applyAsLong(uid, c.name()));
          containers.add(stats);
          current.put(uid + "/" + c.name() + "/" + c.restartCount(), stats.cpuNanos());
          cpu += stats.cpuNanos();
          memory += stats.memoryBytes();
        }
      }
      if (!containers.isEmpty()) {
        var meta = sim.pod().getMetadata();
        podStats.add(new ResourceStats.Pod(meta.getNamespace(), meta.getName(), containers));
      }
    }
    seen.forEach(
        (key, last) -> {
          if (!current.containsKey(key)) {
            retiredCpuNanos += last;
          }
        });
    seen = current;
    Duration up = Duration.between(start, now);
    return new ResourceStats(
        node,
        at,
        interval.toMillis(),
        start.toEpochMilli(),
        system.cpuNanos(up) + retiredCpuNanos + cpu,
        system.memoryBytes(up) + memory,
        podStats);
  }
}
