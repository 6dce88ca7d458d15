package io.kubesim.controllermanager.job;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.kubesim.controllermanager.Kube;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Small builders for the job planner's tests: a fixed clock, jobs and pods in a few words. */
final class JobWorld {
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private JobWorld() {}

  static Instant ago(long seconds) {
    return NOW.minusSeconds(seconds);
  }

  static JobSpecBuilder job() {
    return new JobSpecBuilder();
  }

  static PodSpec pod(String name) {
    return new PodSpec(name);
  }

  /** A Job named "job" in "default", as the apiserver stores it (defaults applied). */
  static final class JobSpecBuilder {
    private final Job job;

    JobSpecBuilder() {
      job =
          new JobBuilder()
              .withNewMetadata()
              .withName("job")
              .withNamespace("default")
              .withUid("job-uid")
              .withCreationTimestamp(Kube.format(ago(3600)))
              .endMetadata()
              .withNewSpec()
              .withCompletions(1)
              .withParallelism(1)
              .withBackoffLimit(6)
              .withCompletionMode("NonIndexed")
              .withSuspend(false)
              .withPodReplacementPolicy("TerminatingOrFailed")
              .withNewSelector()
              .withMatchLabels(Map.of("batch.kubernetes.io/controller-uid", "job-uid"))
              .endSelector()
              .withNewTemplate()
              .withNewMetadata()
              .withLabels(
                  Map.of(
                      "batch.kubernetes.io/controller-uid", "job-uid",
                      "batch.kubernetes.io/job-name", "job"))
              .endMetadata()
              .withNewSpec()
              .withRestartPolicy("Never")
              .addNewContainer()
              .withName("main")
              .withImage("busybox")
              .endContainer()
              .endSpec()
              .endTemplate()
              .endSpec()
              .build();
      job.setApiVersion("batch/v1");
      job.setKind("Job");
    }

    JobSpecBuilder completions(Integer n) {
      job.getSpec().setCompletions(n);
      return this;
    }

    JobSpecBuilder parallelism(int n) {
      job.getSpec().setParallelism(n);
      return this;
    }

    JobSpecBuilder backoffLimit(int n) {
      job.getSpec().setBackoffLimit(n);
      return this;
    }

    JobSpecBuilder indexed() {
      job.getSpec().setCompletionMode("Indexed");
      return this;
    }

    JobSpecBuilder backoffLimitPerIndex(int n) {
      job.getSpec().setBackoffLimitPerIndex(n);
      job.getSpec().setBackoffLimit(Integer.MAX_VALUE);
      return this;
    }

    JobSpecBuilder maxFailedIndexes(int n) {
      job.getSpec().setMaxFailedIndexes(n);
      return this;
    }

    JobSpecBuilder suspend(boolean suspend) {
      job.getSpec().setSuspend(suspend);
      return this;
    }

    JobSpecBuilder activeDeadlineSeconds(long seconds) {
      job.getSpec().setActiveDeadlineSeconds(seconds);
      return this;
    }

    JobSpecBuilder managedBy(String controller) {
      job.getSpec().setManagedBy(controller);
      return this;
    }

    JobSpecBuilder restartPolicy(String policy) {
      job.getSpec().getTemplate().getSpec().setRestartPolicy(policy);
      return this;
    }

    JobSpecBuilder podFailurePolicy(String json) {
      job.getSpec().setPodFailurePolicy(parse(json, PodFailurePolicy.class));
      job.getSpec().setPodReplacementPolicy("Failed");
      return this;
    }

    JobSpecBuilder successPolicy(String json) {
      job.getSpec().setSuccessPolicy(parse(json, SuccessPolicy.class));
      return this;
    }

    JobSpecBuilder status(Consumer<JobStatus> change) {
      JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
      if (status.getConditions() == null) {
        status.setConditions(new ArrayList<>());
      }
      change.accept(status);
      job.setStatus(status);
      return this;
    }

    JobSpecBuilder startedSecondsAgo(long seconds) {
      return status(s -> s.setStartTime(Kube.format(ago(seconds))));
    }

    JobSpecBuilder condition(String type, String reason, String message) {
      return status(
          s -> s.getConditions().add(JobConditions.of(type, "True", reason, message, ago(5))));
    }

    JobSpecBuilder uncounted(List<String> succeeded, List<String> failed) {
      UncountedTerminatedPods uncounted = new UncountedTerminatedPods();
      uncounted.setSucceeded(succeeded);
      uncounted.setFailed(failed);
      return status(s -> s.setUncountedTerminatedPods(uncounted));
    }

    Job build() {
      return job;
    }
  }

  static <T> T parse(String json, Class<T> type) {
    return io.kubesim.core.json.Json.MAPPER.readValue(json, type);
  }

  /** A pod of the job, Running on node-1 with the tracking finalizer unless told otherwise. */
  static final class PodSpec {
    private final String name;
    private String phase = "Running";
    private boolean finalizer = true;
    private boolean ready;
    private boolean deleting;
    private Integer exitCode;
    private Instant finishedAt = ago(30);
    private int restarts;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final List<PodCondition> conditions = new ArrayList<>();
    private Instant created = ago(60);

    PodSpec(String name) {
      this.name = name;
    }

    PodSpec succeeded() {
      phase = "Succeeded";
      exitCode = 0;
      return this;
    }

    PodSpec failed(int code) {
      phase = "Failed";
      exitCode = code;
      return this;
    }

    PodSpec pending() {
      phase = "Pending";
      return this;
    }

    PodSpec finishedSecondsAgo(long seconds) {
      finishedAt = ago(seconds);
      return this;
    }

    PodSpec createdSecondsAgo(long seconds) {
      created = ago(seconds);
      return this;
    }

    PodSpec counted() {
      finalizer = false;
      return this;
    }

    PodSpec ready() {
      ready = true;
      return this;
    }

    PodSpec deleting() {
      deleting = true;
      return this;
    }

    PodSpec restarts(int n) {
      restarts = n;
      return this;
    }

    PodSpec index(int ix) {
      annotations.put(JobPods.COMPLETION_INDEX, Integer.toString(ix));
      return this;
    }

    PodSpec indexFailures(int n) {
      annotations.put(JobPods.INDEX_FAILURE_COUNT, Integer.toString(n));
      return this;
    }

    PodSpec condition(String type) {
      conditions.add(
          new PodConditionBuilder()
              .withType(type)
              .withStatus("True")
              .withLastTransitionTime(Kube.format(finishedAt))
              .build());
      return this;
    }

    Pod build() {
      List<PodCondition> all = new ArrayList<>(conditions);
      all.add(
          new PodConditionBuilder()
              .withType("Ready")
              .withStatus(ready ? "True" : "False")
              .withLastTransitionTime(Kube.format(ready ? created : finishedAt))
              .build());
      var container = new ContainerStatusBuilder().withName("main").withRestartCount(restarts);
      if (exitCode != null) {
        container
            .withNewState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withFinishedAt(Kube.format(finishedAt))
            .endTerminated()
            .endState();
      } else {
        container.withNewState().withNewRunning().endRunning().endState();
      }
      return new PodBuilder()
          .withNewMetadata()
          .withName(name)
          .withNamespace("default")
          .withUid(name)
          .withCreationTimestamp(Kube.format(created))
          .withDeletionTimestamp(deleting ? Kube.format(NOW.plusSeconds(30)) : null)
          .withDeletionGracePeriodSeconds(deleting ? 30L : null)
          .withAnnotations(annotations.isEmpty() ? null : annotations)
          .withFinalizers(finalizer ? List.of(JobPods.TRACKING_FINALIZER) : null)
          .endMetadata()
          .withNewSpec()
          .withNodeName("node-1")
          .endSpec()
          .withNewStatus()
          .withPhase(phase)
          .withConditions(all)
          .withContainerStatuses(container.build())
          .endStatus()
          .build();
    }
  }

  /** Condition types, reasons and messages of a status, compactly. */
  static List<String> conditions(JobStatus status) {
    List<String> out = new ArrayList<>();
    for (JobCondition c : status.getConditions()) {
      out.add(c.getType() + "/" + c.getStatus() + "/" + c.getReason() + ": " + c.getMessage());
    }
    return out;
  }
}
