package io.kubesim.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ReplicaSet controller's decisions (pkg/controller/replicaset replica_set.go manageReplicas
 * and replica_set_utils.go calculateStatus) as a pure function of the ReplicaSet, the pods it owns
 * (already claimed, see {@link io.kubesim.controllermanager.OwnerClaims}) and the time. The I/O
 * shell creates the pods in slow-start batches ({@link
 * io.kubesim.controllermanager.podcontrol.PodControl}), stops at the first batch with a failure,
 * deletes, and writes the status only when it is not null.
 */
public final class ReplicaSetPlanner {
  /** --concurrent-... burstReplicas: at most this many creates or deletes per sync. */
  public static final int BURST_REPLICAS = 500;

  /** apps.ReplicaSetReplicaFailure: pods could not be created or deleted. */
  public static final String REPLICA_FAILURE = "ReplicaFailure";

  private ReplicaSetPlanner() {}

  /**
   * @param creates pods to create (generateName {@code <rs>-}; names are given by the apiserver)
   * @param deletes pods to delete, first to go first
   * @param status the new status, or null when it is unchanged
   * @param events events known before I/O (the deletions); a create's event needs the name the
   *     apiserver gave it: {@link #createdEvent(Pod)}
   * @param requeueAfter sync again after this long (pods ready but not yet minReadySeconds old), or
   *     null
   */
  public record Plan(
      List<Pod> creates,
      List<Pod> deletes,
      ReplicaSetStatus status,
      List<Event> events,
      Duration requeueAfter) {}

  public static Plan plan(ReplicaSet rs, List<Pod> owned, Instant now) {
    return plan(rs, owned, owned, now);
  }

  /**
   * @param related the active pods of the whole owner family (a Deployment's ReplicaSets), used to
   *     prefer deleting pods doubled up on a node; the ReplicaSet's own pods when it has no owner
   */
  public static Plan plan(ReplicaSet rs, List<Pod> owned, List<Pod> related, Instant now) {
    List<Pod> active = owned.stream().filter(Kube::isPodActive).toList();
    int desired = Kube.orZero(rs.getSpec().getReplicas());
    int diff = active.size() - desired;
    List<Pod> creates = new ArrayList<>();
    List<Pod> deletes = List.of();
    List<Event> events = new ArrayList<>();
    if (!Kube.deleting(rs)) {
      if (diff < 0) {
        int toCreate = Math.min(-diff, BURST_REPLICAS);
        for (int i = 0; i < toCreate; i++) {
          creates.add(podFromTemplate(rs));
        }
      } else if (diff > 0) {
        deletes = PodDeletionOrder.pick(active, related, Math.min(diff, BURST_REPLICAS), now);
        for (Pod pod : deletes) {
          events.add(
              Event.normal("SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName()));
        }
      }
    }
    ReplicaSetStatus status = calculateStatus(rs, active, now);
    Duration requeue = null;
    int minReady = Kube.orZero(rs.getSpec().getMinReadySeconds());
    if (minReady > 0
        && status.getReadyReplicas() == desired
        && status.getAvailableReplicas() != desired) {
      requeue = Duration.ofSeconds(minReady);
    }
    return new Plan(
        List.copyOf(creates),
        deletes,
        sameStatus(rs.getStatus(), status) ? null : status,
        List.copyOf(events),
        requeue);
  }

  /** The SuccessfulCreate event for a pod once the apiserver has named it. */
  public static Event createdEvent(Pod created) {
    return Event.normal("SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
  }

  /**
   * controller.GetPodFromTemplate: the template's labels, annotations, finalizers and spec, a
   * generateName of {@code <rs>-} and the ReplicaSet as controller owner.
   */
  public static Pod podFromTemplate(ReplicaSet rs) {
    PodTemplateSpec template = Kube.copy(rs.getSpec().getTemplate(), PodTemplateSpec.class);
    Map<String, String> labels =
        template.getMetadata() == null || template.getMetadata().getLabels() == null
            ? Map.of()
            : template.getMetadata().getLabels();
    Map<String, String> annotations =
        template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
    return new PodBuilder()
        .withNewMetadata()
        .withGenerateName(rs.getMetadata().getName() + "-")
        .withNamespace(rs.getMetadata().getNamespace())
        .withLabels(new LinkedHashMap<>(labels))
        .withAnnotations(annotations == null ? null : new LinkedHashMap<>(annotations))
        .withFinalizers(
            template.getMetadata() == null ? null : template.getMetadata().getFinalizers())
        .withOwnerReferences(Kube.controllerRef(rs))
        .endMetadata()
        .withSpec(template.getSpec())
        .build();
  }

  /**
   * The status after creating or deleting pods failed with {@code error}: calculateStatus with the
   * ReplicaFailure condition, or null when that is the status already.
   */
  public static ReplicaSetStatus failedStatus(
      ReplicaSet rs, List<Pod> owned, String error, Instant now) {
    List<Pod> active = owned.stream().filter(Kube::isPodActive).toList();
    ReplicaSetStatus status = calculateStatus(rs, active, error, now);
    return sameStatus(rs.getStatus(), status) ? null : status;
  }

  /** calculateStatus when managing the replicas succeeded (or was not due). */
  public static ReplicaSetStatus calculateStatus(ReplicaSet rs, List<Pod> active, Instant now) {
    return calculateStatus(rs, active, null, now);
  }

  /**
   * calculateStatus over the active pods: a pod is fully labeled when it carries every template
   * label; ready by its Ready condition; available when ready for more than minReadySeconds. The
   * ReplicaFailure condition is added when managing the replicas failed ({@code manageError}: the
   * API's message) and it is not there yet, FailedCreate with too few pods, FailedDelete with too
   * many; it is removed once a sync manages them without error. Other conditions are kept.
   */
  public static ReplicaSetStatus calculateStatus(
      ReplicaSet rs, List<Pod> active, String manageError, Instant now) {
    Map<String, String> templateLabels =
        rs.getSpec().getTemplate() == null
                || rs.getSpec().getTemplate().getMetadata() == null
                || rs.getSpec().getTemplate().getMetadata().getLabels() == null
            ? Map.of()
            : rs.getSpec().getTemplate().getMetadata().getLabels();
    int minReady = Kube.orZero(rs.getSpec().getMinReadySeconds());
    int fullyLabeled = 0;
    int ready = 0;
    int available = 0;
    for (Pod pod : active) {
      if (Kube.labels(pod).entrySet().containsAll(templateLabels.entrySet())) {
        fullyLabeled++;
      }
      if (Kube.isPodReady(pod)) {
        ready++;
        if (Kube.isPodAvailable(pod, minReady, now)) {
          available++;
        }
      }
    }
    return new ReplicaSetStatusBuilder()
        .withReplicas(active.size())
        .withFullyLabeledReplicas(fullyLabeled)
        .withReadyReplicas(ready)
        .withAvailableReplicas(available)
        .withObservedGeneration(rs.getMetadata().getGeneration())
        .withConditions(conditions(rs, active.size(), manageError, now))
        .build();
  }

  private static List<ReplicaSetCondition> conditions(
      ReplicaSet rs, int active, String manageError, Instant now) {
    List<ReplicaSetCondition> conditions =
        rs.getStatus() == null || rs.getStatus().getConditions() == null
            ? new ArrayList<>()
            : new ArrayList<>(rs.getStatus().getConditions());
    boolean failing = conditions.stream().anyMatch(c -> REPLICA_FAILURE.equals(c.getType()));
    if (manageError != null && !failing) {
      int diff = active - Kube.orZero(rs.getSpec().getReplicas());
      conditions.add(
          new ReplicaSetConditionBuilder()
              .withType(REPLICA_FAILURE)
              .withStatus("True")
              .withLastTransitionTime(Kube.format(now))
              .withReason(diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "")
              .withMessage(manageError)
              .build());
    } else if (manageError == null && failing) {
      conditions.removeIf(c -> REPLICA_FAILURE.equals(c.getType()));
    }
    return conditions.isEmpty() ? null : conditions;
  }

  /** Equal up to Go's omitempty: an absent count is a zero count. */
  static boolean sameStatus(ReplicaSetStatus observed, ReplicaSetStatus computed) {
    if (observed == null) {
      observed = new ReplicaSetStatus();
    }
    return Kube.orZero(observed.getReplicas()) == Kube.orZero(computed.getReplicas())
        && Kube.orZero(observed.getFullyLabeledReplicas())
            == Kube.orZero(computed.getFullyLabeledReplicas())
        && Kube.orZero(observed.getReadyReplicas()) == Kube.orZero(computed.getReadyReplicas())
        && Kube.orZero(observed.getAvailableReplicas())
            == Kube.orZero(computed.getAvailableReplicas())
        && Kube.orZero(observed.getObservedGeneration())
            == Kube.orZero(computed.getObservedGeneration())
        && Objects.equals(
            emptyToNull(observed.getConditions()), emptyToNull(computed.getConditions()));
  }

  private static <T> List<T> emptyToNull(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
