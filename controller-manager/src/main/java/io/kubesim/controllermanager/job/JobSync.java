package io.kubesim.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One run of {@link JobPlanner#plan}: the state syncJob keeps in its syncJobCtx while it works out
 * one Job, step by step in the order the real one takes. Not shared, not reused.
 */
final class JobSync {
  private final Job job;
  private final List<Pod> pods;
  private final Instant now;
  private final JobPlanner.Memory memory;
  private final JobStatus status;
  private final Set<String> uncountedSucceeded;
  private final Set<String> uncountedFailed;
  private final List<Pod> activePods;
  private final boolean indexed;

  private int active;
  private int ready;
  private int terminating;
  private int succeeded;
  private int failed;
  private JobCondition finished;
  private IndexSet previousSucceededIndexes = IndexSet.EMPTY;
  private IndexSet succeededIndexes = IndexSet.EMPTY;
  private IndexSet failedIndexes;
  private Map<Integer, Pod> delayedDeletion = Map.of();
  private Backoff backoff;

  private final List<Pod> creates = new ArrayList<>();
  private final List<Pod> deletes = new ArrayList<>();
  private boolean removeFinalizersBeforeDelete;
  private final List<Event> events = new ArrayList<>();
  private Duration requeueAfter;

  JobSync(Job job, List<Pod> pods, Instant now, JobPlanner.Memory memory) {
    this.job = job;
    this.pods = pods;
    this.now = now;
    this.memory = memory;
    this.status = JobPlanner.copy(job.getStatus());
    this.uncountedSucceeded = JobPlanner.set(status.getUncountedTerminatedPods().getSucceeded());
    this.uncountedFailed = JobPlanner.set(status.getUncountedTerminatedPods().getFailed());
    this.activePods = pods.stream().filter(Kube::isPodActive).toList();
    this.indexed = JobPods.isIndexed(job);
  }

  JobPlanner.Plan run() {
    active = activePods.size();
    ready = (int) activePods.stream().filter(Kube::isPodReady).count();
    terminating = (int) pods.stream().filter(JobPods::isTerminating).count();
    List<Pod> newSucceeded = unaccounted(uncountedSucceeded, p -> "Succeeded".equals(phase(p)));
    List<Pod> newFailed = unaccounted(uncountedFailed, p -> JobPods.isFailed(p, job));
    succeeded =
        Kube.orZero(status.getSucceeded()) + newSucceeded.size() + uncountedSucceeded.size();
    failed = Kube.orZero(status.getFailed()) + counted(newFailed) + uncountedFailed.size();
    if (status.getStartTime() == null && !JobPods.suspended(job)) {
      status.setStartTime(Kube.format(now));
    }
    backoff = memory.backoff().after(newSucceeded, newFailed);
    decideFinished();
    if (indexed) {
      indexedProgress();
    }
    boolean suspendChanged = manage();
    boolean needsUpdate =
        suspendChanged
            || active != Kube.orZero(status.getActive())
            || !Objects.equals(ready, status.getReady())
            || !Objects.equals(terminating, status.getTerminating());
    status.setActive(active);
    status.setReady(ready);
    status.setTerminating(terminating);
    return track(needsUpdate);
  }

  private static String phase(Pod p) {
    return Kube.phase(p);
  }

  /**
   * getValidPodsWithFilter: pods holding the finalizer, not already uncounted, not counted by an
   * earlier sync and, for an Indexed Job, with a valid index.
   */
  private List<Pod> unaccounted(Set<String> uncounted, java.util.function.Predicate<Pod> filter) {
    List<Pod> result = new ArrayList<>();
    for (Pod p : pods) {
      String uid = JobPods.uid(p);
      if (!JobPods.hasTrackingFinalizer(p)
          || uncounted.contains(uid)
          || memory.expectedFinalizerRemovals().contains(uid)) {
        continue;
      }
      if (indexed && !JobPods.validIndex(job, p)) {
        continue;
      }
      if (filter.test(p)) {
        result.add(p);
      }
    }
    return result;
  }

  /** nonIgnoredFailedPodsCount: failures an Ignore rule of the podFailurePolicy does not drop. */
  private int counted(List<Pod> newFailed) {
    if (job.getSpec().getPodFailurePolicy() == null) {
      return newFailed.size();
    }
    return (int)
        newFailed.stream()
            .filter(p -> PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), p).counts())
            .count();
  }

  /** Whether the Job must end, and how: the conditions in the order syncJob checks them. */
  private void decideFinished() {
    List<JobCondition> conditions = status.getConditions();
    JobCondition met = JobConditions.find(conditions, JobConditions.SUCCESS_CRITERIA_MET);
    finished = JobConditions.isTrue(met) ? met : null;
    if (finished == null) {
      JobCondition target = JobConditions.find(conditions, JobConditions.FAILURE_TARGET);
      if (JobConditions.isTrue(target)) {
        finished = failed(target.getReason(), target.getMessage());
      } else {
        String message = failJobMessage();
        if (message != null) {
          finished =
              JobConditions.of(
                  JobConditions.FAILURE_TARGET,
                  "True",
                  JobConditions.POD_FAILURE_POLICY,
                  message,
                  now);
        }
      }
    }
    if (finished != null) {
      return;
    }
    Integer backoffLimit = job.getSpec().getBackoffLimit();
    Long deadline = job.getSpec().getActiveDeadlineSeconds();
    if (failed > (backoffLimit == null ? 6 : backoffLimit) || pastBackoffLimitOnFailure()) {
      finished =
          failureTarget(
              JobConditions.BACKOFF_LIMIT_EXCEEDED, "Job has reached the specified backoff limit");
    } else if (pastActiveDeadline()) {
      finished =
          failureTarget(
              JobConditions.DEADLINE_EXCEEDED, "Job was active longer than specified deadline");
    } else if (deadline != null && !JobPods.suspended(job)) {
      Instant start = Kube.time(status.getStartTime());
      requeue(Duration.ofSeconds(deadline).minus(Duration.between(start, now)));
    }
  }

  private JobCondition failed(String reason, String message) {
    return JobConditions.of(JobConditions.FAILED, "True", reason, message, now);
  }

  /** newFailureCondition: the interim FailureTarget (the 1.32 gates delay the terminal one). */
  private JobCondition failureTarget(String reason, String message) {
    return JobConditions.of(JobConditions.FAILURE_TARGET, "True", reason, message, now);
  }

  private String failJobMessage() {
    if (job.getSpec().getPodFailurePolicy() == null) {
      return null;
    }
    for (Pod p : pods) {
      if (JobPods.isFailed(p, job)) {
        PodFailurePolicies.Match m =
            PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), p);
        if (m.failJobMessage() != null) {
          return m.failJobMessage();
        }
      }
    }
    return null;
  }

  /**
   * restartPolicy OnFailure: the containers' restarts of running and pending pods, summed, reach
   * backoffLimit (any restart at all when it is 0).
   */
  private boolean pastBackoffLimitOnFailure() {
    if (!"OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy())) {
      return false;
    }
    int restarts = 0;
    for (Pod p : pods) {
      if (("Running".equals(phase(p)) || "Pending".equals(phase(p))) && p.getStatus() != null) {
        for (var s : orEmpty(p.getStatus().getInitContainerStatuses())) {
          restarts += Kube.orZero(s.getRestartCount());
        }
        for (var s : orEmpty(p.getStatus().getContainerStatuses())) {
          restarts += Kube.orZero(s.getRestartCount());
        }
      }
    }
    int limit = Kube.orZero(job.getSpec().getBackoffLimit());
    return limit == 0 ? restarts > 0 : restarts >= limit;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private boolean pastActiveDeadline() {
    Long deadline = job.getSpec().getActiveDeadlineSeconds();
    Instant start = Kube.time(status.getStartTime());
    if (deadline == null || start == null || JobPods.suspended(job)) {
      return false;
    }
    return Duration.between(start, now).compareTo(Duration.ofSeconds(deadline)) >= 0;
  }

  private void indexedProgress() {
    int completions = JobPods.completions(job);
    previousSucceededIndexes =
        IndexSet.parse(status.getCompletedIndexes(), JobPods.completions(job));
    succeededIndexes = IndexedJobs.succeeded(job, pods);
    succeeded = succeededIndexes.total();
    if (JobPods.hasBackoffLimitPerIndex(job)) {
      failedIndexes = IndexedJobs.failed(job, pods);
      Integer maxFailed = job.getSpec().getMaxFailedIndexes();
      if (finished == null) {
        if (maxFailed != null && failedIndexes.total() > maxFailed) {
          finished =
              failureTarget(
                  JobConditions.MAX_FAILED_INDEXES_EXCEEDED,
                  "Job has exceeded the specified maximal number of failed indexes");
        } else if (failedIndexes.total() > 0
            && failedIndexes.total() + succeededIndexes.total() >= completions) {
          finished = failureTarget(JobConditions.FAILED_INDEXES, "Job has failed indexes");
        }
      }
      delayedDeletion =
          IndexedJobs.delayedDeletion(
              job,
              pods,
              activePods,
              succeededIndexes,
              failedIndexes,
              memory.expectedFinalizerRemovals());
    }
    if (finished == null) {
      String message =
          IndexedJobs.matchSuccessPolicy(
              job.getSpec().getSuccessPolicy(), completions, succeededIndexes);
      if (message != null) {
        finished =
            JobConditions.of(
                JobConditions.SUCCESS_CRITERIA_MET,
                "True",
                JobConditions.SUCCESS_POLICY,
                message,
                now);
      }
    }
  }

  /**
   * A finishing Job loses its active pods; otherwise manageJob brings the active pods to what is
   * wanted, and the Job is complete once enough pods succeeded and none runs. Returns whether the
   * Suspended condition changed.
   */
  private boolean manage() {
    if (finished != null) {
      deletes.addAll(activePods);
      if (!memory.expectationsSatisfied()) {
        finished = null; // pods may be missing from the cache: decide later
      }
      terminating += activePods.size();
      ready -= (int) activePods.stream().filter(Kube::isPodReady).count();
      active = 0;
      return false;
    }
    boolean managed = false;
    if (memory.expectationsSatisfied() && !Kube.deleting(job)) {
      active = new JobManager(this).manage();
      managed = true;
    }
    Integer completions = job.getSpec().getCompletions();
    boolean complete =
        completions == null
            ? succeeded > 0 && active == 0
            : succeeded >= completions && active == 0;
    if (complete) {
      finished =
          JobConditions.of(
              JobConditions.SUCCESS_CRITERIA_MET,
              "True",
              JobConditions.COMPLETIONS_REACHED,
              "Reached expected number of succeeded pods",
              now);
      return false;
    }
    return managed && suspendCondition();
  }

  private boolean suspendCondition() {
    List<JobCondition> conditions = status.getConditions();
    if (JobPods.suspended(job)) {
      boolean changed =
          JobConditions.ensure(
              conditions, JobConditions.SUSPENDED, "True", "JobSuspended", "Job suspended", now);
      if (changed) {
        events.add(Event.normal("Suspended", "Job suspended"));
      }
      return changed;
    }
    boolean changed =
        JobConditions.ensure(
            conditions, JobConditions.SUSPENDED, "False", "JobResumed", "Job resumed", now);
    if (changed) {
      events.add(Event.normal("Resumed", "Job resumed"));
      // activeDeadlineSeconds counts time spent continuously active: it starts over
      status.setStartTime(Kube.format(now));
    }
    return changed;
  }

  /**
   * trackJobStatusAndRemoveFinalizers: finished pods still holding the finalizer go into the
   * uncounted lists (or, Indexed, completedIndexes) and lose the finalizer; then the counts and,
   * when nothing is left uncounted or terminating, the terminal condition.
   */
  private JobPlanner.Plan track(boolean needsFlush) {
    Set<String> expected = memory.expectedFinalizerRemovals();
    Set<String> withFinalizer = new HashSet<>();
    for (Pod p : pods) {
      if (JobPods.hasTrackingFinalizer(p) && !expected.contains(JobPods.uid(p))) {
        withFinalizer.add(JobPods.uid(p));
      }
    }
    needsFlush |= JobPlanner.countUncounted(status, withFinalizer);
    UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods();
    List<String> newUncountedSucceeded = new ArrayList<>(orEmpty(uncounted.getSucceeded()));
    List<String> newUncountedFailed = new ArrayList<>(orEmpty(uncounted.getFailed()));
    List<Integer> newSucceededIndexes = new ArrayList<>();
    List<Pod> removals = new ArrayList<>();
    boolean reachedMax = false;
    for (Pod pod : indexed ? IndexedJobs.byIndex(pods) : pods) {
      String uid = JobPods.uid(pod);
      if (!JobPods.hasTrackingFinalizer(pod) || expected.contains(uid)) {
        continue; // counted by an earlier sync
      }
      boolean podFailed = JobPods.isFailed(pod, job);
      if (!canRemoveFinalizer(pod, podFailed)) {
        continue;
      }
      removals.add(pod);
      if ("Succeeded".equals(phase(pod)) && !uncountedFailed.contains(uid)) {
        if (indexed) {
          int ix = JobPods.completionIndex(pod);
          if (JobPods.validIndex(job, pod) && !previousSucceededIndexes.has(ix)) {
            newSucceededIndexes.add(ix);
            needsFlush = true;
          }
        } else if (!uncountedSucceeded.contains(uid)) {
          newUncountedSucceeded.add(uid);
          needsFlush = true;
        }
      } else if (podFailed || (finished != null && !JobPlanner.isSuccessCriteriaMet(finished))) {
        // once the Job is finishing, every pod that did not succeed counts as failed
        if (!uncountedFailed.contains(uid) && (!indexed || JobPods.validIndex(job, pod))) {
          boolean counts =
              job.getSpec().getPodFailurePolicy() == null
                  || PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), pod).counts();
          if (counts) {
            newUncountedFailed.add(uid);
            needsFlush = true;
          }
        }
      }
      if (newSucceededIndexes.size() + newUncountedSucceeded.size() + newUncountedFailed.size()
          >= JobPlanner.MAX_UNCOUNTED_PODS) {
        reachedMax = true; // the status and pod updates bring the Job back for the rest
        break;
      }
    }
    uncounted.setSucceeded(newUncountedSucceeded);
    uncounted.setFailed(newUncountedFailed);
    if (indexed) {
      needsFlush |= indexesToStatus(newSucceededIndexes);
    }
    needsFlush |= interimCondition();
    JobStatus flush = needsFlush ? JobPlanner.copy(status) : null;
    removals.forEach(p -> withFinalizer.remove(JobPods.uid(p)));
    boolean needsWrite = JobPlanner.countUncounted(status, withFinalizer);
    boolean done = !reachedMax && enactFinished();
    JobStatus last = needsWrite || done ? JobPlanner.copy(status) : null;
    return new JobPlanner.Plan(
        List.copyOf(creates),
        List.copyOf(deletes),
        removeFinalizersBeforeDelete,
        flush,
        List.copyOf(removals),
        last,
        List.copyOf(events),
        requeueAfter,
        backoff,
        done);
  }

  /**
   * canRemoveFinalizer: when the Job is deleted or finishing, when the pod succeeded, or when it
   * failed, unless (backoffLimitPerIndex) it must wait for its replacement.
   */
  private boolean canRemoveFinalizer(Pod pod, boolean podFailed) {
    if (Kube.deleting(job) || finished != null || "Succeeded".equals(phase(pod))) {
      return true;
    }
    if (!podFailed) {
      return false;
    }
    if (JobPods.hasBackoffLimitPerIndex(job)) {
      Pod waiting = delayedDeletion.get(JobPods.completionIndex(pod));
      return waiting == null || !JobPods.uid(waiting).equals(JobPods.uid(pod));
    }
    return true;
  }

  private boolean indexesToStatus(List<Integer> newSucceededIndexes) {
    boolean changed = false;
    succeededIndexes = succeededIndexes.with(newSucceededIndexes);
    String completed = succeededIndexes.toString();
    if (!completed.equals(Objects.requireNonNullElse(status.getCompletedIndexes(), ""))) {
      changed = true;
    }
    status.setSucceeded(succeededIndexes.total());
    status.setCompletedIndexes(completed.isEmpty() ? null : completed);
    String failedText = failedIndexes == null ? null : failedIndexes.toString();
    if (!Objects.equals(status.getFailedIndexes(), failedText)) {
      status.setFailedIndexes(failedText);
      changed = true;
    }
    return changed;
  }

  /**
   * FailureTarget and SuccessCriteriaMet are written before any finalizer comes off; the terminal
   * Failed or Complete condition, with the same reason and message, follows later.
   */
  private boolean interimCondition() {
    boolean changed = false;
    if (finished != null && JobConditions.FAILURE_TARGET.equals(finished.getType())) {
      status.getConditions().add(finished);
      changed = true;
      finished = failed(finished.getReason(), finished.getMessage());
    }
    if (JobPlanner.isSuccessCriteriaMet(finished)) {
      if (!JobConditions.isTrue(status.getConditions(), JobConditions.SUCCESS_CRITERIA_MET)) {
        status.getConditions().add(finished);
        changed = true;
      }
      finished =
          JobConditions.of(
              JobConditions.COMPLETE, "True", finished.getReason(), finished.getMessage(), now);
    }
    return changed;
  }

  /**
   * enactJobFinished: the terminal condition, once no pod is uncounted or terminating, with its
   * events (Completed, or the failure's reason and message as a Warning).
   */
  private boolean enactFinished() {
    if (finished == null) {
      return false;
    }
    UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods();
    if (!orEmpty(uncounted.getSucceeded()).isEmpty()
        || !orEmpty(uncounted.getFailed()).isEmpty()
        || terminating > 0) {
      return false;
    }
    JobConditions.ensure(
        status.getConditions(),
        finished.getType(),
        finished.getStatus(),
        finished.getReason(),
        finished.getMessage(),
        now);
    if (JobConditions.COMPLETE.equals(finished.getType())) {
      status.setCompletionTime(finished.getLastTransitionTime());
      Integer completions = job.getSpec().getCompletions();
      if (completions != null && Kube.orZero(status.getSucceeded()) > completions) {
        events.add(
            Event.warning(
                "TooManySucceededPods",
                "Too many succeeded pods running after completion count reached"));
      }
      events.add(Event.normal("Completed", "Job completed"));
    } else {
      events.add(Event.warning(finished.getReason(), finished.getMessage()));
    }
    return true;
  }

  void requeue(Duration after) {
    Duration wait = after.compareTo(Duration.ZERO) < 0 ? Duration.ZERO : after;
    requeueAfter = requeueAfter == null || wait.compareTo(requeueAfter) < 0 ? wait : requeueAfter;
  }

  // --- what JobManager reads and writes -------------------------------------------------------

  Job job() {
    return job;
  }

  List<Pod> pods() {
    return pods;
  }

  List<Pod> activePods() {
    return activePods;
  }

  Instant now() {
    return now;
  }

  int succeeded() {
    return succeeded;
  }

  int terminating() {
    return terminating;
  }

  Backoff backoff() {
    return backoff;
  }

  IndexSet succeededIndexes() {
    return succeededIndexes;
  }

  IndexSet failedIndexes() {
    return failedIndexes;
  }

  Map<Integer, Pod> delayedDeletion() {
    return delayedDeletion;
  }

  void delete(List<Pod> pods) {
    deletes.addAll(pods);
    removeFinalizersBeforeDelete = true;
    terminating += pods.size();
    ready -= (int) pods.stream().filter(Kube::isPodReady).count();
  }

  void create(PodTemplateSpec template, int index, int[] failures) {
    creates.add(JobPods.newPod(job, template, index, failures));
  }
}
