package io.kubesim.controllermanager.deployment;

import static io.kubesim.controllermanager.deployment.RolloutMath.maxSurge;
import static io.kubesim.controllermanager.deployment.RolloutMath.maxUnavailable;
import static io.kubesim.controllermanager.deployment.RolloutMath.replicas;
import static io.kubesim.controllermanager.deployment.RolloutMath.specReplicas;
import static io.kubesim.controllermanager.deployment.RolloutMath.specSum;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Deployment controller's decisions for one sync (pkg/controller/deployment:
 * deployment_controller.go syncDeployment, sync.go, rolling.go, recreate.go, progress.go) as a pure
 * function of the Deployment, the ReplicaSets it owns (already claimed), their pods and the time.
 *
 * <p>Like the real controller it takes one step per sync and relies on the next sync (triggered by
 * the ReplicaSet and pod changes the step causes) for the next: the planner never waits.
 *
 * <p>Rolling update, worked example: 10 replicas, maxSurge 25% → 3 (rounded up), maxUnavailable 25%
 * → 2 (rounded down): at most 13 pods, at least 8 available. Old RS A at 10, all available; the
 * template changes.
 *
 * <ol>
 *   <li>Sync 1 creates the new RS B at min(13 - 10, 10 - 0) = 3. Creating is not "scaling up", so
 *       the same sync goes on to the old side: allPods = 13, minAvailable = 10 - 2 = 8, B's
 *       unavailable pods = 3 - 0 = 3, so maxScaledDown = 13 - 8 - 3 = 2; available = 10 > 8, so A
 *       goes to 8. (A=8, B=3: 11 pods, 8 available.)
 *   <li>Sync 2 (B's pods still starting): B may grow by min(13 - 11, 10 - 3) = 2 → B=5. Scaled up,
 *       so the sync stops there. (A=8, B=5: 13 pods.)
 *   <li>Sync 3 (nothing available yet in B): B cannot grow (13 pods), and maxScaledDown = 13 - 8 -
 *       5 = 0: nothing to do but wait. maxUnavailable holds: 8 of 10 available.
 *   <li>B's 5 become available: maxScaledDown = 13 - 8 - 0 = 5, available 13 - 8 = 5 → A=3.
 *   <li>Then B goes to min(13 - 8, 10 - 5) = 5 more → B=10; once available, A goes to 0.
 * </ol>
 *
 * <p>With maxUnavailable 0 and maxSurge 1 on 3 replicas the same rules give one pod at a time:
 * (A,B) = (3,1), wait for B's pod, (2,1), (2,2), wait, (1,2), (1,3), wait, (0,3); availability
 * never drops below 3.
 */
public final class DeploymentPlanner {

  private DeploymentPlanner() {}

  /**
   * @param create the new ReplicaSet to create, or null
   * @param updates existing ReplicaSets to write back (scaled and/or re-annotated), each still
   *     carrying the resourceVersion it was read with, so the write is conditional
   * @param deletes names of old ReplicaSets to delete (revision history cleanup)
   * @param revision the value for the Deployment's {@code deployment.kubernetes.io/revision}
   *     annotation, or null when it is already right
   * @param status the Deployment status to write, or null when unchanged
   * @param events events on the Deployment
   * @param requeueAfter when to sync again even without a change (progress deadline), or null
   */
  public record Plan(
      ReplicaSet create,
      List<ReplicaSet> updates,
      List<String> deletes,
      String revision,
      DeploymentStatus status,
      List<Event> events,
      Duration requeueAfter) {}

  /**
   * @param owned the ReplicaSets the Deployment controls
   * @param podsByReplicaSet the pods of each ReplicaSet by its name; only Recreate reads it (no new
   *     pod starts while an old one is still running)
   */
  public static Plan plan(
      Deployment deployment,
      List<ReplicaSet> owned,
      Map<String, List<Pod>> podsByReplicaSet,
      Instant now) {
    Sync sync = new Sync(deployment, owned, podsByReplicaSet, now);
    sync.run();
    return sync.plan();
  }

  /** Orders ReplicaSets oldest first, then by name (ReplicaSetsByCreationTimestamp). */
  static final Comparator<ReplicaSet> BY_CREATION =
      Comparator.comparing(
              (ReplicaSet rs) -> {
                Instant t = Kube.time(rs.getMetadata().getCreationTimestamp());
                return t == null ? Instant.MAX : t; // the one about to be created is the newest
              })
          .thenComparing(rs -> rs.getMetadata().getName());

  /** One sync's working state: copies of the objects, changed as the real controller would. */
  private static final class Sync {
    private final Deployment d;
    private final DeploymentStatus observedStatus;
    private final String observedRevision;
    private final Map<String, ReplicaSet> rss = new LinkedHashMap<>();
    private final Map<String, List<Pod>> pods;
    private final Instant now;

    private ReplicaSet created;
    private final Set<String> changed = new LinkedHashSet<>();
    private final List<String> deletes = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private DeploymentStatus status;
    private Duration requeueAfter;
    private boolean collision;

    Sync(Deployment d, List<ReplicaSet> owned, Map<String, List<Pod>> pods, Instant now) {
      this.d = Kube.copy(d, Deployment.class);
      this.observedStatus = d.getStatus();
      this.observedRevision = Kube.annotations(d).get(Revisions.REVISION);
      if (this.d.getStatus() == null) {
        this.d.setStatus(new DeploymentStatus());
      }
      if (this.d.getStatus().getConditions() == null) {
        this.d.getStatus().setConditions(new ArrayList<>());
      }
      owned.stream()
          .map(rs -> Kube.copy(rs, ReplicaSet.class))
          .sorted(BY_CREATION)
          .forEach(rs -> rss.put(rs.getMetadata().getName(), rs));
      this.pods = pods == null ? Map.of() : pods;
      this.now = now;
    }

    Plan plan() {
      String revision = Kube.annotations(d).get(Revisions.REVISION);
      return new Plan(
          created,
          changed.stream().map(rss::get).toList(),
          List.copyOf(deletes),
          Objects.equals(revision, observedRevision) ? null : revision,
          status == null || DeploymentStatuses.same(observedStatus, status) ? null : status,
          List.copyOf(events),
          requeueAfter);
    }

    void run() {
      var selector = Kube.selector(d.getSpec().getSelector());
      if (selector == null || selector.empty()) {
        events.add(
            Event.warning(
                "SelectingAll",
                "This deployment is selecting all pods. A non-empty selector is required."));
        status = Kube.copy(d.getStatus(), DeploymentStatus.class);
        status.setObservedGeneration(d.getMetadata().getGeneration());
        return;
      }
      if (Kube.deleting(d)) {
        syncStatusOnly();
        return;
      }
      checkPausedConditions();
      if (Boolean.TRUE.equals(d.getSpec().getPaused()) || isScalingEvent()) {
        syncScaleOnly();
        return;
      }
      if (RolloutMath.isRollingUpdate(d)) {
        rolloutRolling();
      } else {
        rolloutRecreate();
      }
    }

    // --- finding the new and old ReplicaSets -------------------------------------------------

    private record NewAndOld(ReplicaSet newRS, List<ReplicaSet> olds) {
      List<ReplicaSet> all() {
        List<ReplicaSet> all = new ArrayList<>(olds);
        if (newRS != null) {
          all.add(newRS);
        }
        return all;
      }
    }

    /**
     * getAllReplicaSetsAndSyncRevision: the new RS is the oldest one whose template equals the
     * Deployment's (ignoring pod-template-hash); its revision becomes max(old revisions) + 1 when
     * lower (a rollback revives an old RS with a new revision). With {@code create}, a missing new
     * RS is made.
     */
    private NewAndOld getAll(boolean create) {
      List<ReplicaSet> sorted = new ArrayList<>(rss.values());
      sorted.sort(BY_CREATION);
      ReplicaSet existing =
          sorted.stream()
              .filter(
                  rs ->
                      PodTemplateHash.equalIgnoringHash(
                          rs.getSpec().getTemplate(), d.getSpec().getTemplate()))
              .findFirst()
              .orElse(null);
      List<ReplicaSet> olds = sorted.stream().filter(rs -> rs != existing).toList();
      long newRevision = Revisions.maxRevision(olds) + 1;
      if (existing != null) {
        boolean annotations = Revisions.setNewReplicaSetAnnotations(d, existing, newRevision, true);
        int minReady = Kube.orZero(d.getSpec().getMinReadySeconds());
        if (annotations || Kube.orZero(existing.getSpec().getMinReadySeconds()) != minReady) {
          existing.getSpec().setMinReadySeconds(minReady);
          markChanged(existing);
        }
        setDeploymentRevision(Kube.annotations(existing).get(Revisions.REVISION));
        if (DeploymentStatuses.hasProgressDeadline(d)
            && DeploymentStatuses.get(d.getStatus(), DeploymentStatuses.PROGRESSING).isEmpty()) {
          DeploymentStatuses.set(
              d.getStatus(),
              DeploymentStatuses.condition(
                  DeploymentStatuses.PROGRESSING,
                  "True",
                  DeploymentStatuses.FOUND_NEW_RS_REASON,
                  "Found new replica set \"" + existing.getMetadata().getName() + "\"",
                  now));
        }
        return new NewAndOld(existing, olds);
      }
      if (!create) {
        return new NewAndOld(null, olds);
      }
      ReplicaSet newRS = newReplicaSet();
      if (rss.containsKey(newRS.getMetadata().getName())) {
        // A ReplicaSet of that name holds another template: hash collision. Bump
        // collisionCount so that the next sync hashes to another name.
        d.getStatus().setCollisionCount(Kube.orZero(d.getStatus().getCollisionCount()) + 1);
        collision = true;
        return new NewAndOld(null, olds);
      }
      List<ReplicaSet> all = new ArrayList<>(olds);
      all.add(newRS);
      int count = RolloutMath.newRSNewReplicas(d, all, newRS);
      newRS.getSpec().setReplicas(count);
      Revisions.setNewReplicaSetAnnotations(d, newRS, newRevision, false);
      created = newRS;
      rss.put(newRS.getMetadata().getName(), newRS);
      if (count > 0) {
        events.add(
            Event.normal(
                "ScalingReplicaSet",
                "Scaled up replica set " + newRS.getMetadata().getName() + " from 0 to " + count));
      }
      if (DeploymentStatuses.hasProgressDeadline(d)) {
        DeploymentStatuses.set(
            d.getStatus(),
            DeploymentStatuses.condition(
                DeploymentStatuses.PROGRESSING,
                "True",
                DeploymentStatuses.NEW_RS_REASON,
                "Created new replica set \"" + newRS.getMetadata().getName() + "\"",
                now));
      }
      setDeploymentRevision(Long.toString(newRevision));
      return new NewAndOld(newRS, olds);
    }

    /**
     * The new RS for the current template: named {@code <deployment>-<hash>}, the hash label added
     * to its template, its labels and its selector, owned by the Deployment, sized 0 until
     * NewRSNewReplicas says otherwise.
     */
    private ReplicaSet newReplicaSet() {
      PodTemplateSpec template = Kube.copy(d.getSpec().getTemplate(), PodTemplateSpec.class);
      String hash = PodTemplateHash.compute(template, d.getStatus().getCollisionCount());
      Map<String, String> labels = new HashMap<>();
      if (template.getMetadata().getLabels() != null) {
        labels.putAll(template.getMetadata().getLabels());
      }
      labels.put(PodTemplateHash.LABEL, hash);
      template.getMetadata().setLabels(labels);
      LabelSelector selector = Kube.copy(d.getSpec().getSelector(), LabelSelector.class);
      Map<String, String> matchLabels = new HashMap<>();
      if (selector.getMatchLabels() != null) {
        matchLabels.putAll(selector.getMatchLabels());
      }
      matchLabels.put(PodTemplateHash.LABEL, hash);
      selector.setMatchLabels(matchLabels);
      return new ReplicaSetBuilder()
          .withNewMetadata()
          .withName(d.getMetadata().getName() + "-" + hash)
          .withNamespace(d.getMetadata().getNamespace())
          .withLabels(new HashMap<>(labels))
          .withOwnerReferences(Kube.controllerRef(d))
          .endMetadata()
          .withNewSpec()
          .withReplicas(0)
          .withMinReadySeconds(Kube.orZero(d.getSpec().getMinReadySeconds()))
          .withSelector(selector)
          .withTemplate(template)
          .endSpec()
          .build();
    }

    private void setDeploymentRevision(String revision) {
      if (revision != null && !revision.equals(Kube.annotations(d).get(Revisions.REVISION))) {
        Revisions.mutableAnnotations(d).put(Revisions.REVISION, revision);
      }
    }

    private void markChanged(ReplicaSet rs) {
      if (rs != created) {
        changed.add(rs.getMetadata().getName());
      }
    }

    // --- scaling one ReplicaSet --------------------------------------------------------------

    /** scaleReplicaSetAndRecordEvent: true when the size changed. */
    private boolean scaleAndRecord(ReplicaSet rs, int newScale) {
      if (specReplicas(rs) == newScale) {
        return false;
      }
      return scale(rs, newScale, specReplicas(rs) < newScale ? "up" : "down");
    }

    /**
     * scaleReplicaSet: set the size and the desired/max-replicas annotations (which record the
     * Deployment size this RS was sized for, for proportional scaling); the event only when the
     * size changed.
     */
    private boolean scale(ReplicaSet rs, int newScale, String operation) {
      int oldScale = specReplicas(rs);
      boolean sizeChanged = oldScale != newScale;
      boolean annotationsChanged =
          Revisions.setReplicasAnnotations(rs, replicas(d), replicas(d) + maxSurge(d));
      if (sizeChanged || annotationsChanged) {
        rs.getSpec().setReplicas(newScale);
        markChanged(rs);
      }
      if (sizeChanged) {
        events.add(
            Event.normal(
                "ScalingReplicaSet",
                "Scaled "
                    + operation
                    + " replica set "
                    + rs.getMetadata().getName()
                    + " from "
                    + oldScale
                    + " to "
                    + newScale));
      }
      return sizeChanged;
    }

    // --- rolling update ----------------------------------------------------------------------

    private void rolloutRolling() {
      NewAndOld r = getAll(true);
      if (collision) {
        status = d.getStatus();
        return;
      }
      List<ReplicaSet> all = r.all();
      if (reconcileNewReplicaSet(all, r.newRS())) {
        syncRolloutStatus(all, r.newRS());
        return;
      }
      if (reconcileOldReplicaSets(all, active(r.olds()), r.newRS())) {
        syncRolloutStatus(all, r.newRS());
        return;
      }
      if (DeploymentStatuses.complete(d, d.getStatus())) {
        cleanupDeployment(r.olds());
      }
      syncRolloutStatus(all, r.newRS());
    }

    /** reconcileNewReplicaSet: shrink an oversized new RS to spec.replicas, or grow it by surge. */
    private boolean reconcileNewReplicaSet(List<ReplicaSet> all, ReplicaSet newRS) {
      if (specReplicas(newRS) == replicas(d)) {
        return false;
      }
      if (specReplicas(newRS) > replicas(d)) {
        return scaleAndRecord(newRS, replicas(d));
      }
      return scaleAndRecord(newRS, RolloutMath.newRSNewReplicas(d, all, newRS));
    }

    /**
     * reconcileOldReplicaSets: maxScaledDown = allPods - minAvailable - newRSUnavailable. The new
     * RS's unavailable pods are subtracted so that they are never counted on to replace old pods
     * they have not replaced yet. Unhealthy old pods go first (they cost no availability), then
     * healthy ones down to minAvailable.
     */
    private boolean reconcileOldReplicaSets(
        List<ReplicaSet> all, List<ReplicaSet> olds, ReplicaSet newRS) {
      if (specSum(olds) == 0) {
        return false;
      }
      int allPods = specSum(all);
      int minAvailable = replicas(d) - maxUnavailable(d);
      int newUnavailable = specReplicas(newRS) - RolloutMath.available(newRS);
      int maxScaledDown = allPods - minAvailable - newUnavailable;
      if (maxScaledDown <= 0) {
        return false;
      }
      int cleaned = cleanupUnhealthyReplicas(olds, maxScaledDown);
      List<ReplicaSet> allAfter = new ArrayList<>(olds);
      allAfter.add(newRS);
      int scaledDown = scaleDownOldReplicaSetsForRollingUpdate(allAfter, olds);
      return cleaned + scaledDown > 0;
    }

    /** cleanupUnhealthyReplicas: remove old RSs' unavailable pods, oldest RS first. */
    private int cleanupUnhealthyReplicas(List<ReplicaSet> olds, int maxCleanup) {
      int total = 0;
      for (ReplicaSet rs : sortedByCreation(olds)) {
        if (total >= maxCleanup) {
          break;
        }
        int unhealthy = specReplicas(rs) - RolloutMath.available(rs);
        if (specReplicas(rs) == 0 || unhealthy <= 0) {
          continue;
        }
        int count = Math.min(maxCleanup - total, unhealthy);
        scaleAndRecord(rs, specReplicas(rs) - count);
        total += count;
      }
      return total;
    }

    /** scaleDownOldReplicaSetsForRollingUpdate: down to minAvailable, oldest RS first. */
    private int scaleDownOldReplicaSetsForRollingUpdate(
        List<ReplicaSet> all, List<ReplicaSet> olds) {
      int minAvailable = replicas(d) - maxUnavailable(d);
      int availablePods = RolloutMath.availableSum(all);
      if (availablePods <= minAvailable) {
        return 0;
      }
      int toScaleDown = availablePods - minAvailable;
      int total = 0;
      for (ReplicaSet rs : sortedByCreation(olds)) {
        if (total >= toScaleDown) {
          break;
        }
        if (specReplicas(rs) == 0) {
          continue;
        }
        int count = Math.min(specReplicas(rs), toScaleDown - total);
        scaleAndRecord(rs, specReplicas(rs) - count);
        total += count;
      }
      return total;
    }

    // --- recreate ----------------------------------------------------------------------------

    /**
     * rolloutRecreate: old RSs to 0; then wait until none of their pods is left running (Failed and
     * Succeeded pods do not count); only then create (or scale up) the new RS to spec.replicas.
     */
    private void rolloutRecreate() {
      NewAndOld r = getAll(false);
      boolean scaledDown = false;
      for (ReplicaSet old : active(r.olds())) {
        scaledDown |= scaleAndRecord(old, 0);
      }
      if (scaledDown || oldPodsRunning(r.newRS(), r.olds())) {
        syncRolloutStatus(r.all(), r.newRS());
        return;
      }
      if (r.newRS() == null) {
        r = getAll(true);
        if (collision) {
          status = d.getStatus();
          return;
        }
      }
      scaleAndRecord(r.newRS(), replicas(d));
      if (DeploymentStatuses.complete(d, d.getStatus())) {
        cleanupDeployment(r.olds());
      }
      syncRolloutStatus(r.all(), r.newRS());
    }

    private boolean oldPodsRunning(ReplicaSet newRS, List<ReplicaSet> olds) {
      if (RolloutMath.actualSum(olds) > 0) {
        return true;
      }
      for (Map.Entry<String, List<Pod>> e : pods.entrySet()) {
        if (newRS != null && newRS.getMetadata().getName().equals(e.getKey())) {
          continue;
        }
        for (Pod pod : e.getValue()) {
          String phase = Kube.phase(pod);
          if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
            return true;
          }
        }
      }
      return false;
    }

    // --- paused, scaling, deleting -----------------------------------------------------------

    /** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed. */
    private void checkPausedConditions() {
      if (!DeploymentStatuses.hasProgressDeadline(d)) {
        return;
      }
      var cond = DeploymentStatuses.get(d.getStatus(), DeploymentStatuses.PROGRESSING);
      if (cond.isPresent() && DeploymentStatuses.TIMED_OUT_REASON.equals(cond.get().getReason())) {
        return; // a reported lack of progress is not overwritten by a pause
      }
      boolean pausedCond =
          cond.isPresent() && DeploymentStatuses.PAUSED_REASON.equals(cond.get().getReason());
      boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
      if (paused && !pausedCond) {
        DeploymentStatuses.set(
            d.getStatus(),
            DeploymentStatuses.condition(
                DeploymentStatuses.PROGRESSING,
                "Unknown",
                DeploymentStatuses.PAUSED_REASON,
                "Deployment is paused",
                now));
      } else if (!paused && pausedCond) {
        DeploymentStatuses.set(
            d.getStatus(),
            DeploymentStatuses.condition(
                DeploymentStatuses.PROGRESSING,
                "Unknown",
                DeploymentStatuses.RESUMED_REASON,
                "Deployment is resumed",
                now));
      }
    }

    /** isScalingEvent: an active RS was sized for another spec.replicas (desired-replicas). */
    private boolean isScalingEvent() {
      NewAndOld r = getAll(false);
      for (ReplicaSet rs : active(r.all())) {
        var desired = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
        if (desired.isPresent() && desired.getAsInt() != replicas(d)) {
          return true;
        }
      }
      return false;
    }

    /** sync: scale without rolling out (paused, or a scaling event); history cleanup if paused. */
    private void syncScaleOnly() {
      NewAndOld r = getAll(false);
      scaleProportionally(r.newRS(), r.olds());
      if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
        cleanupDeployment(r.olds());
      }
      status = DeploymentStatuses.calculate(d, r.all(), r.newRS(), d.getStatus(), now);
    }

    private void syncStatusOnly() {
      NewAndOld r = getAll(false);
      status = DeploymentStatuses.calculate(d, r.all(), r.newRS(), d.getStatus(), now);
    }

    /**
     * sync.go scale: one active (or, with none, the newest) RS takes spec.replicas; a saturated new
     * RS sends the old ones to 0; otherwise (rolling) the difference between the new allowed total
     * (replicas + maxSurge) and the current total is spread over the active RSs in proportion to
     * their size ({@link RolloutMath#proportion}), the leftover to the largest.
     */
    private void scaleProportionally(ReplicaSet newRS, List<ReplicaSet> olds) {
      ReplicaSet single = activeOrLatest(newRS, olds);
      if (single != null) {
        if (specReplicas(single) != replicas(d)) {
          scaleAndRecord(single, replicas(d));
        }
        return;
      }
      if (saturated(newRS)) {
        for (ReplicaSet old : active(olds)) {
          scaleAndRecord(old, 0);
        }
        return;
      }
      if (!RolloutMath.isRollingUpdate(d)) {
        return;
      }
      List<ReplicaSet> all = new ArrayList<>(olds);
      if (newRS != null) {
        all.add(newRS);
      }
      all = new ArrayList<>(active(all));
      int allowed = replicas(d) > 0 ? replicas(d) + maxSurge(d) : 0;
      int toAdd = allowed - specSum(all);
      String operation = "";
      if (toAdd > 0) {
        // larger first; equal sizes: newer first
        all.sort(
            Comparator.comparingInt(RolloutMath::specReplicas)
                .reversed()
                .thenComparing(BY_CREATION.reversed()));
        operation = "up";
      } else if (toAdd < 0) {
        // larger first; equal sizes: older first
        all.sort(
            Comparator.comparingInt(RolloutMath::specReplicas)
                .reversed()
                .thenComparing(BY_CREATION));
        operation = "down";
      }
      int added = 0;
      Map<String, Integer> sizes = new HashMap<>();
      for (ReplicaSet rs : all) {
        int p = RolloutMath.proportion(rs, d, toAdd, added);
        sizes.put(rs.getMetadata().getName(), specReplicas(rs) + p);
        added += p;
      }
      for (int i = 0; i < all.size(); i++) {
        ReplicaSet rs = all.get(i);
        int size = sizes.get(rs.getMetadata().getName());
        if (i == 0 && toAdd != 0) {
          size = Math.max(0, size + toAdd - added);
        }
        scale(rs, size, operation);
      }
    }

    /** FindActiveOrLatest: the only active RS; with none, the new RS or the newest old one. */
    private ReplicaSet activeOrLatest(ReplicaSet newRS, List<ReplicaSet> olds) {
      if (newRS == null && olds.isEmpty()) {
        return null;
      }
      List<ReplicaSet> all = new ArrayList<>(olds);
      if (newRS != null) {
        all.add(newRS);
      }
      List<ReplicaSet> active = active(all);
      if (active.isEmpty()) {
        return newRS != null ? newRS : sortedByCreation(olds).get(olds.size() - 1);
      }
      return active.size() == 1 ? active.get(0) : null;
    }

    /** IsSaturated: the new RS is sized for, and fully available at, spec.replicas. */
    private boolean saturated(ReplicaSet rs) {
      if (rs == null) {
        return false;
      }
      var desired = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
      return specReplicas(rs) == replicas(d)
          && desired.isPresent()
          && desired.getAsInt() == replicas(d)
          && RolloutMath.available(rs) == replicas(d);
    }

    // --- history cleanup and status ----------------------------------------------------------

    /**
     * cleanupDeployment: keep revisionHistoryLimit old RSs; delete the lowest revisions beyond it,
     * but only those fully scaled down (spec and status 0, status observed) and not being deleted.
     * Without a limit nothing is deleted.
     */
    private void cleanupDeployment(List<ReplicaSet> olds) {
      Integer limit = d.getSpec().getRevisionHistoryLimit();
      if (limit == null) {
        return;
      }
      List<ReplicaSet> cleanable =
          new ArrayList<>(olds.stream().filter(rs -> !Kube.deleting(rs)).toList());
      int diff = cleanable.size() - limit;
      if (diff <= 0) {
        return;
      }
      cleanable.sort(
          Comparator.comparingLong((ReplicaSet rs) -> Revisions.revision(rs))
              .thenComparing(BY_CREATION));
      for (int i = 0; i < diff; i++) {
        ReplicaSet rs = cleanable.get(i);
        int statusReplicas = rs.getStatus() == null ? 0 : Kube.orZero(rs.getStatus().getReplicas());
        long observed =
            rs.getStatus() == null ? 0 : Kube.orZero(rs.getStatus().getObservedGeneration());
        if (statusReplicas != 0
            || specReplicas(rs) != 0
            || Kube.orZero(rs.getMetadata().getGeneration()) > observed) {
          continue;
        }
        deletes.add(rs.getMetadata().getName());
      }
    }

    private void syncRolloutStatus(List<ReplicaSet> all, ReplicaSet newRS) {
      DeploymentStatuses.Rollout rollout = DeploymentStatuses.syncRolloutStatus(d, all, newRS, now);
      status = rollout.status();
      requeueAfter = rollout.requeueAfter();
    }

    private static List<ReplicaSet> active(List<ReplicaSet> rss) {
      return rss.stream().filter(rs -> rs != null && specReplicas(rs) > 0).toList();
    }

    private static List<ReplicaSet> sortedByCreation(List<ReplicaSet> rss) {
      List<ReplicaSet> sorted = new ArrayList<>(rss);
      sorted.sort(BY_CREATION);
      return sorted;
    }
  }
}
