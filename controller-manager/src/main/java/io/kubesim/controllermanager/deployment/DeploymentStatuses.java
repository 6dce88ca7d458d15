package io.kubesim.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Deployment status as pure functions: sync.go calculateStatus and progress.go syncRolloutStatus,
 * with the condition types, reasons and messages of the real controller.
 */
public final class DeploymentStatuses {
  public static final String AVAILABLE = "Available";
  public static final String PROGRESSING = "Progressing";
  public static final String REPLICA_FAILURE = "ReplicaFailure";

  public static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
  public static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";
  public static final String NEW_RS_REASON = "NewReplicaSetCreated";
  public static final String FOUND_NEW_RS_REASON = "FoundNewReplicaSet";
  public static final String RS_UPDATED_REASON = "ReplicaSetUpdated";
  public static final String NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable";
  public static final String TIMED_OUT_REASON = "ProgressDeadlineExceeded";
  public static final String PAUSED_REASON = "DeploymentPaused";
  public static final String RESUMED_REASON = "DeploymentResumed";

  private DeploymentStatuses() {}

  /**
   * calculateStatus: counts over all ReplicaSets (replicas, ready, available from their status;
   * updated = the new RS's status.replicas), unavailable = sum of spec.replicas - available (not
   * below 0), the observed generation, the conditions kept, and Available set from
   * availableReplicas >= replicas - maxUnavailable.
   */
  public static DeploymentStatus calculate(
      Deployment d, List<ReplicaSet> all, ReplicaSet newRS, DeploymentStatus current, Instant now) {
    int available = RolloutMath.availableSum(all);
    int unavailable = Math.max(0, RolloutMath.specSum(all) - available);
    DeploymentStatus status =
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(RolloutMath.actualSum(all))
            .withUpdatedReplicas(newRS == null ? 0 : RolloutMath.actualSum(List.of(newRS)))
            .withReadyReplicas(RolloutMath.readySum(all))
            .withAvailableReplicas(available)
            .withUnavailableReplicas(unavailable)
            .withCollisionCount(current == null ? null : current.getCollisionCount())
            .withConditions(
                current == null || current.getConditions() == null
                    ? new ArrayList<>()
                    : new ArrayList<>(current.getConditions()))
            .build();
    if (available >= RolloutMath.replicas(d) - RolloutMath.maxUnavailable(d)) {
      set(
          status,
          condition(
              AVAILABLE,
              "True",
              MINIMUM_REPLICAS_AVAILABLE,
              "Deployment has minimum availability.",
              now));
    } else {
      set(
          status,
          condition(
              AVAILABLE,
              "False",
              MINIMUM_REPLICAS_UNAVAILABLE,
              "Deployment does not have minimum availability.",
              now));
    }
    return status;
  }

  /** The result of syncRolloutStatus: the status and, if it is unchanged, when to look again. */
  public record Rollout(DeploymentStatus status, Duration requeueAfter) {}

  /**
   * syncRolloutStatus: calculateStatus plus the Progressing condition (only with a progress
   * deadline): NewReplicaSetAvailable once complete, ReplicaSetUpdated whenever a count moved
   * forward (keeping the transition time, refreshing lastUpdateTime), ProgressDeadlineExceeded when
   * lastUpdateTime + progressDeadlineSeconds is past; and ReplicaFailure copied from the
   * ReplicaSets. {@code d.getStatus()} is the status as observed at the start of this sync, with
   * any condition set earlier in the sync.
   */
  public static Rollout syncRolloutStatus(
      Deployment d, List<ReplicaSet> all, ReplicaSet newRS, Instant now) {
    DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    DeploymentStatus status = calculate(d, all, newRS, old, now);
    if (!hasProgressDeadline(d)) {
      remove(status, PROGRESSING);
    }
    Optional<DeploymentCondition> currentCond = get(old, PROGRESSING);
    boolean isComplete =
        Objects.equals(status.getReplicas(), status.getUpdatedReplicas())
            && currentCond.map(c -> NEW_RS_AVAILABLE_REASON.equals(c.getReason())).orElse(false);
    if (hasProgressDeadline(d) && !isComplete) {
      String subject =
          newRS == null
              ? "Deployment \"" + d.getMetadata().getName() + "\""
              : "ReplicaSet \"" + newRS.getMetadata().getName() + "\"";
      if (complete(d, status)) {
        set(
            status,
            condition(
                PROGRESSING,
                "True",
                NEW_RS_AVAILABLE_REASON,
                subject + " has successfully progressed.",
                now));
      } else if (progressing(old, status)) {
        DeploymentCondition c =
            condition(PROGRESSING, "True", RS_UPDATED_REASON, subject + " is progressing.", now);
        if (currentCond.isPresent()) {
          if ("True".equals(currentCond.get().getStatus())) {
            c.setLastTransitionTime(currentCond.get().getLastTransitionTime());
          }
          remove(status, PROGRESSING);
        }
        set(status, c);
      } else if (timedOut(d, status, now)) {
        set(
            status,
            condition(
                PROGRESSING,
                "False",
                TIMED_OUT_REASON,
                subject + " has timed out progressing.",
                now));
      }
    }
    Optional<DeploymentCondition> failure = replicaFailure(all, newRS);
    if (failure.isPresent()) {
      set(status, failure.get());
    } else {
      remove(status, REPLICA_FAILURE);
    }
    Duration requeue = same(old, status) ? requeueStuck(d, status, now) : null;
    return new Rollout(status, requeue);
  }

  /**
   * requeueStuckDeployment: when nothing changed, look again when the deadline would pass. A
   * condition updated at 12:00:00 with a 600 s deadline, seen at 12:03:00: after 7 min (+1 s).
   */
  static Duration requeueStuck(Deployment d, DeploymentStatus status, Instant now) {
    Optional<DeploymentCondition> cond = get(d.getStatus(), PROGRESSING);
    if (!hasProgressDeadline(d) || cond.isEmpty()) {
      return null;
    }
    if (complete(d, status) || TIMED_OUT_REASON.equals(cond.get().getReason())) {
      return null;
    }
    Instant updated = Kube.time(cond.get().getLastUpdateTime());
    if (updated == null) {
      return null;
    }
    Duration after =
        Duration.between(now, updated.plusSeconds(d.getSpec().getProgressDeadlineSeconds()));
    return after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ZERO : after.plusSeconds(1);
  }

  public static boolean hasProgressDeadline(Deployment d) {
    Integer s = d.getSpec().getProgressDeadlineSeconds();
    return s != null && s != Integer.MAX_VALUE;
  }

  /** DeploymentComplete: every replica updated and available, and this generation observed. */
  public static boolean complete(Deployment d, DeploymentStatus status) {
    if (status == null) {
      return false;
    }
    int replicas = RolloutMath.replicas(d);
    return Kube.orZero(status.getUpdatedReplicas()) == replicas
        && Kube.orZero(status.getReplicas()) == replicas
        && Kube.orZero(status.getAvailableReplicas()) == replicas
        && Kube.orZero(status.getObservedGeneration())
            >= Kube.orZero(d.getMetadata().getGeneration());
  }

  /** DeploymentProgressing: more updated, fewer old, more ready or more available replicas. */
  static boolean progressing(DeploymentStatus old, DeploymentStatus now) {
    int oldOld = Kube.orZero(old.getReplicas()) - Kube.orZero(old.getUpdatedReplicas());
    int newOld = Kube.orZero(now.getReplicas()) - Kube.orZero(now.getUpdatedReplicas());
    return Kube.orZero(now.getUpdatedReplicas()) > Kube.orZero(old.getUpdatedReplicas())
        || newOld < oldOld
        || Kube.orZero(now.getReadyReplicas()) > Kube.orZero(old.getReadyReplicas())
        || Kube.orZero(now.getAvailableReplicas()) > Kube.orZero(old.getAvailableReplicas());
  }

  /** DeploymentTimedOut: the Progressing condition was last updated more than the deadline ago. */
  static boolean timedOut(Deployment d, DeploymentStatus status, Instant now) {
    if (!hasProgressDeadline(d)) {
      return false;
    }
    Optional<DeploymentCondition> cond = get(status, PROGRESSING);
    if (cond.isEmpty() || NEW_RS_AVAILABLE_REASON.equals(cond.get().getReason())) {
      return false;
    }
    if (TIMED_OUT_REASON.equals(cond.get().getReason())) {
      return true;
    }
    Instant from = Kube.time(cond.get().getLastUpdateTime());
    return from != null && from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
  }

  private static Optional<DeploymentCondition> replicaFailure(
      List<ReplicaSet> all, ReplicaSet newRS) {
    List<ReplicaSet> order = new ArrayList<>();
    if (newRS != null) {
      order.add(newRS);
    }
    order.addAll(all);
    for (ReplicaSet rs : order) {
      if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
        continue;
      }
      for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
        if (REPLICA_FAILURE.equals(c.getType())) {
          return Optional.of(
              new DeploymentConditionBuilder()
                  .withType(REPLICA_FAILURE)
                  .withStatus(c.getStatus())
                  .withReason(c.getReason())
                  .withMessage(c.getMessage())
                  .withLastTransitionTime(c.getLastTransitionTime())
                  .withLastUpdateTime(c.getLastTransitionTime())
                  .build());
        }
      }
    }
    return Optional.empty();
  }

  public static DeploymentCondition condition(
      String type, String status, String reason, String message, Instant now) {
    String t = Kube.format(now);
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastUpdateTime(t)
        .withLastTransitionTime(t)
        .build();
  }

  public static Optional<DeploymentCondition> get(DeploymentStatus status, String type) {
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * SetDeploymentCondition: nothing when status and reason are unchanged (so lastUpdateTime stays);
   * the transition time is kept when only the reason changes; the condition goes to the end.
   */
  public static void set(DeploymentStatus status, DeploymentCondition condition) {
    Optional<DeploymentCondition> current = get(status, condition.getType());
    if (current.isPresent()
        && Objects.equals(current.get().getStatus(), condition.getStatus())
        && Objects.equals(current.get().getReason(), condition.getReason())) {
      return;
    }
    if (current.isPresent() && Objects.equals(current.get().getStatus(), condition.getStatus())) {
      condition.setLastTransitionTime(current.get().getLastTransitionTime());
    }
    remove(status, condition.getType());
    status.getConditions().add(condition);
  }

  public static void remove(DeploymentStatus status, String type) {
    List<DeploymentCondition> kept = new ArrayList<>();
    if (status.getConditions() != null) {
      status.getConditions().stream().filter(c -> !type.equals(c.getType())).forEach(kept::add);
    }
    status.setConditions(kept);
  }

  /** Equal up to Go's omitempty: absent counts are zero, an absent list is empty. */
  public static boolean same(DeploymentStatus a, DeploymentStatus b) {
    if (a == null) {
      a = new DeploymentStatus();
    }
    if (b == null) {
      b = new DeploymentStatus();
    }
    return Kube.orZero(a.getObservedGeneration()) == Kube.orZero(b.getObservedGeneration())
        && Kube.orZero(a.getReplicas()) == Kube.orZero(b.getReplicas())
        && Kube.orZero(a.getUpdatedReplicas()) == Kube.orZero(b.getUpdatedReplicas())
        && Kube.orZero(a.getReadyReplicas()) == Kube.orZero(b.getReadyReplicas())
        && Kube.orZero(a.getAvailableReplicas()) == Kube.orZero(b.getAvailableReplicas())
        && Kube.orZero(a.getUnavailableReplicas()) == Kube.orZero(b.getUnavailableReplicas())
        && Objects.equals(a.getCollisionCount(), b.getCollisionCount())
        && Objects.equals(orEmpty(a.getConditions()), orEmpty(b.getConditions()));
  }

  private static List<DeploymentCondition> orEmpty(List<DeploymentCondition> list) {
    return list == null ? List.of() : list;
  }
}
