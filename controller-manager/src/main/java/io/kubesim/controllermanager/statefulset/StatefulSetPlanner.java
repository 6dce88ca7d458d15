package io.kubesim.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.OwnerClaims;
import io.kubesim.controllermanager.history.Revisions;
import io.kubesim.core.selector.LabelSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The StatefulSet controller's decisions (stateful_set_control.go updateStatefulSet, 1.32 with its
 * default feature gates) as a pure function of the set, the pods, ControllerRevisions and claims of
 * its namespace, and the time. In the set's ordinal range every missing pod is created (with its
 * missing claims), a failed or succeeded one deleted to be recreated; out of range ("condemned")
 * pods are deleted from the highest ordinal down; then RollingUpdate deletes the highest pod at or
 * above the partition that is not at the update revision, one at a time.
 *
 * <p>OrderedReady is monotonic: the walk stops at the first pod it creates, deletes or waits for
 * (not Running and Ready, terminating, not yet available), so web-1 is created only once web-0 is
 * Running and Ready, and web-2 is deleted before web-1. Parallel walks every pod in one sync. A
 * rolling update is one pod at a time under both: MaxUnavailableStatefulSet (maxUnavailable) is
 * alpha and off in 1.32, and the apiserver drops the field.
 */
public final class StatefulSetPlanner {
  private StatefulSetPlanner() {}

  /**
   * @param pods the claims over the namespace's pods (members of the set only)
   * @param revisions the claims over the namespace's ControllerRevisions (orphans adopted, none
   *     released, as adoptOrphanRevisions)
   * @param history the current and update revisions and what to write for them; null when nothing
   *     is done (no usable selector)
   * @param manage whether pods are created and deleted (expectations were satisfied)
   * @param creates pods to create in this order, each after its missing claims
   * @param claimCreates claims to create, each for the pod (by name) it is for
   * @param podRelabels pods whose identity labels are to be set
   * @param claimOwners claims whose owner references the retention policy changes
   * @param deletes pods to delete
   * @param historyDeletes revisions beyond the history limit
   * @param events events besides the writes' own
   * @param status the new status, or null when it has not changed
   * @param requeueAfter sync again after this long, or null
   */
  public record Plan(
      OwnerClaims.Claims<Pod> pods,
      OwnerClaims.Claims<ControllerRevision> revisions,
      StatefulSetHistory.Resolved history,
      boolean manage,
      List<Pod> creates,
      List<ClaimCreate> claimCreates,
      List<Pod> podRelabels,
      List<ClaimOwners> claimOwners,
      List<Pod> deletes,
      List<String> historyDeletes,
      List<Event> events,
      StatefulSetStatus status,
      Duration requeueAfter) {}

  /** A claim to create for a pod (createPersistentVolumeClaims). */
  public record ClaimCreate(String pod, PersistentVolumeClaim claim) {}

  /** A claim's new owner references (UpdatePodClaimForRetentionPolicy). */
  public record ClaimOwners(String pod, PersistentVolumeClaim claim, List<OwnerReference> refs) {}

  /**
   * @param pods the pods of the set's namespace
   * @param revisions the ControllerRevisions of its namespace
   * @param claims the PersistentVolumeClaims of its namespace, by name
   * @param expectationsSatisfied every create and delete of the last sync has been seen
   */
  public static Plan plan(
      StatefulSet set,
      List<Pod> pods,
      List<ControllerRevision> revisions,
      Map<String, PersistentVolumeClaim> claims,
      boolean expectationsSatisfied,
      Instant now) {
    LabelSelector selector = Kube.selector(set.getSpec().getSelector());
    OwnerClaims.Claims<Pod> none = new OwnerClaims.Claims<>(List.of(), List.of(), List.of());
    if (selector == null || selector.empty()) {
      return new Plan(
          none,
          new OwnerClaims.Claims<>(List.of(), List.of(), List.of()),
          null,
          false,
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          null,
          null);
    }
    OwnerClaims.Claims<Pod> podClaims = claimPods(set, selector, pods);
    OwnerClaims.Claims<ControllerRevision> found = OwnerClaims.claim(set, selector, revisions);
    OwnerClaims.Claims<ControllerRevision> revisionClaims =
        new OwnerClaims.Claims<>(found.owned(), found.adopt(), List.of());
    StatefulSetHistory.Resolved history = StatefulSetHistory.revisions(set, revisionClaims.owned());
    Walk walk = new Walk(set, history, podClaims.owned(), claims, now);
    if (expectationsSatisfied && !Kube.deleting(set)) {
      walk.run();
    }
    StatefulSetStatus status = walk.status();
    List<String> historyDeletes =
        StatefulSetHistory.truncate(set, revisionClaims.owned(), podClaims.owned(), history);
    return new Plan(
        podClaims,
        revisionClaims,
        history,
        expectationsSatisfied,
        List.copyOf(walk.creates),
        List.copyOf(walk.claimCreates),
        List.copyOf(walk.relabels),
        List.copyOf(walk.claimOwners),
        List.copyOf(walk.deletes),
        historyDeletes,
        List.copyOf(walk.events),
        StatefulSetStatuses.inconsistent(set, status) ? status : null,
        requeue(set, status));
  }

  /**
   * getPodsForStatefulSet: the selector's pods whose name makes them members ({@code
   * <set>-<ordinal>}); an owned pod that is no longer a member is released.
   */
  static OwnerClaims.Claims<Pod> claimPods(
      StatefulSet set, LabelSelector selector, List<Pod> pods) {
    OwnerClaims.Claims<Pod> claims = OwnerClaims.claim(set, selector, pods);
    List<Pod> owned = new ArrayList<>();
    List<Pod> adopt = new ArrayList<>();
    List<Pod> release = new ArrayList<>(claims.release());
    for (Pod pod : claims.owned()) {
      boolean adopting = claims.adopt().contains(pod);
      if (StatefulPods.memberOf(set, pod)) {
        owned.add(pod);
        if (adopting) {
          adopt.add(pod);
        }
      } else if (!adopting && !Kube.deleting(set)) {
        release.add(pod);
      }
    }
    return new OwnerClaims.Claims<>(List.copyOf(owned), List.copyOf(adopt), List.copyOf(release));
  }

  /** syncStatefulSet's requeue: while not every replica is available, after minReadySeconds. */
  private static Duration requeue(StatefulSet set, StatefulSetStatus status) {
    int minReady = Kube.orZero(set.getSpec().getMinReadySeconds());
    if (minReady > 0 && Kube.orZero(status.getAvailableReplicas()) != StatefulPods.replicas(set)) {
      return Duration.ofSeconds(minReady);
    }
    return null;
  }

  /** One updateStatefulSet: the pods by ordinal, walked as the real control loop walks them. */
  private static final class Walk {
    private final StatefulSet set;
    private final StatefulSetHistory.Resolved history;
    private final Map<String, PersistentVolumeClaim> claims;
    private final Instant now;
    private final int minReady;
    private final boolean monotonic;
    private final Pod[] replicas;
    private final List<Pod> condemned = new ArrayList<>();
    private Pod firstUnavailable;
    private int currentAdjust;

    final List<Pod> creates = new ArrayList<>();
    final List<ClaimCreate> claimCreates = new ArrayList<>();
    final List<Pod> relabels = new ArrayList<>();
    final List<ClaimOwners> claimOwners = new ArrayList<>();
    final List<Pod> deletes = new ArrayList<>();
    final List<Event> events = new ArrayList<>();

    Walk(
        StatefulSet set,
        StatefulSetHistory.Resolved history,
        List<Pod> pods,
        Map<String, PersistentVolumeClaim> claims,
        Instant now) {
      this.set = set;
      this.history = history;
      this.claims = claims;
      this.now = now;
      this.minReady = Kube.orZero(set.getSpec().getMinReadySeconds());
      this.monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
      int count = StatefulPods.replicas(set);
      int start = StatefulPods.startOrdinal(set);
      replicas = new Pod[count];
      for (Pod pod : pods) {
        if (StatefulPods.inRange(pod, set)) {
          replicas[StatefulPods.ordinal(pod) - start] = pod;
        } else if (StatefulPods.ordinal(pod) >= 0) {
          condemned.add(pod);
        }
      }
      for (int i = 0; i < count; i++) {
        if (replicas[i] == null) {
          replicas[i] = newVersionedPod(start + i);
        }
      }
      condemned.sort(Comparator.comparingInt(StatefulPods::ordinal).reversed());
      for (Pod pod : replicas) {
        if (firstUnavailable == null && StatefulPods.unavailable(pod, minReady, now)) {
          firstUnavailable = pod;
        }
      }
      for (int i = condemned.size() - 1; i >= 0 && firstUnavailable == null; i--) {
        if (StatefulPods.unavailable(condemned.get(i), minReady, now)) {
          firstUnavailable = condemned.get(i);
        }
      }
    }

    /**
     * newVersionedStatefulSetPod: below the partition from the current revision's template, at or
     * above it from the update revision's (partition 2 of web-0..4: web-0 and web-1 stay current).
     */
    private Pod newVersionedPod(int ordinal) {
      var strategy = set.getSpec().getUpdateStrategy();
      boolean rolling = strategy != null && "RollingUpdate".equals(strategy.getType());
      var rollingUpdate = strategy == null ? null : strategy.getRollingUpdate();
      int start = StatefulPods.startOrdinal(set);
      int currentReplicas =
          set.getStatus() == null ? 0 : Kube.orZero(set.getStatus().getCurrentReplicas());
      boolean current =
          (rolling && rollingUpdate == null && ordinal < start + currentReplicas)
              || (rollingUpdate != null
                  && ordinal < start + Kube.orZero(rollingUpdate.getPartition()));
      ControllerRevision revision = current ? history.current() : history.update();
      PodTemplateSpec template = Revisions.template(revision);
      return StatefulPods.newPod(set, template, ordinal, revision.getMetadata().getName());
    }

    void run() {
      for (int i = 0; i < replicas.length; i++) {
        if (processReplica(i) && monotonic) {
          return;
        }
      }
      for (Pod pod : condemned) {
        fixClaims(pod);
      }
      for (Pod pod : condemned) {
        if (processCondemned(pod) && monotonic) {
          return;
        }
      }
      var strategy = set.getSpec().getUpdateStrategy();
      if (strategy == null || "OnDelete".equals(strategy.getType())) {
        return;
      }
      rollingUpdate();
    }

    /** processReplica; true when a monotonic walk must stop here. */
    private boolean processReplica(int i) {
      Pod pod = replicas[i];
      String phase = Kube.phase(pod);
      if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
        if (Kube.deleting(pod)) {
          return true; // deleted already: the new pod comes once it is gone
        }
        String text = set.getMetadata().getNamespace() + "/" + set.getMetadata().getName();
        events.add(
            "Failed".equals(phase)
                ? Event.warning(
                    "RecreatingFailedPod",
                    "StatefulSet " + text + " is recreating failed Pod " + name(pod))
                : Event.normal(
                    "RecreatingTerminatedPod",
                    "StatefulSet " + text + " is recreating terminated Pod " + name(pod)));
        deletes.add(pod);
        return true;
      }
      if (!StatefulPods.created(pod)) {
        if (ClaimRetention.deleteWhenScaled(set) && staleClaim(pod)) {
          return true; // the claim of an earlier pod of this name waits for the garbage collector
        }
        missingClaims(pod);
        creates.add(pod);
        return monotonic;
      }
      if ("Pending".equals(phase)) {
        missingClaims(pod);
      }
      if (monotonic
          && (Kube.deleting(pod)
              || !StatefulPods.runningAndReady(pod)
              || !StatefulPods.available(pod, minReady, now))) {
        return true;
      }
      if (!StatefulPods.identityMatches(set, pod)) {
        relabels.add(pod);
      }
      fixClaims(pod);
      return false;
    }

    /** processCondemned; true when the walk stops (after a delete, or waiting). */
    private boolean processCondemned(Pod pod) {
      if (Kube.deleting(pod)) {
        return monotonic;
      }
      if (monotonic && pod != firstUnavailable && StatefulPods.unavailable(pod, minReady, now)) {
        return true;
      }
      deletes.add(pod);
      return true;
    }

    /**
     * The legacy rolling update (MaxUnavailableStatefulSet off): from the highest index down to the
     * partition, delete the first pod not at the update revision, or wait for one unavailable.
     */
    private void rollingUpdate() {
      var rollingUpdate = set.getSpec().getUpdateStrategy().getRollingUpdate();
      int updateMin = rollingUpdate == null ? 0 : Kube.orZero(rollingUpdate.getPartition());
      String update = history.update().getMetadata().getName();
      for (int target = replicas.length - 1; target >= updateMin; target--) {
        Pod pod = replicas[target];
        if (!update.equals(StatefulPods.revision(pod)) && !Kube.deleting(pod)) {
          deletes.add(pod);
          currentAdjust--;
          return;
        }
        if (StatefulPods.unavailable(pod, minReady, now)) {
          return;
        }
      }
    }

    private boolean staleClaim(Pod pod) {
      for (PersistentVolumeClaim claim : StatefulPods.claims(set, StatefulPods.ordinal(pod))) {
        PersistentVolumeClaim existing = claims.get(claim.getMetadata().getName());
        if (existing != null && ClaimRetention.staleForPod(existing, pod)) {
          return true;
        }
      }
      return false;
    }

    private void missingClaims(Pod pod) {
      for (PersistentVolumeClaim claim : StatefulPods.claims(set, StatefulPods.ordinal(pod))) {
        if (!claims.containsKey(claim.getMetadata().getName())) {
          // created with the references UpdatePodClaimForRetentionPolicy then gives it
          List<OwnerReference> refs = ClaimRetention.updatedRefs(claim, set, pod);
          claim.getMetadata().setOwnerReferences(refs.isEmpty() ? null : refs);
          claimCreates.add(new ClaimCreate(name(pod), claim));
        }
      }
    }

    /** ClaimsMatchRetentionPolicy, and UpdatePodClaimForRetentionPolicy where it does not. */
    private void fixClaims(Pod pod) {
      for (PersistentVolumeClaim claim : StatefulPods.claims(set, StatefulPods.ordinal(pod))) {
        PersistentVolumeClaim existing = claims.get(claim.getMetadata().getName());
        if (existing != null && !ClaimRetention.upToDate(existing, set, pod)) {
          claimOwners.add(
              new ClaimOwners(name(pod), existing, ClaimRetention.updatedRefs(existing, set, pod)));
        }
      }
    }

    StatefulSetStatus status() {
      List<Pod> all = new ArrayList<>();
      for (Pod pod : replicas) {
        all.add(pod);
      }
      all.addAll(condemned);
      return StatefulSetStatuses.compute(set, history, all, currentAdjust, now);
    }

    private static String name(Pod pod) {
      return pod.getMetadata().getName();
    }
  }
}
