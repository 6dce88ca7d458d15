package io.kubesim.apiserver.defaults;

import static io.kubesim.apiserver.defaults.Fields.Fill.plain;
import static io.kubesim.apiserver.defaults.Fields.Fill.pointer;

import tools.jackson.databind.node.ObjectNode;

/** batch/v1: k8s pkg/apis/batch/v1 defaults.go. */
final class BatchDefaults {
  private BatchDefaults() {}

  /** SetDefaults_Job. */
  static void job(ObjectNode job) {
    ObjectNode spec = Fields.ensure(job, "spec");
    if (spec == null) {
      return;
    }
    // spec.completions: 1, only when parallelism is unset as well
    if (Fields.unset(spec, "completions") && Fields.unset(spec, "parallelism")) {
      spec.put("completions", 1);
    }
    // spec.parallelism
    pointer("parallelism", 1).applyTo(spec);
    // spec.backoffLimit: 6, or MaxInt32 when backoffLimitPerIndex is set
    pointer("backoffLimit", Fields.unset(spec, "backoffLimitPerIndex") ? 6 : Integer.MAX_VALUE)
        .applyTo(spec);
    // metadata.labels: the template's labels when the job has none
    ObjectNode templateLabels = Fields.path(spec, "template.metadata.labels");
    ObjectNode metadata = Fields.ensure(job, "metadata");
    ObjectNode labels = Fields.object(metadata, "labels");
    if (templateLabels != null && metadata != null && (labels == null || labels.isEmpty())) {
      metadata.set("labels", templateLabels.deepCopy());
    }
    // spec.completionMode
    pointer("completionMode", "NonIndexed").applyTo(spec);
    // spec.suspend
    pointer("suspend", false).applyTo(spec);
    ObjectNode failurePolicy = Fields.object(spec, "podFailurePolicy");
    for (ObjectNode rule : Fields.objects(failurePolicy, "rules")) {
      for (ObjectNode pattern : Fields.objects(rule, "onPodConditions")) {
        // spec.podFailurePolicy.rules[].onPodConditions[].status
        plain("status", "True").applyTo(pattern);
      }
    }
    // spec.podReplacementPolicy: Failed with a podFailurePolicy, else TerminatingOrFailed
    pointer("podReplacementPolicy", failurePolicy != null ? "Failed" : "TerminatingOrFailed")
        .applyTo(spec);
    PodDefaults.template(spec, "template");
  }

  /**
   * SetDefaults_CronJob. The job template gets only the pod template defaults: SetDefaults_Job does
   * not run on spec.jobTemplate.spec.
   */
  static void cronJob(ObjectNode cronJob) {
    ObjectNode spec = Fields.ensure(cronJob, "spec");
    if (spec == null) {
      return;
    }
    // spec.concurrencyPolicy
    plain("concurrencyPolicy", "Allow").applyTo(spec);
    // spec.suspend
    pointer("suspend", false).applyTo(spec);
    // spec.successfulJobsHistoryLimit
    pointer("successfulJobsHistoryLimit", 3).applyTo(spec);
    // spec.failedJobsHistoryLimit
    pointer("failedJobsHistoryLimit", 1).applyTo(spec);
    PodDefaults.template(Fields.ensurePath(spec, "jobTemplate.spec"), "template");
  }
}
