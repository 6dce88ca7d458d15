package io.kubesim.controllermanager.ttlafterfinished;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.time.Instant;

/**
 * The TTL-after-finished controller's decision (pkg/controller/ttlafterfinished): a Job with
 * ttlSecondsAfterFinished that finished (Complete or Failed, whichever condition turned True) is
 * deleted once that many seconds have passed since, else looked at again when they will have.
 */
final class TtlPlanner {
  private TtlPlanner() {}

  /**
   * @param delete the Job has outlived its TTL
   * @param requeueAfter when it will have, or null (nothing to wait for)
   */
  record Decision(boolean delete, Duration requeueAfter) {
    static final Decision NOTHING = new Decision(false, null);
  }

  /** needsCleanup: a TTL is set and the Job is finished. */
  static boolean needsCleanup(Job job) {
    return job.getSpec() != null
        && job.getSpec().getTtlSecondsAfterFinished() != null
        && finishedAt(job) != null;
  }

  static Decision decide(Job job, Instant now) {
    if (!needsCleanup(job) || Kube.deleting(job)) {
      return Decision.NOTHING;
    }
    Instant expireAt = finishedAt(job).plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
    if (!now.isBefore(expireAt)) {
      return new Decision(true, null);
    }
    return new Decision(false, Duration.between(now, expireAt));
  }

  /** jobFinishTime: when the Complete or Failed condition became True. */
  static Instant finishedAt(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    for (JobCondition c : job.getStatus().getConditions()) {
      if (("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
          && "True".equals(c.getStatus())) {
        return Kube.time(c.getLastTransitionTime());
      }
    }
    return null;
  }
}
