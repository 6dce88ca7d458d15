package io.kubesim.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * manage and podsShouldBeOnNode: per node, what its daemon pods need, ignoring the pods being
 * deleted.
 *
 * <ul>
 *   <li>should run and has no pod: create one;
 *   <li>may keep running: delete a failed pod (at most once per back-off delay, see {@link
 *       FailedPodBackoff}) or a succeeded one, each with an event; of the rest keep the oldest
 *       (and, with surge, one old and one new until the new one is available, or the old one is not
 *       ready); if none is left and the node should run one, create one (surge only: without surge
 *       the replacement waits for the next sync);
 *   <li>may not keep running (an untolerated NoExecute taint, a selector or affinity that no longer
 *       matches): delete every pod.
 * </ul>
 *
 * Pods pinned to a node that no longer exists and never bound are deleted too: nothing else would.
 * A pod bound to a node that is gone is the pod garbage collector's.
 */
final class Manage {
  final List<String> createOn = new ArrayList<>();
  final List<Pod> deletes = new ArrayList<>();
  final List<Event> events = new ArrayList<>();
  final List<String> backoffKeys = new ArrayList<>();
  Duration requeueAfter;

  private final DaemonSet ds;
  private final String hash;
  private final FailedPodBackoff.View backoff;
  private final Set<String> backedOffNow = new HashSet<>();
  private final Instant now;

  private Manage(DaemonSet ds, String hash, FailedPodBackoff.View backoff, Instant now) {
    this.ds = ds;
    this.hash = hash;
    this.backoff = backoff;
    this.now = now;
  }

  static Manage of(
      DaemonSet ds,
      List<Node> nodes,
      Map<String, NodeEligibility.Verdict> verdicts,
      Map<String, List<Pod>> nodePods,
      String hash,
      FailedPodBackoff.View backoff,
      Instant now) {
    Manage m = new Manage(ds, hash, backoff, now);
    Set<String> existing = new HashSet<>();
    for (Node node : nodes) {
      String name = node.getMetadata().getName();
      existing.add(name);
      m.node(name, verdicts.get(name), nodePods.get(name));
    }
    nodePods.forEach(
        (node, pods) -> {
          if (!existing.contains(node)) {
            pods.stream()
                .filter(p -> !DaemonPods.scheduled(p) && !Kube.deleting(p))
                .forEach(m.deletes::add);
          }
        });
    return m;
  }

  private void node(String node, NodeEligibility.Verdict verdict, List<Pod> pods) {
    if (verdict.shouldRun() && pods == null) {
      createOn.add(node);
      return;
    }
    List<Pod> onNode = pods == null ? List.of() : pods;
    if (!verdict.shouldContinueRunning()) {
      onNode.stream().filter(p -> !Kube.deleting(p)).forEach(deletes::add);
      return;
    }
    List<Pod> running = new ArrayList<>();
    for (Pod pod : onNode) {
      if (Kube.deleting(pod)) {
        continue;
      }
      switch (Kube.phase(pod)) {
        case "Failed" -> failed(node, pod);
        case "Succeeded" -> {
          events.add(
              Event.normal(
                  "SucceededDaemonPod",
                  "Found succeeded daemon pod "
                      + podName(pod)
                      + " on node "
                      + node
                      + ", will try to delete it"));
          deletes.add(pod);
        }
        default -> running.add(pod);
      }
    }
    running.sort(DaemonPods.OLDEST_SCHEDULED_FIRST);
    if (!RollingUpdate.allowsSurge(ds)) {
      for (int i = 1; i < running.size(); i++) {
        deletes.add(running.get(i));
      }
      return;
    }
    if (running.size() <= 1) {
      if (running.isEmpty() && verdict.shouldRun()) {
        createOn.add(node); // surging: a node always keeps one pod that is not being deleted
      }
      return;
    }
    keepOneOldAndOneNew(running);
  }

  /**
   * With surge a node may hold the oldest new pod and the oldest old one; every other pod goes. The
   * old one goes too once it is not ready, or once the new one is available.
   */
  private void keepOneOldAndOneNew(List<Pod> running) {
    Pod oldestNew = null;
    Pod oldestOld = null;
    for (Pod pod : running) {
      boolean isNew = hash.equals(Kube.labels(pod).get(DaemonPods.REVISION_HASH));
      if (isNew && oldestNew == null) {
        oldestNew = pod;
      } else if (!isNew && oldestOld == null) {
        oldestOld = pod;
      } else {
        deletes.add(pod);
      }
    }
    if (oldestNew != null && oldestOld != null) {
      int minReady = Kube.orZero(ds.getSpec().getMinReadySeconds());
      if (!Kube.isPodReady(oldestOld) || Kube.isPodAvailable(oldestNew, minReady, now)) {
        deletes.add(oldestOld);
      }
    }
  }

  /** A failed daemon pod is deleted, unless the node's back-off still holds. */
  private void failed(String node, Pod pod) {
    String key = backoffKey(ds, node);
    if (backedOffNow.contains(key) || backoff.inBackoff(key, now)) {
      Duration delay =
          backedOffNow.contains(key) ? backoff.nextDelay(key, now) : backoff.delay(key);
      requeueAfter =
          requeueAfter == null || delay.compareTo(requeueAfter) < 0 ? delay : requeueAfter;
      return;
    }
    backedOffNow.add(key);
    backoffKeys.add(key);
    events.add(
        Event.warning(
            "FailedDaemonPod",
            "Found failed daemon pod "
                + podName(pod)
                + " on node "
                + node
                + ", will try to kill it"));
    deletes.add(pod);
  }

  /** failedPodsBackoffKey: a new generation of the DaemonSet starts with no back-off. */
  static String backoffKey(DaemonSet ds, String node) {
    long observed =
        ds.getStatus() == null ? 0 : Kube.orZero(ds.getStatus().getObservedGeneration());
    return ds.getMetadata().getUid() + "/" + observed + "/" + node;
  }

  private static String podName(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
