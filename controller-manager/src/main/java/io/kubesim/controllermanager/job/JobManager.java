package io.kubesim.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * manageJob: how many pods should run, and which to create or delete to get there. Returns the
 * number of active pods once the planned creates and deletes are done.
 *
 * <p>Worked example: completions 5, parallelism 2, 3 succeeded, 1 running: 2 remain to succeed, so
 * 2 should run (at most parallelism): one pod is created. With 4 succeeded and 1 running nothing is
 * created: the one running pod is all the 1 remaining completion needs.
 */
final class JobManager {
  private final JobSync sync;
  private final Job job;

  JobManager(JobSync sync) {
    this.sync = sync;
    this.job = sync.job();
  }

  int manage() {
    List<Pod> active = sync.activePods();
    int count = active.size();
    if (JobPods.suspended(job)) {
      List<Pod> all = new ArrayList<>(active);
      all.sort(JobPods.REMOVAL_ORDER);
      sync.delete(all);
      return 0;
    }
    int wantActive = wantActive(count);
    List<Pod> remove = forRemoval(Math.max(count - wantActive, 0));
    if (remove.size() > JobPlanner.MAX_CREATE_DELETE) {
      remove = remove.subList(0, JobPlanner.MAX_CREATE_DELETE);
    }
    if (!remove.isEmpty()) {
      // deleting and creating in one sync is possible (repeated indexes); deleting goes first
      sync.delete(remove);
      return count - remove.size();
    }
    int terminating = JobPods.onlyReplaceFailedPods(job) ? sync.terminating() : 0;
    int diff = wantActive - terminating - count;
    if (diff <= 0) {
      return count;
    }
    if (!JobPods.hasBackoffLimitPerIndex(job)) {
      Duration remaining = sync.backoff().remaining(sync.now());
      if (remaining.compareTo(Duration.ZERO) > 0) {
        sync.requeue(max(remaining, JobPlanner.BATCH_PERIOD));
        return count;
      }
    }
    diff = Math.min(diff, JobPlanner.MAX_CREATE_DELETE);
    List<Integer> indexes = null;
    if (JobPods.isIndexed(job)) {
      indexes =
          IndexedJobs.firstPending(
              job, sync.pods(), active, sync.succeededIndexes(), sync.failedIndexes(), diff);
      if (JobPods.hasBackoffLimitPerIndex(job)) {
        IndexedJobs.Creatable creatable =
            IndexedJobs.creatable(indexes, sync.delayedDeletion(), sync.now());
        if (creatable.delay().compareTo(Duration.ZERO) > 0) {
          sync.requeue(max(creatable.delay(), JobPlanner.BATCH_PERIOD));
          return count;
        }
        indexes = creatable.now();
      }
      diff = indexes.size();
    }
    PodTemplateSpec template = JobPods.template(job);
    for (int i = 0; i < diff; i++) {
      int index = indexes == null ? JobPods.UNKNOWN_INDEX : indexes.get(i);
      int[] failures =
          indexes != null && JobPods.hasBackoffLimitPerIndex(job)
              ? IndexedJobs.newFailureCounts(job, sync.delayedDeletion().get(index))
              : null;
      sync.create(template, index, failures);
    }
    return count + diff;
  }

  /**
   * Without completions, parallelism pods run until one succeeds, then the running ones finish
   * alone; with completions, no more than the completions still missing.
   */
  private int wantActive(int active) {
    int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
    Integer completions = job.getSpec().getCompletions();
    if (completions == null) {
      return sync.succeeded() > 0 ? active : parallelism;
    }
    return Math.max(Math.min(completions - sync.succeeded(), parallelism), 0);
  }

  /**
   * activePodsForRemoval: an Indexed Job's pods with a repeated, missing or out-of-range index
   * first, then, in {@link JobPods#REMOVAL_ORDER}, as many as must go.
   */
  private List<Pod> forRemoval(int atLeast) {
    List<Pod> remove = new ArrayList<>();
    List<Pod> left = new ArrayList<>();
    if (JobPods.isIndexed(job)) {
      remove.addAll(IndexedJobs.duplicates(job, sync.activePods(), left));
    } else {
      left.addAll(sync.activePods());
    }
    if (remove.size() < atLeast) {
      left.sort(JobPods.REMOVAL_ORDER);
      remove.addAll(left.subList(0, atLeast - remove.size()));
    }
    return remove;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
