package io.kubesim.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** indexed_job_utils.go and success_policy.go: what is particular to completionMode Indexed. */
final class IndexedJobs {
  private IndexedJobs() {}

  /** Indexes of the pods that have one. */
  static Set<Integer> indexes(List<Pod> pods) {
    Set<Integer> result = new TreeSet<>();
    for (Pod p : pods) {
      int ix = JobPods.completionIndex(p);
      if (ix != JobPods.UNKNOWN_INDEX) {
        result.add(ix);
      }
    }
    return result;
  }

  /**
   * Indexes that succeeded: status.completedIndexes plus the uncounted succeeded pods (those still
   * holding the finalizer) with a valid index.
   */
  static IndexSet succeeded(Job job, List<Pod> pods) {
    IndexSet previous =
        IndexSet.parse(
            job.getStatus() == null ? null : job.getStatus().getCompletedIndexes(),
            JobPods.completions(job));
    List<Integer> added = new ArrayList<>();
    for (Pod p : pods) {
      if ("Succeeded".equals(p.getStatus() == null ? null : p.getStatus().getPhase())
          && JobPods.validIndex(job, p)
          && JobPods.hasTrackingFinalizer(p)) {
        added.add(JobPods.completionIndex(p));
      }
    }
    return previous.with(added);
  }

  /** calculateFailedIndexes: status.failedIndexes plus indexes that just ran out of retries. */
  static IndexSet failed(Job job, List<Pod> pods) {
    String previous = job.getStatus() == null ? null : job.getStatus().getFailedIndexes();
    List<Integer> added = new ArrayList<>();
    for (Pod p : pods) {
      if (JobPods.validIndex(job, p) && JobPods.hasTrackingFinalizer(p) && isIndexFailed(job, p)) {
        added.add(JobPods.completionIndex(p));
      }
    }
    return IndexSet.parse(previous, JobPods.completions(job)).with(added);
  }

  /**
   * isIndexFailed: a FailIndex rule matched, or the pod's counted failure was the last one its
   * index may have (its failure count annotation reached backoffLimitPerIndex).
   */
  private static boolean isIndexFailed(Job job, Pod pod) {
    if (!JobPods.isFailed(pod, job)) {
      return false;
    }
    boolean counts = true;
    if (job.getSpec().getPodFailurePolicy() != null) {
      PodFailurePolicies.Match m =
          PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), pod);
      if ("FailIndex".equals(m.action())) {
        return true;
      }
      counts = m.counts();
    }
    return counts && JobPods.indexFailureCount(pod) >= job.getSpec().getBackoffLimitPerIndex();
  }

  /**
   * getPodsWithDelayedDeletionPerIndex: per index that is neither done nor running, its last failed
   * pod, kept (finalizer and all) until its replacement exists, so the replacement can carry the
   * index's failure count on.
   */
  static Map<Integer, Pod> delayedDeletion(
      Job job,
      List<Pod> pods,
      List<Pod> active,
      IndexSet succeeded,
      IndexSet failed,
      Set<String> expectedRemovals) {
    Set<Integer> activeIndexes = indexes(active);
    Map<Integer, Pod> result = new HashMap<>();
    for (Pod p : pods) {
      if (!JobPods.hasTrackingFinalizer(p)
          || expectedRemovals.contains(JobPods.uid(p))
          || !JobPods.validIndex(job, p)
          || !JobPods.isFailed(p, job)) {
        continue;
      }
      int ix = JobPods.completionIndex(p);
      if (succeeded.has(ix) || failed.has(ix) || activeIndexes.contains(ix)) {
        continue;
      }
      Pod last = result.get(ix);
      if (last == null
          || (absoluteFailures(last) <= absoluteFailures(p)
              && !JobPods.finishedTime(p).isBefore(JobPods.finishedTime(last)))) {
        result.put(ix, p);
      }
    }
    return result;
  }

  static int absoluteFailures(Pod pod) {
    return JobPods.indexFailureCount(pod) + JobPods.indexIgnoredFailureCount(pod);
  }

  /**
   * getNewIndexFailureCounts: the failure and ignored-failure counts a replacement of {@code
   * replaced} carries; {0, 0} for an index's first pod.
   */
  static int[] newFailureCounts(Job job, Pod replaced) {
    if (replaced == null) {
      return new int[] {0, 0};
    }
    int failures = JobPods.indexFailureCount(replaced);
    int ignored = JobPods.indexIgnoredFailureCount(replaced);
    boolean counts =
        job.getSpec().getPodFailurePolicy() == null
            || PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), replaced).counts();
    return counts ? new int[] {failures + 1, ignored} : new int[] {failures, ignored + 1};
  }

  /**
   * The indexes whose per-index back-off is over, or, when none is, the shortest wait among them
   * (getPodCreationInfoForIndependentIndexes).
   */
  record Creatable(List<Integer> now, Duration delay) {}

  static Creatable creatable(List<Integer> candidates, Map<Integer, Pod> delayed, Instant now) {
    List<Integer> ready = new ArrayList<>();
    Duration shortest = null;
    for (int ix : candidates) {
      Pod last = delayed.get(ix);
      Duration remaining =
          last == null
              ? Duration.ZERO
              : Backoff.remaining(absoluteFailures(last) + 1, JobPods.finishedTime(last), now);
      if (remaining.isZero()) {
        ready.add(ix);
      } else if (shortest == null || remaining.compareTo(shortest) < 0) {
        shortest = remaining;
      }
    }
    return new Creatable(ready, ready.isEmpty() && shortest != null ? shortest : Duration.ZERO);
  }

  /**
   * firstPendingIndexes: the lowest {@code count} indexes below completions that no active pod
   * holds, that did not succeed or fail, and (podReplacementPolicy Failed) that no terminating pod
   * holds.
   */
  static List<Integer> firstPending(
      Job job, List<Pod> pods, List<Pod> active, IndexSet succeeded, IndexSet failed, int count) {
    if (count == 0) {
      return List.of();
    }
    IndexSet nonPending = succeeded.with(indexes(active));
    if (JobPods.onlyReplaceFailedPods(job)) {
      nonPending = nonPending.with(indexes(pods.stream().filter(JobPods::isTerminating).toList()));
    }
    if (failed != null) {
      nonPending = nonPending.merge(failed);
    }
    List<Integer> result = new ArrayList<>();
    int completions = JobPods.completions(job);
    for (int candidate = 0; candidate < completions && result.size() < count; candidate++) {
      if (!nonPending.has(candidate)) {
        result.add(candidate);
      }
    }
    return result;
  }

  /**
   * The active pods to remove of an Indexed Job before any other: pods without an index or with one
   * beyond completions, and all but one pod of a repeated index (the one that would go last). The
   * rest are returned in {@code left}.
   */
  static List<Pod> duplicates(Job job, List<Pod> active, List<Pod> left) {
    Map<Integer, List<Pod>> byIndex = new TreeMap<>();
    for (Pod p : active) {
      byIndex.computeIfAbsent(JobPods.completionIndex(p), k -> new ArrayList<>()).add(p);
    }
    List<Pod> remove = new ArrayList<>();
    int completions = JobPods.completions(job);
    for (Map.Entry<Integer, List<Pod>> e : byIndex.entrySet()) {
      List<Pod> same = new ArrayList<>(e.getValue());
      if (e.getKey() == JobPods.UNKNOWN_INDEX || e.getKey() >= completions) {
        remove.addAll(same);
      } else if (same.size() == 1) {
        left.add(same.get(0));
      } else {
        same.sort(JobPods.REMOVAL_ORDER);
        remove.addAll(same.subList(0, same.size() - 1));
        left.add(same.get(same.size() - 1));
      }
    }
    return remove;
  }

  /**
   * matchSuccessPolicy: the first rule met by the succeeded indexes gives the message "Matched
   * rules at index N"; null when none is (or there is no policy).
   */
  static String matchSuccessPolicy(SuccessPolicy policy, int completions, IndexSet succeeded) {
    if (policy == null || policy.getRules() == null || succeeded.isEmpty()) {
      return null;
    }
    List<SuccessPolicyRule> rules = policy.getRules();
    for (int index = 0; index < rules.size(); index++) {
      SuccessPolicyRule rule = rules.get(index);
      Integer count = rule.getSucceededCount();
      if (rule.getSucceededIndexes() != null) {
        IndexSet required = IndexSet.parse(rule.getSucceededIndexes(), completions);
        if (required.isEmpty()) {
          continue;
        }
        int contained = 0;
        for (IndexSet.Interval i : required.intervals()) {
          for (int ix = i.first(); ix <= i.last(); ix++) {
            contained += succeeded.has(ix) ? 1 : 0;
          }
        }
        if (contained == required.total() || (count != null && contained >= count)) {
          return "Matched rules at index " + index;
        }
      } else if (count != null && succeeded.total() >= count) {
        return "Matched rules at index " + index;
      }
    }
    return null;
  }

  /** Pods ordered by completion index (unknown first), for counting indexes in order. */
  static List<Pod> byIndex(List<Pod> pods) {
    List<Pod> sorted = new ArrayList<>(pods);
    sorted.sort(Comparator.comparingInt(JobPods::completionIndex));
    return sorted;
  }
}
