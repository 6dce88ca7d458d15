package io.kubesim.console.chaos;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The part of the cluster that says whether it is healthy, as the console's watches show it now.
 *
 * @param workloads every Deployment, ReplicaSet, StatefulSet and DaemonSet
 * @param nodes each Node's name and whether its Ready condition is True
 * @param leases each node's Lease renewTime (kube-node-lease), the kubelet's heartbeat
 * @param mirrorPods the pods kubelets show for the cluster's own processes
 */
public record Snapshot(
    List<Workload> workloads,
    Map<String, Boolean> nodes,
    Map<String, Instant> leases,
    List<MirrorPod> mirrorPods) {

  public Snapshot {
    workloads = List.copyOf(workloads);
    nodes = Map.copyOf(nodes);
    leases = Map.copyOf(leases);
    mirrorPods = List.copyOf(mirrorPods);
  }

  /**
   * @param key {@code Deployment default/web}
   * @param desired spec.replicas (a DaemonSet's status.desiredNumberScheduled)
   * @param ready status.readyReplicas (a DaemonSet's status.numberReady)
   */
  public record Workload(String key, int desired, int ready) {
    boolean healthy() {
      return ready >= desired;
    }
  }

  /**
   * @param key {@code kube-system/kube-scheduler-kubesim-control-plane}
   * @param manifest the static pod manifest's name: the pod's name without {@code -<node>}
   * @param containerId the running container's id, new for every run of the process
   */
  public record MirrorPod(String key, String manifest, boolean ready, String containerId) {}

  /** What an experiment must see healthy again: what was healthy when it began. */
  public record Baseline(
      Set<String> healthyWorkloads, Set<String> readyNodes, Map<String, String> containers) {
    public Baseline {
      healthyWorkloads = Set.copyOf(healthyWorkloads);
      readyNodes = Set.copyOf(readyNodes);
      containers = Map.copyOf(containers);
    }
  }

  /** This snapshot as the baseline of an experiment that begins now. */
  public Baseline baseline() {
    Set<String> healthy = new TreeSet<>();
    workloads.stream().filter(Workload::healthy).forEach(w -> healthy.add(w.key()));
    Set<String> ready = new TreeSet<>();
    nodes.forEach(
        (name, isReady) -> {
          if (isReady) {
            ready.add(name);
          }
        });
    Map<String, String> containers = new TreeMap<>();
    mirrorPods.forEach(p -> containers.put(p.key(), String.valueOf(p.containerId())));
    return new Baseline(healthy, ready, containers);
  }
}
