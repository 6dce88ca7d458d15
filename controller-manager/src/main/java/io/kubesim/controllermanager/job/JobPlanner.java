package io.kubesim.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import io.kubesim.core.client.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job controller's syncJob (pkg/controller/job job_controller.go, kube-controller-manager 1.32,
 * default feature gates) as a pure function of the Job, the pods it owns, the time and what the
 * controller remembers between syncs ({@link Memory}).
 *
 * <p>Finalizer-based tracking, so that no pod is counted twice or lost: every pod is created with
 * the {@code batch.kubernetes.io/job-tracking} finalizer. A finished pod is (1) added to
 * status.uncountedTerminatedPods by UID, that status is written ({@link Plan#flush}); (2) its
 * finalizer is removed; (3) UIDs whose pods no longer hold the finalizer leave the list and raise
 * succeeded or failed ({@link Plan#status}). A pod without the finalizer has been counted: whatever
 * happens to it later, it is never looked at again. The Job's terminal condition (Complete, Failed)
 * waits until nothing is uncounted and no pod is terminating, after the interim SuccessCriteriaMet
 * or FailureTarget condition.
 *
 * <p>The plan assumes its writes succeed. When one fails the shell stops and the next sync plans
 * again from what the caches then show.
 */
final class JobPlanner {
  private JobPlanner() {}

  /** MaxUncountedPods: at most this many UIDs wait in uncountedTerminatedPods (about 20 KB). */
  static final int MAX_UNCOUNTED_PODS = 500;

  /** MaxPodCreateDeletePerSync. */
  static final int MAX_CREATE_DELETE = 500;

  /** syncJobBatchPeriod: a back-off requeue is never shorter. */
  static final Duration BATCH_PERIOD = Duration.ofSeconds(1);

  /**
   * What the controller knows beyond the caches.
   *
   * @param expectationsSatisfied the informer has shown every pod create and delete asked for
   * @param expectedFinalizerRemovals UIDs of pods whose finalizer removal is not seen yet: they
   *     were counted by an earlier sync
   * @param backoff the pod failure back-off record
   */
  record Memory(
      boolean expectationsSatisfied, Set<String> expectedFinalizerRemovals, Backoff backoff) {
    static final Memory FRESH = new Memory(true, Set.of(), Backoff.NONE);
  }

  /**
   * @param creates pods to create (named by the apiserver from their generateName)
   * @param deletes active pods to delete
   * @param removeFinalizersBeforeDelete true for the deletions of manageJob (too many pods, or
   *     suspended), whose finalizer comes off first; false when the Job is finishing, whose pods
   *     are counted as they terminate
   * @param flush the status to write before removing finalizers (new uncounted UIDs, interim
   *     conditions), or null
   * @param removeFinalizers pods whose tracking finalizer comes off
   * @param status the status to write after the removals, or null when there is nothing to write
   * @param events events about the Job, recorded once the writes succeeded
   * @param requeueAfter sync again after this long (back-off, active deadline), or null
   * @param backoff the back-off record to keep once {@code flush} is written
   * @param finished the Job is finished: forget its back-off record
   */
  record Plan(
      List<Pod> creates,
      List<Pod> deletes,
      boolean removeFinalizersBeforeDelete,
      JobStatus flush,
      List<Pod> removeFinalizers,
      JobStatus status,
      List<Event> events,
      Duration requeueAfter,
      Backoff backoff,
      boolean finished) {
    /**
     * This plan after {@code failed} of its creates failed: the status counts them out of active,
     * and is not written at all when that leaves it as the Job has it (needsStatusUpdate).
     */
    Plan withoutCreates(int failed, ObjectNode stored) {
      if (failed <= 0) {
        return this;
      }
      JobStatus fewerFlush = fewer(flush, failed);
      JobStatus fewer = fewer(status, failed);
      if (fewer != null
          && fewerFlush == null
          && ApiClient.tree(fewer).equals(stored.path("status"))) {
        fewer = null;
      }
      return new Plan(
          creates,
          deletes,
          removeFinalizersBeforeDelete,
          fewerFlush,
          removeFinalizers,
          fewer,
          events,
          requeueAfter,
          backoff,
          finished);
    }

    private static JobStatus fewer(JobStatus status, int failed) {
      if (status == null) {
        return null;
      }
      JobStatus fewer = new JobStatusBuilder(status).build();
      fewer.setActive(Math.max(0, Kube.orZero(status.getActive()) - failed));
      return fewer;
    }

    static Plan idle() {
      return new Plan(
          List.of(), List.of(), false, null, List.of(), null, List.of(), null, Backoff.NONE, false);
    }

    static Plan alreadyFinished() {
      return new Plan(
          List.of(), List.of(), false, null, List.of(), null, List.of(), null, Backoff.NONE, true);
    }
  }

  static Plan plan(Job job, List<Pod> pods, Instant now) {
    return plan(job, pods, now, Memory.FRESH);
  }

  /** spec.managedBy of the Jobs this controller syncs (JobManagedBy, beta in 1.32). */
  static final String JOB_CONTROLLER = "kubernetes.io/job-controller";

  static Plan plan(Job job, List<Pod> pods, Instant now, Memory memory) {
    String managedBy = job.getSpec().getManagedBy();
    if (managedBy != null && !managedBy.equals(JOB_CONTROLLER)) {
      return Plan.idle(); // another controller runs this Job
    }
    if (JobConditions.finished(job)) {
      return Plan.alreadyFinished();
    }
    return new JobSync(job, pods, now, memory).run();
  }

  /** cleanUncountedPodsWithoutFinalizers: UIDs whose pod lost the finalizer become counts. */
  static boolean countUncounted(JobStatus status, Set<String> withFinalizer) {
    UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods();
    boolean updated = false;
    List<String> succeeded = keep(uncounted.getSucceeded(), withFinalizer);
    if (succeeded.size() != size(uncounted.getSucceeded())) {
      status.setSucceeded(
          Kube.orZero(status.getSucceeded()) + size(uncounted.getSucceeded()) - succeeded.size());
      uncounted.setSucceeded(succeeded);
      updated = true;
    }
    List<String> failed = keep(uncounted.getFailed(), withFinalizer);
    if (failed.size() != size(uncounted.getFailed())) {
      status.setFailed(
          Kube.orZero(status.getFailed()) + size(uncounted.getFailed()) - failed.size());
      uncounted.setFailed(failed);
      updated = true;
    }
    return updated;
  }

  private static List<String> keep(List<String> uids, Set<String> include) {
    List<String> kept = new ArrayList<>();
    if (uids != null) {
      uids.stream().filter(include::contains).forEach(kept::add);
    }
    return kept;
  }

  private static int size(List<String> list) {
    return list == null ? 0 : list.size();
  }

  static Set<String> set(List<String> list) {
    return list == null ? Set.of() : new LinkedHashSet<>(list);
  }

  static JobStatus copy(JobStatus status) {
    JobStatus copy = status == null ? new JobStatus() : Kube.copy(status, JobStatus.class);
    if (copy.getUncountedTerminatedPods() == null) {
      copy.setUncountedTerminatedPods(new UncountedTerminatedPods());
    }
    if (copy.getConditions() == null) {
      copy.setConditions(new ArrayList<>());
    } else {
      copy.setConditions(new ArrayList<>(copy.getConditions()));
    }
    return copy;
  }

  /** The pods whose UIDs are in neither uncounted list and not expected to lose the finalizer. */
  static Set<String> uids(List<Pod> pods) {
    Set<String> uids = new HashSet<>();
    pods.forEach(p -> uids.add(JobPods.uid(p)));
    return uids;
  }

  static boolean isSuccessCriteriaMet(JobCondition c) {
    return c != null
        && JobConditions.SUCCESS_CRITERIA_MET.equals(c.getType())
        && "True".equals(c.getStatus());
  }
}
