package io.kubesim.controllermanager.job;

import static io.kubesim.controllermanager.job.JobWorld.NOW;
import static io.kubesim.controllermanager.job.JobWorld.ago;
import static io.kubesim.controllermanager.job.JobWorld.job;
import static io.kubesim.controllermanager.job.JobWorld.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobPlannerTest {

  /**
   * What a plan does, compactly: pods created (by generateName), deleted and unfinalized (by name),
   * the two status writes ("-" when none), the events and the requeue.
   */
  record Outcome(
      List<String> creates,
      List<String> deletes,
      List<String> unfinalized,
      String flush,
      String status,
      List<String> events,
      Duration requeue) {}

  record Case(String name, Job job, List<Pod> pods, JobPlanner.Memory memory, Outcome expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final JobPlanner.Memory FRESH = JobPlanner.Memory.FRESH;

  private static Outcome outcome(
      List<String> creates,
      List<String> deletes,
      List<String> unfinalized,
      String flush,
      String status,
      List<String> events,
      Duration requeue) {
    return new Outcome(creates, deletes, unfinalized, flush, status, events, requeue);
  }

  private static List<Pod> pods(JobWorld.PodSpec... specs) {
    return Stream.of(specs).map(JobWorld.PodSpec::build).toList();
  }

  private static JobPlanner.Memory backoff(int failures, long secondsAgo) {
    return new JobPlanner.Memory(true, Set.of(), new Backoff(failures, ago(secondsAgo)));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "A new Job creates its first pod and writes its start time",
            job().build(),
            List.of(),
            FRESH,
            outcome(
                List.of("job-"),
                List.of(),
                List.of(),
                "active=1 ready=0 terminating=0 start=now",
                "-",
                List.of(),
                null)),
        new Case(
            "Parallelism 3 of 5 completions starts three pods",
            job().completions(5).parallelism(3).build(),
            List.of(),
            FRESH,
            outcome(
                List.of("job-", "job-", "job-"),
                List.of(),
                List.of(),
                "active=3 ready=0 terminating=0 start=now",
                "-",
                List.of(),
                null)),
        new Case(
            "With 4 of 5 completions done and one pod running, nothing more is created",
            job()
                .completions(5)
                .parallelism(2)
                .startedSecondsAgo(100)
                .status(s -> s.setSucceeded(4))
                .build(),
            pods(pod("e")),
            FRESH,
            outcome(
                List.of(),
                List.of(),
                List.of(),
                "active=1 ready=0 terminating=0 succeeded=4 start=-100s",
                "-",
                List.of(),
                null)),
        new Case(
            "A succeeded pod is listed as uncounted, loses its finalizer, then counts and completes"
                + " the Job",
            job().startedSecondsAgo(30).status(s -> s.setActive(1)).build(),
            pods(pod("a").succeeded()),
            FRESH,
            outcome(
                List.of(),
                List.of(),
                List.of("a"),
                "active=0 ready=0 terminating=0 uncounted=s:a start=-30s"
                    + " [SuccessCriteriaMet(CompletionsReached)]",
                "active=0 ready=0 terminating=0 succeeded=1 start=-30s completion=now"
                    + " [SuccessCriteriaMet(CompletionsReached), Complete(CompletionsReached)]",
                List.of("Normal Completed: Job completed"),
                null)),
        new Case(
            "A pod whose finalizer removal is not yet seen is not counted again",
            job()
                .startedSecondsAgo(30)
                .status(
                    s -> {
                      s.setSucceeded(1);
                      s.setActive(0);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a").succeeded()),
            new JobPlanner.Memory(true, Set.of("a"), Backoff.NONE),
            outcome(
                List.of(),
                List.of(),
                List.of(),
                "active=0 ready=0 terminating=0 succeeded=1 start=-30s"
                    + " [SuccessCriteriaMet(CompletionsReached)]",
                "active=0 ready=0 terminating=0 succeeded=1 start=-30s completion=now"
                    + " [SuccessCriteriaMet(CompletionsReached), Complete(CompletionsReached)]",
                List.of("Normal Completed: Job completed"),
                null)),
        new Case(
            "A failed pod that already lost its finalizer is not counted again and is replaced",
            job()
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setFailed(1);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a").failed(1).counted()),
            FRESH,
            outcome(
                List.of("job-"),
                List.of(),
                List.of(),
                "active=1 ready=0 terminating=0 failed=1 start=-60s",
                "-",
                List.of(),
                null)),
        new Case(
            "The uncounted UID of a pod that is gone is counted",
            job()
                .startedSecondsAgo(60)
                .uncounted(List.of(), List.of("x"))
                .status(
                    s -> {
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            List.of(),
            backoff(1, 30),
            outcome(
                List.of("job-"),
                List.of(),
                List.of(),
                "active=1 ready=0 terminating=0 failed=1 start=-60s",
                "-",
                List.of(),
                null)),
        new Case(
            "A failed pod is replaced only after the 10 s back-off",
            job()
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setFailed(1);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a").failed(1).counted()),
            backoff(1, 4),
            outcome(List.of(), List.of(), List.of(), "-", "-", List.of(), Duration.ofSeconds(6))),
        new Case(
            "Two failures in a row double the back-off to 20 s",
            job()
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setFailed(2);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            List.of(),
            backoff(2, 5),
            outcome(List.of(), List.of(), List.of(), "-", "-", List.of(), Duration.ofSeconds(15))),
        new Case(
            "Nine failures in a row wait the ten minute maximum",
            job()
                .backoffLimit(20)
                .startedSecondsAgo(3600)
                .status(
                    s -> {
                      s.setFailed(9);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            List.of(),
            backoff(9, 0),
            outcome(List.of(), List.of(), List.of(), "-", "-", List.of(), Duration.ofMinutes(10))),
        new Case(
            "A failure beyond backoffLimit fails the Job with BackoffLimitExceeded",
            job()
                .backoffLimit(1)
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setFailed(1);
                      s.setActive(1);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a").failed(1).counted(), pod("b").failed(1)),
            FRESH,
            outcome(
                List.of(),
                List.of(),
                List.of("b"),
                "active=0 ready=0 terminating=0 failed=1 uncounted=f:b start=-60s"
                    + " [FailureTarget(BackoffLimitExceeded)]",
                "active=0 ready=0 terminating=0 failed=2 start=-60s"
                    + " [FailureTarget(BackoffLimitExceeded), Failed(BackoffLimitExceeded)]",
                List.of(
                    "Warning BackoffLimitExceeded: Job has reached the specified backoff limit"),
                null)),
        new Case(
            "A passed active deadline deletes the running pod and fails the Job once it is gone",
            job()
                .activeDeadlineSeconds(30)
                .startedSecondsAgo(31)
                .status(
                    s -> {
                      s.setActive(1);
                      s.setReady(1);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a").ready()),
            FRESH,
            outcome(
                List.of(),
                List.of("a"),
                List.of("a"),
                "active=0 ready=0 terminating=1 uncounted=f:a start=-31s"
                    + " [FailureTarget(DeadlineExceeded)]",
                "active=0 ready=0 terminating=1 failed=1 start=-31s"
                    + " [FailureTarget(DeadlineExceeded)]",
                List.of(),
                null)),
        new Case(
            "A Job past its deadline with nothing left running is Failed with DeadlineExceeded",
            job()
                .activeDeadlineSeconds(30)
                .startedSecondsAgo(40)
                .condition(
                    "FailureTarget",
                    "DeadlineExceeded",
                    "Job was active longer than specified deadline")
                .status(
                    s -> {
                      s.setFailed(1);
                      s.setActive(0);
                      s.setReady(0);
                      s.setTerminating(1);
                    })
                .build(),
            List.of(),
            FRESH,
            outcome(
                List.of(),
                List.of(),
                List.of(),
                "active=0 ready=0 terminating=0 failed=1 start=-40s"
                    + " [FailureTarget(DeadlineExceeded)]",
                "active=0 ready=0 terminating=0 failed=1 start=-40s"
                    + " [FailureTarget(DeadlineExceeded), Failed(DeadlineExceeded)]",
                List.of("Warning DeadlineExceeded: Job was active longer than specified deadline"),
                null)),
        new Case(
            "An active deadline not reached yet brings the Job back when it is",
            job()
                .activeDeadlineSeconds(30)
                .startedSecondsAgo(10)
                .status(
                    s -> {
                      s.setActive(1);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a")),
            FRESH,
            outcome(List.of(), List.of(), List.of(), "-", "-", List.of(), Duration.ofSeconds(20))),
        new Case(
            "A FailJob rule on exit code 42 fails the Job with the rule's message",
            job()
                .completions(8)
                .parallelism(2)
                .podFailurePolicy(
                    """
                    {"rules":[{"action":"FailJob","onExitCodes":
                      {"containerName":"main","operator":"In","values":[42]}}]}""")
                .startedSecondsAgo(40)
                .status(
                    s -> {
                      s.setActive(2);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a").failed(42), pod("b")),
            FRESH,
            outcome(
                List.of(),
                List.of("b"),
                List.of("a", "b"),
                "active=0 ready=0 terminating=1 uncounted=f:a,b start=-40s"
                    + " [FailureTarget(PodFailurePolicy)]",
                "active=0 ready=0 terminating=1 failed=2 start=-40s"
                    + " [FailureTarget(PodFailurePolicy)]",
                List.of(),
                null)),
        new Case(
            "An Ignore rule on DisruptionTarget does not count the failure",
            job()
                .backoffLimit(0)
                .podFailurePolicy(
                    """
                    {"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]}]}""")
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setActive(1);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a").failed(137).finishedSecondsAgo(20).condition("DisruptionTarget")),
            FRESH,
            outcome(List.of("job-"), List.of(), List.of("a"), "-", "-", List.of(), null)),
        new Case(
            "A Count rule counts the failure towards backoffLimit",
            job()
                .backoffLimit(0)
                .podFailurePolicy(
                    """
                    {"rules":[{"action":"Count","onExitCodes":{"operator":"NotIn","values":[0]}}]}""")
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setActive(1);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a").failed(3)),
            FRESH,
            outcome(
                List.of(),
                List.of(),
                List.of("a"),
                "active=0 ready=0 terminating=0 uncounted=f:a start=-60s"
                    + " [FailureTarget(BackoffLimitExceeded)]",
                "active=0 ready=0 terminating=0 failed=1 start=-60s"
                    + " [FailureTarget(BackoffLimitExceeded), Failed(BackoffLimitExceeded)]",
                List.of(
                    "Warning BackoffLimitExceeded: Job has reached the specified backoff limit"),
                null)),
        new Case(
            "Suspending a running Job deletes its pods and adds Suspended",
            job()
                .suspend(true)
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setActive(1);
                      s.setReady(1);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a").ready()),
            FRESH,
            outcome(
                List.of(),
                List.of("a"),
                List.of(),
                "active=0 ready=0 terminating=1 start=-60s [Suspended(JobSuspended)]",
                "-",
                List.of("Normal Suspended: Job suspended"),
                null)),
        new Case(
            "A Job created suspended has no start time",
            job().suspend(true).build(),
            List.of(),
            FRESH,
            outcome(
                List.of(),
                List.of(),
                List.of(),
                "active=0 ready=0 terminating=0 [Suspended(JobSuspended)]",
                "-",
                List.of("Normal Suspended: Job suspended"),
                null)),
        new Case(
            "Resuming a Job starts its clock again and creates its pod",
            job()
                .startedSecondsAgo(600)
                .condition("Suspended", "JobSuspended", "Job suspended")
                .status(
                    s -> {
                      s.setActive(0);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            List.of(),
            FRESH,
            outcome(
                List.of("job-"),
                List.of(),
                List.of(),
                "active=1 ready=0 terminating=0 start=now [Suspended/False(JobResumed)]",
                "-",
                List.of("Normal Resumed: Job resumed"),
                null)),
        new Case(
            "While creations are not seen yet a sync creates nothing",
            job().completions(3).parallelism(3).startedSecondsAgo(1).build(),
            pods(pod("a")),
            new JobPlanner.Memory(false, Set.of(), Backoff.NONE),
            outcome(
                List.of(),
                List.of(),
                List.of(),
                "active=1 ready=0 terminating=0 start=-1s",
                "-",
                List.of(),
                null)),
        new Case(
            "A Job managed by another controller is left to it",
            job().managedBy("example.com/multikueue").build(),
            List.of(),
            FRESH,
            outcome(List.of(), List.of(), List.of(), "-", "-", List.of(), null)),
        new Case(
            "A Job already Complete is left alone",
            job().condition("Complete", "CompletionsReached", "done").build(),
            pods(pod("a").succeeded()),
            FRESH,
            outcome(List.of(), List.of(), List.of(), "-", "-", List.of(), null)),
        new Case(
            "Without completions one success lets the running pods finish alone",
            job()
                .completions(null)
                .parallelism(2)
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setActive(2);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a").succeeded(), pod("b")),
            FRESH,
            outcome(
                List.of(),
                List.of(),
                List.of("a"),
                "active=1 ready=0 terminating=0 uncounted=s:a start=-60s",
                "active=1 ready=0 terminating=0 succeeded=1 start=-60s",
                List.of(),
                null)),
        new Case(
            "OnFailure container restarts reaching backoffLimit fail the Job",
            job()
                .restartPolicy("OnFailure")
                .backoffLimit(2)
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setActive(1);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("a").restarts(2)),
            FRESH,
            outcome(
                List.of(),
                List.of("a"),
                List.of("a"),
                "active=0 ready=0 terminating=1 uncounted=f:a start=-60s"
                    + " [FailureTarget(BackoffLimitExceeded)]",
                "active=0 ready=0 terminating=1 failed=1 start=-60s"
                    + " [FailureTarget(BackoffLimitExceeded)]",
                List.of(),
                null)),
        new Case(
            "Lowering parallelism deletes the surplus, the pod not yet running first",
            job()
                .completions(4)
                .parallelism(1)
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setActive(2);
                      s.setReady(1);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("running").ready(), pod("pending").pending()),
            FRESH,
            outcome(
                List.of(),
                List.of("pending"),
                List.of(),
                "active=1 ready=1 terminating=1 start=-60s",
                "-",
                List.of(),
                null)),
        new Case(
            "An Indexed Job creates a pod per lowest pending index",
            job().indexed().completions(3).parallelism(2).build(),
            List.of(),
            FRESH,
            outcome(
                List.of("job-0-", "job-1-"),
                List.of(),
                List.of(),
                "active=2 ready=0 terminating=0 start=now",
                "-",
                List.of(),
                null)),
        new Case(
            "An Indexed Job records a succeeded index in completedIndexes and starts the next",
            job()
                .indexed()
                .completions(4)
                .parallelism(2)
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setCompletedIndexes("3");
                      s.setSucceeded(1);
                      s.setActive(2);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("p0").index(0).succeeded(), pod("p1").index(1)),
            FRESH,
            outcome(
                List.of("job-2-"),
                List.of(),
                List.of("p0"),
                "active=2 ready=0 terminating=0 succeeded=2 completed=0,3 start=-60s",
                "-",
                List.of(),
                null)),
        new Case(
            "An Indexed Job keeps one pod of a repeated index and deletes the other",
            job()
                .indexed()
                .completions(2)
                .parallelism(2)
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setActive(3);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(
                pod("old").index(0).createdSecondsAgo(50),
                pod("new").index(0).createdSecondsAgo(10),
                pod("one").index(1)),
            FRESH,
            outcome(
                List.of(),
                List.of("new"),
                List.of(),
                "active=2 ready=0 terminating=1 start=-60s",
                "-",
                List.of(),
                null)),
        new Case(
            "backoffLimitPerIndex retries a failed index, carrying its failure count, and keeps the"
                + " failed pod until then",
            job()
                .indexed()
                .completions(1)
                .backoffLimitPerIndex(2)
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setActive(1);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("p0").index(0).indexFailures(0).failed(1).finishedSecondsAgo(20)),
            FRESH,
            outcome(
                List.of("job-0-"),
                List.of(),
                List.of(),
                "active=1 ready=0 terminating=0 failedIndexes= start=-60s",
                "-",
                List.of(),
                null)),
        new Case(
            "backoffLimitPerIndex fails the Job once every index either succeeded or failed",
            job()
                .indexed()
                .completions(2)
                .parallelism(2)
                .backoffLimitPerIndex(1)
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setActive(2);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("p0").index(0).succeeded(), pod("p1").index(1).indexFailures(1).failed(1)),
            FRESH,
            outcome(
                List.of(),
                List.of(),
                List.of("p0", "p1"),
                "active=0 ready=0 terminating=0 succeeded=1 uncounted=f:p1 completed=0"
                    + " failedIndexes=1 start=-60s [FailureTarget(FailedIndexes)]",
                "active=0 ready=0 terminating=0 succeeded=1 failed=1 completed=0 failedIndexes=1"
                    + " start=-60s [FailureTarget(FailedIndexes), Failed(FailedIndexes)]",
                List.of("Warning FailedIndexes: Job has failed indexes"),
                null)),
        new Case(
            "A success policy met by index 0 ends the Job and deletes the rest, not counting them as"
                + " failures",
            job()
                .indexed()
                .completions(3)
                .parallelism(3)
                .successPolicy("{\"rules\":[{\"succeededIndexes\":\"0\"}]}")
                .startedSecondsAgo(60)
                .status(
                    s -> {
                      s.setActive(3);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            pods(pod("p0").index(0).succeeded(), pod("p1").index(1), pod("p2").index(2)),
            FRESH,
            outcome(
                List.of(),
                List.of("p1", "p2"),
                List.of("p0", "p1", "p2"),
                "active=0 ready=0 terminating=2 succeeded=1 completed=0 start=-60s"
                    + " [SuccessCriteriaMet(SuccessPolicy)]",
                "-",
                List.of(),
                null)),
        new Case(
            "A Job that met its success criteria becomes Complete once nothing terminates",
            job()
                .startedSecondsAgo(60)
                .condition(
                    "SuccessCriteriaMet",
                    "CompletionsReached",
                    "Reached expected number of succeeded pods")
                .status(
                    s -> {
                      s.setSucceeded(1);
                      s.setActive(0);
                      s.setReady(0);
                      s.setTerminating(0);
                    })
                .build(),
            List.of(),
            FRESH,
            outcome(
                List.of(),
                List.of(),
                List.of(),
                "-",
                "active=0 ready=0 terminating=0 succeeded=1 start=-60s completion=now"
                    + " [SuccessCriteriaMet(CompletionsReached), Complete(CompletionsReached)]",
                List.of("Normal Completed: Job completed"),
                null)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void plans(Case c) {
    JobPlanner.Plan plan = JobPlanner.plan(c.job(), c.pods(), NOW, c.memory());
    assertThat(summary(plan)).isEqualTo(c.expected());
  }

  @org.junit.jupiter.api.Test
  void aNewJobsStatusIsWrittenWithTheFieldsTheRealControllerSets() {
    JobPlanner.Plan plan = JobPlanner.plan(job().build(), List.of(), NOW);
    assertThat(io.kubesim.core.client.ApiClient.tree(plan.flush()).toString())
        .isEqualTo(
            "{\"active\":1,\"ready\":0,\"startTime\":\"2024-05-01T12:00:00Z\","
                + "\"terminating\":0,\"uncountedTerminatedPods\":{}}");
  }

  static Outcome summary(JobPlanner.Plan plan) {
    List<String> events = new ArrayList<>();
    plan.events().forEach(e -> events.add(e.type() + " " + e.reason() + ": " + e.message()));
    return new Outcome(
        plan.creates().stream().map(p -> p.getMetadata().getGenerateName()).toList(),
        plan.deletes().stream().map(p -> p.getMetadata().getName()).toList(),
        plan.removeFinalizers().stream().map(p -> p.getMetadata().getName()).toList(),
        status(plan.flush()),
        status(plan.status()),
        events,
        plan.requeueAfter());
  }

  static String status(JobStatus s) {
    if (s == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder();
    out.append("active=").append(s.getActive());
    out.append(" ready=").append(s.getReady());
    out.append(" terminating=").append(s.getTerminating());
    if (Kube.orZero(s.getSucceeded()) > 0) {
      out.append(" succeeded=").append(s.getSucceeded());
    }
    if (Kube.orZero(s.getFailed()) > 0) {
      out.append(" failed=").append(s.getFailed());
    }
    var uncounted = s.getUncountedTerminatedPods();
    if (uncounted.getSucceeded() != null && !uncounted.getSucceeded().isEmpty()) {
      out.append(" uncounted=s:").append(String.join(",", uncounted.getSucceeded()));
    }
    if (uncounted.getFailed() != null && !uncounted.getFailed().isEmpty()) {
      out.append(" uncounted=f:").append(String.join(",", uncounted.getFailed()));
    }
    if (s.getCompletedIndexes() != null) {
      out.append(" completed=").append(s.getCompletedIndexes());
    }
    if (s.getFailedIndexes() != null) {
      out.append(" failedIndexes=").append(s.getFailedIndexes());
    }
    if (s.getStartTime() != null) {
      out.append(" start=").append(relative(Kube.time(s.getStartTime())));
    }
    if (s.getCompletionTime() != null) {
      out.append(" completion=").append(relative(Kube.time(s.getCompletionTime())));
    }
    if (!s.getConditions().isEmpty()) {
      List<String> conditions = new ArrayList<>();
      for (JobCondition c : s.getConditions()) {
        conditions.add(
            c.getType()
                + ("True".equals(c.getStatus()) ? "" : "/" + c.getStatus())
                + "("
                + c.getReason()
                + ")");
      }
      out.append(" ").append(conditions);
    }
    return out.toString();
  }

  private static String relative(Instant at) {
    long seconds = Duration.between(NOW, at).getSeconds();
    return seconds == 0 ? "now" : seconds + "s";
  }
}
