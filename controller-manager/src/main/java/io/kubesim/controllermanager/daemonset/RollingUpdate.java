package io.kubesim.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.deployment.RolloutMath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RollingUpdate strategy's step (pkg/controller/daemon/update.go rollingUpdate): which old pods
 * to delete and on which nodes to start a new pod, within maxUnavailable or maxSurge, both counted
 * in nodes and, as percentages, of the nodes that should run the pod (rounded up).
 *
 * <p>Without surge (the default, maxUnavailable 1) an old pod goes first and its replacement comes
 * once it is gone. Worked example, 4 nodes, maxUnavailable 25% = ceil(1) = 1, every old pod
 * available: the first sync deletes the old pod on node a (1 unavailable); while it terminates, or
 * its replacement is not yet available, node a counts as unavailable and nothing else is deleted;
 * once the new pod on a is available, the old pod on b goes, and so on. An old pod that is not
 * available is replaced at once, whatever the budget, and counts against it.
 *
 * <p>With surge (maxSurge 1, maxUnavailable 0) the new pod comes first, beside the old one: node a
 * gets a new pod (1 surging); once it is available, the old pod on a is deleted and node b gets its
 * new pod. A node whose old pod is not available gets its new pod at once.
 *
 * <p>Nodes are visited by name (the real controller visits them in Go's random map order), so that
 * the same snapshot always gives the same plan.
 */
public final class RollingUpdate {
  private RollingUpdate() {}

  /**
   * @param deletes old pods to delete
   * @param createOn nodes to start a new pod on (surge only)
   */
  public record Step(List<Pod> deletes, List<String> createOn) {
    static final Step NONE = new Step(List.of(), List.of());
  }

  /** maxSurge and maxUnavailable in nodes, for desired nodes (updatedDesiredNodeCounts). */
  public record Budget(int maxSurge, int maxUnavailable) {}

  public static Budget budget(DaemonSet ds, int desired) {
    int unavailable = scaled(ds, RollingUpdateDaemonSet::getMaxUnavailable, desired);
    int surge = scaled(ds, RollingUpdateDaemonSet::getMaxSurge, desired);
    if (desired > 0 && unavailable == 0 && surge == 0) {
      unavailable = 1; // an impossible configuration: accept unavailability, as the controller does
    }
    return new Budget(surge, unavailable);
  }

  /** AllowsSurge: maxSurge of one node is more than zero. */
  public static boolean allowsSurge(DaemonSet ds) {
    return scaled(ds, RollingUpdateDaemonSet::getMaxSurge, 1) > 0;
  }

  private static int scaled(
      DaemonSet ds,
      java.util.function.Function<RollingUpdateDaemonSet, IntOrString> field,
      int total) {
    var strategy = ds.getSpec().getUpdateStrategy();
    if (strategy == null
        || !"RollingUpdate".equals(strategy.getType())
        || strategy.getRollingUpdate() == null) {
      return 0;
    }
    return RolloutMath.scaled(field.apply(strategy.getRollingUpdate()), total, true);
  }

  /**
   * @param nodePods every node a pod of the DaemonSet is for, and every node that should run one
   *     (with no pods), in name order
   * @param shouldRun whether a node (by name) should run the pod; false for a node that is gone
   */
  public static Step step(
      DaemonSet ds,
      Map<String, List<Pod>> nodePods,
      java.util.function.Predicate<String> shouldRun,
      int desired,
      String hash,
      Instant now) {
    Budget budget = budget(ds, desired);
    Long generation = DaemonPods.templateGeneration(ds);
    int minReady = Kube.orZero(ds.getSpec().getMinReadySeconds());
    return budget.maxSurge() == 0
        ? withoutSurge(nodePods, budget.maxUnavailable(), hash, generation, minReady, now)
        : withSurge(
            nodePods, shouldRun, budget.maxSurge(), desired, hash, generation, minReady, now);
  }

  private static Step withoutSurge(
      Map<String, List<Pod>> nodePods,
      int maxUnavailable,
      String hash,
      Long generation,
      int minReady,
      Instant now) {
    int unavailable = 0;
    List<Pod> replacements = new ArrayList<>();
    List<Pod> candidates = new ArrayList<>();
    for (List<Pod> pods : nodePods.values()) {
      OnNode on = OnNode.of(pods, hash, generation);
      if (on == null) {
        unavailable++; // more than one new or old pod: the manage step cleans up first
        continue;
      }
      if ((on.newPod == null) == (on.oldPod == null)) {
        unavailable++; // none yet, or both: manage creates or deletes
      } else if (on.newPod != null) {
        if (!Kube.isPodAvailable(on.newPod, minReady, now)) {
          unavailable++;
        }
      } else if (!Kube.isPodAvailable(on.oldPod, minReady, now)) {
        replacements.add(on.oldPod);
        unavailable++;
      } else if (unavailable < maxUnavailable) {
        candidates.add(on.oldPod);
      }
    }
    int remaining = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.size()));
    List<Pod> deletes = new ArrayList<>(replacements);
    deletes.addAll(candidates.subList(0, remaining));
    return new Step(List.copyOf(deletes), List.of());
  }

  private static Step withSurge(
      Map<String, List<Pod>> nodePods,
      java.util.function.Predicate<String> shouldRun,
      int maxSurge,
      int desired,
      String hash,
      Long generation,
      int minReady,
      Instant now) {
    List<Pod> deletes = new ArrayList<>();
    List<Pod> notToRun = new ArrayList<>();
    List<String> candidates = new ArrayList<>();
    List<String> allowed = new ArrayList<>();
    int surging = 0;
    int available = 0;
    for (Map.Entry<String, List<Pod>> entry : nodePods.entrySet()) {
      String node = entry.getKey();
      OnNode on = OnNode.of(entry.getValue(), hash, generation);
      if (on == null) {
        surging++;
        continue;
      }
      Pod counted = on.oldPod != null ? on.oldPod : on.newPod;
      if (counted != null && Kube.isPodAvailable(counted, minReady, now)) {
        available++;
      }
      if (on.oldPod == null) {
        continue; // nothing to replace; manage creates a missing pod
      }
      if (on.newPod == null) {
        if (!Kube.isPodAvailable(on.oldPod, minReady, now)) {
          if (shouldRun.test(node)) {
            allowed.add(node); // replace an unavailable old pod at once
          } else {
            deletes.add(on.oldPod);
          }
        } else if (!shouldRun.test(node)) {
          notToRun.add(on.oldPod);
        } else if (surging < maxSurge) {
          candidates.add(node);
        }
      } else if (!Kube.isPodAvailable(on.newPod, minReady, now)) {
        surging++; // waiting for the new pod
      } else {
        deletes.add(on.oldPod); // the new pod is available: the old one goes
      }
    }
    // Old pods on nodes that should no longer run one go only as pods elsewhere become available,
    // so that surge keeps every node's worth of pods available.
    int deletable = Math.min(available - desired, notToRun.size());
    if (deletable > 0) {
      deletes.addAll(notToRun.subList(0, deletable));
    }
    int remaining = Math.max(0, Math.min(maxSurge - surging, candidates.size()));
    List<String> createOn = new ArrayList<>(allowed);
    createOn.addAll(candidates.subList(0, remaining));
    return new Step(List.copyOf(deletes), List.copyOf(createOn));
  }

  /** findUpdatedPodsOnNode: the node's one new and one old pod (not being deleted), or null. */
  private record OnNode(Pod newPod, Pod oldPod) {
    static OnNode of(List<Pod> pods, String hash, Long generation) {
      Pod newPod = null;
      Pod oldPod = null;
      for (Pod pod : pods) {
        if (Kube.deleting(pod)) {
          continue;
        }
        if (DaemonPods.isUpdated(pod, hash, generation)) {
          if (newPod != null) {
            return null;
          }
          newPod = pod;
        } else {
          if (oldPod != null) {
            return null;
          }
          oldPod = pod;
        }
      }
      return new OnNode(newPod, oldPod);
    }
  }
}
