package io.kubesim.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.kubesim.controllermanager.Kube;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * updateStatus, completeRollingUpdate and inconsistentStatus: the status counts pods, not ordinals.
 * replicas: created pods (a pod this sync plans is not); ready: Running and Ready; available: ready
 * for minReadySeconds; current and updated: created, not terminating, labelled with the current or
 * update revision. Once a RollingUpdate has every replica updated and ready the update revision
 * becomes the current one.
 *
 * <p>Worked example, 3 replicas, partition 1, the template changed: web-2 is deleted and recreated
 * at the update revision, then web-1; web-0 stays. replicas 3, ready 3, current 1, updated 2, and
 * currentRevision stays the old one (updated 2 is not 3), so {@code kubectl rollout status} says
 * "partitioned roll out complete: 2 new pods have been updated".
 */
final class StatefulSetStatuses {
  private StatefulSetStatuses() {}

  /**
   * @param pods the replicas and condemned pods of the walk (planned ones included, uncounted)
   * @param currentAdjust what the rolling update's delete took off currentReplicas (0 or -1)
   */
  static StatefulSetStatus compute(
      StatefulSet set,
      StatefulSetHistory.Resolved history,
      List<Pod> pods,
      int currentAdjust,
      Instant now) {
    String currentName = history.current().getMetadata().getName();
    String updateName = history.update().getMetadata().getName();
    int minReady = Kube.orZero(set.getSpec().getMinReadySeconds());
    int replicas = 0;
    int ready = 0;
    int available = 0;
    int current = 0;
    int updated = 0;
    for (Pod pod : pods) {
      boolean created = StatefulPods.created(pod);
      if (created) {
        replicas++;
      }
      if (StatefulPods.runningAndReady(pod)) {
        ready++;
        if (StatefulPods.available(pod, minReady, now)) {
          available++;
        }
      }
      if (created && !Kube.deleting(pod)) {
        String revision = StatefulPods.revision(pod);
        current += revision.equals(currentName) ? 1 : 0;
        updated += revision.equals(updateName) ? 1 : 0;
      }
    }
    current += currentAdjust;
    StatefulSetStatus status = new StatefulSetStatus();
    status.setObservedGeneration(Kube.orZero(set.getMetadata().getGeneration()));
    status.setReplicas(replicas);
    status.setReadyReplicas(ready);
    status.setCurrentReplicas(current);
    status.setUpdatedReplicas(updated);
    status.setAvailableReplicas(available);
    status.setCurrentRevision(currentName);
    status.setUpdateRevision(updateName);
    status.setCollisionCount(history.collisionCount());
    if (set.getStatus() != null) {
      status.setConditions(set.getStatus().getConditions());
    }
    var strategy = set.getSpec().getUpdateStrategy();
    int want = StatefulPods.replicas(set);
    if (strategy != null
        && "RollingUpdate".equals(strategy.getType())
        && updated == want
        && ready == want
        && replicas == want) {
      status.setCurrentReplicas(updated);
      status.setCurrentRevision(updateName);
    }
    omitZeros(status);
    return status;
  }

  /** inconsistentStatus: whether the computed status differs from the stored one. */
  static boolean inconsistent(StatefulSet set, StatefulSetStatus status) {
    StatefulSetStatus old = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
    return Kube.orZero(status.getObservedGeneration()) > Kube.orZero(old.getObservedGeneration())
        || Kube.orZero(status.getReplicas()) != Kube.orZero(old.getReplicas())
        || Kube.orZero(status.getCurrentReplicas()) != Kube.orZero(old.getCurrentReplicas())
        || Kube.orZero(status.getReadyReplicas()) != Kube.orZero(old.getReadyReplicas())
        || Kube.orZero(status.getUpdatedReplicas()) != Kube.orZero(old.getUpdatedReplicas())
        || !Objects.equals(status.getCurrentRevision(), old.getCurrentRevision())
        || Kube.orZero(status.getAvailableReplicas()) != Kube.orZero(old.getAvailableReplicas())
        || !Objects.equals(status.getUpdateRevision(), old.getUpdateRevision());
  }

  /** The fields Go marks omitempty are left out at zero; replicas and availableReplicas stay. */
  private static void omitZeros(StatefulSetStatus status) {
    if (Kube.orZero(status.getObservedGeneration()) == 0) {
      status.setObservedGeneration(null);
    }
    if (Kube.orZero(status.getReadyReplicas()) == 0) {
      status.setReadyReplicas(null);
    }
    if (Kube.orZero(status.getCurrentReplicas()) == 0) {
      status.setCurrentReplicas(null);
    }
    if (Kube.orZero(status.getUpdatedReplicas()) == 0) {
      status.setUpdatedReplicas(null);
    }
  }
}
