package io.kubesim.controllermanager.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.kubesim.controllermanager.Kube;
import java.time.Instant;
import java.util.List;

/** The Job's conditions, their types, reasons and messages (batch/v1 and job_controller.go). */
final class JobConditions {
  private JobConditions() {}

  static final String COMPLETE = "Complete";
  static final String FAILED = "Failed";
  static final String SUSPENDED = "Suspended";
  static final String FAILURE_TARGET = "FailureTarget";
  static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";

  static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
  static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  static final String POD_FAILURE_POLICY = "PodFailurePolicy";
  static final String MAX_FAILED_INDEXES_EXCEEDED = "MaxFailedIndexesExceeded";
  static final String FAILED_INDEXES = "FailedIndexes";
  static final String SUCCESS_POLICY = "SuccessPolicy";
  static final String COMPLETIONS_REACHED = "CompletionsReached";

  static JobCondition of(String type, String status, String reason, String message, Instant now) {
    String at = Kube.format(now);
    return new JobConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withLastProbeTime(at)
        .withLastTransitionTime(at)
        .withReason(reason == null || reason.isEmpty() ? null : reason)
        .withMessage(message == null || message.isEmpty() ? null : message)
        .build();
  }

  static JobCondition find(List<JobCondition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  static boolean isTrue(JobCondition c) {
    return c != null && "True".equals(c.getStatus());
  }

  static boolean isTrue(List<JobCondition> conditions, String type) {
    return isTrue(find(conditions, type));
  }

  /** util.IsJobFinished: Complete or Failed is True. */
  static boolean finished(Job job) {
    List<JobCondition> conditions =
        job.getStatus() == null ? null : job.getStatus().getConditions();
    return isTrue(conditions, COMPLETE) || isTrue(conditions, FAILED);
  }

  /**
   * ensureJobConditionStatus: sets the condition of the type to the status, reason and message (a
   * new one, with fresh times, when any of them differs); a False condition is never added where
   * none was. Returns whether the list changed.
   */
  static boolean ensure(
      List<JobCondition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Instant now) {
    JobCondition existing = find(conditions, type);
    if (existing != null) {
      if (!status.equals(existing.getStatus())
          || !nullToEmpty(reason).equals(nullToEmpty(existing.getReason()))
          || !nullToEmpty(message).equals(nullToEmpty(existing.getMessage()))) {
        conditions.set(conditions.indexOf(existing), of(type, status, reason, message, now));
        return true;
      }
      return false;
    }
    if (!status.equals("False")) {
      conditions.add(of(type, status, reason, message, now));
      return true;
    }
    return false;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
