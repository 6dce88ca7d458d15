package io.kubesim.console.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether the cluster has healed after an experiment, as a pure function of what the experiment saw
 * when it began and what the watches show now. Healed means: every workload that had its desired
 * ready replicas at the start has them again, every node that was Ready is Ready again (or is gone:
 * replaced), and the disrupted target is back. The last part keeps a heal from being declared
 * before the cluster has even noticed the blow: a killed node reads Ready for the whole grace
 * period (10 s in the fast profile), so only its kubelet's next heartbeat says it is back.
 */
public final class HealCheck {
  private HealCheck() {}

  /** What the cluster still waits for; empty when it has healed. */
  public static List<String> waitingFor(
      Target target, Instant startedAt, Snapshot.Baseline baseline, Snapshot now) {
    Set<String> waiting = new LinkedHashSet<>();
    for (Snapshot.Workload w : now.workloads()) {
      if (baseline.healthyWorkloads().contains(w.key()) && !w.healthy()) {
        waiting.add(w.key() + ": " + w.ready() + " of " + w.desired() + " ready");
      }
    }
    new TreeMap<>(now.nodes())
        .forEach(
            (name, ready) -> {
              if (!ready && baseline.readyNodes().contains(name)) {
                waiting.add("node " + name + ": not Ready");
              }
            });
    waiting.addAll(targetWaits(target, startedAt, baseline, now));
    return List.copyOf(waiting);
  }

  private static List<String> targetWaits(
      Target target, Instant startedAt, Snapshot.Baseline baseline, Snapshot now) {
    if (target instanceof Target.Node node) {
      return nodeWaits(node.name(), startedAt, now);
    }
    if (target instanceof Target.Component component) {
      return componentWaits(component.manifest(), baseline, now);
    }
    return List.of(); // Target.Unseen
  }

  private static List<String> nodeWaits(String name, Instant startedAt, Snapshot now) {
    if (!now.nodes().containsKey(name)) {
      return List.of(); // deleted: replaced, as far as the cluster is concerned
    }
    Instant renewed = now.leases().get(name);
    if (renewed == null || !renewed.isAfter(startedAt)) {
      return List.of("node " + name + ": no heartbeat since the experiment began");
    }
    return now.nodes().get(name) ? List.of() : List.of("node " + name + ": not Ready");
  }

  private static List<String> componentWaits(
      String manifest, Snapshot.Baseline baseline, Snapshot now) {
    List<Snapshot.MirrorPod> pods =
        now.mirrorPods().stream().filter(p -> p.manifest().equals(manifest)).toList();
    if (pods.isEmpty()) {
      return List.of(manifest + ": no pod");
    }
    List<String> waiting = new ArrayList<>();
    for (Snapshot.MirrorPod pod : pods) {
      String before = baseline.containers().get(pod.key());
      if (before != null && before.equals(String.valueOf(pod.containerId()))) {
        waiting.add("pod " + pod.key() + ": not restarted yet");
      } else if (!pod.ready()) {
        waiting.add("pod " + pod.key() + ": not Ready");
      }
    }
    return waiting;
  }
}
