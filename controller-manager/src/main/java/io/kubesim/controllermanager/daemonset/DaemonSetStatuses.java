package io.kubesim.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.kubesim.controllermanager.Kube;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * updateDaemonSetStatus and storeDaemonSetStatus: the status counts nodes, not pods. Per node that
 * should run the pod: desired; with a pod, current; its oldest pod (bound ones first) ready, ready;
 * ready for minReadySeconds, available; of the current revision, updated. A node with a pod that
 * should not run one is misscheduled. Unavailable = desired - available. collisionCount and
 * conditions (which 1.32 never sets) stay as they are.
 *
 * <p>Worked example, 3 nodes (one tainted NoSchedule after its pod started) and a rolling update
 * half done: desired 2, current 2, misscheduled 1 (the tainted node's pod stays: the taint is not
 * NoExecute), updated 1, ready 2, available 2, unavailable 0.
 */
public final class DaemonSetStatuses {
  private DaemonSetStatuses() {}

  /**
   * The status the DaemonSet should have ({@link #changed} says whether to write it).
   *
   * @param observe whether observedGeneration moves to the DaemonSet's generation (not while its
   *     expectations are pending: that sync did not act on it)
   */
  public static DaemonSetStatus compute(
      DaemonSet ds,
      List<Node> nodes,
      Map<String, NodeEligibility.Verdict> verdicts,
      Map<String, List<Pod>> nodePods,
      String hash,
      boolean observe,
      Instant now) {
    int desired = 0;
    int current = 0;
    int misscheduled = 0;
    int ready = 0;
    int updated = 0;
    int available = 0;
    int minReady = Kube.orZero(ds.getSpec().getMinReadySeconds());
    Long generation = DaemonPods.templateGeneration(ds);
    for (Node node : nodes) {
      String name = node.getMetadata().getName();
      List<Pod> pods = nodePods.getOrDefault(name, List.of());
      if (!verdicts.get(name).shouldRun()) {
        if (!pods.isEmpty()) {
          misscheduled++;
        }
        continue;
      }
      desired++;
      if (pods.isEmpty()) {
        continue;
      }
      current++;
      Pod pod = pods.stream().sorted(DaemonPods.OLDEST_SCHEDULED_FIRST).findFirst().orElseThrow();
      if (Kube.isPodReady(pod)) {
        ready++;
        if (Kube.isPodAvailable(pod, minReady, now)) {
          available++;
        }
      }
      if (DaemonPods.isUpdated(pod, hash, generation)) {
        updated++;
      }
    }
    DaemonSetStatus old = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
    long dsGeneration = Kube.orZero(ds.getMetadata().getGeneration());
    int unavailable = desired - available;
    DaemonSetStatus status = Kube.copy(old, DaemonSetStatus.class);
    if (observe) {
      status.setObservedGeneration(dsGeneration);
    }
    status.setDesiredNumberScheduled(desired);
    status.setCurrentNumberScheduled(current);
    status.setNumberMisscheduled(misscheduled);
    status.setNumberReady(ready);
    status.setUpdatedNumberScheduled(updated);
    status.setNumberAvailable(available);
    status.setNumberUnavailable(unavailable);
    omitZeros(status);
    return status;
  }

  /**
   * Whether to write the status: a count differs from the stored one, or the stored one has not
   * observed this generation yet (storeDaemonSetStatus).
   */
  public static boolean changed(DaemonSet ds, DaemonSetStatus computed) {
    DaemonSetStatus old = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
    return Kube.orZero(old.getDesiredNumberScheduled())
            != Kube.orZero(computed.getDesiredNumberScheduled())
        || Kube.orZero(old.getCurrentNumberScheduled())
            != Kube.orZero(computed.getCurrentNumberScheduled())
        || Kube.orZero(old.getNumberMisscheduled()) != Kube.orZero(computed.getNumberMisscheduled())
        || Kube.orZero(old.getNumberReady()) != Kube.orZero(computed.getNumberReady())
        || Kube.orZero(old.getUpdatedNumberScheduled())
            != Kube.orZero(computed.getUpdatedNumberScheduled())
        || Kube.orZero(old.getNumberAvailable()) != Kube.orZero(computed.getNumberAvailable())
        || Kube.orZero(old.getNumberUnavailable()) != Kube.orZero(computed.getNumberUnavailable())
        || Kube.orZero(old.getObservedGeneration()) < Kube.orZero(ds.getMetadata().getGeneration());
  }

  /** The counts Go marks omitempty are left out at zero, as a real status reads. */
  private static void omitZeros(DaemonSetStatus status) {
    if (Kube.orZero(status.getObservedGeneration()) == 0) {
      status.setObservedGeneration(null);
    }
    if (Kube.orZero(status.getUpdatedNumberScheduled()) == 0) {
      status.setUpdatedNumberScheduled(null);
    }
    if (Kube.orZero(status.getNumberAvailable()) == 0) {
      status.setNumberAvailable(null);
    }
    if (Kube.orZero(status.getNumberUnavailable()) == 0) {
      status.setNumberUnavailable(null);
    }
  }
}
