package io.kubesim.controllermanager.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.kubesim.controllermanager.Kube;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CronJobPlannerTest {
  static final Instant NOON = Instant.parse("2024-05-01T12:00:00Z");

  static Instant at(String hhmmss) {
    return Instant.parse("2024-05-01T" + hhmmss + "Z");
  }

  /** The hello CronJob of the kubernetes.io "CronJob" page, created at {@code created}. */
  static CronJob hello(String created, Consumer<CronJob> change) {
    CronJob cj =
        new CronJobBuilder()
            .withNewMetadata()
            .withName("hello")
            .withNamespace("default")
            .withUid("cj-uid")
            .withCreationTimestamp(Kube.format(at(created)))
            .endMetadata()
            .withNewSpec()
            .withSchedule("* * * * *")
            .withConcurrencyPolicy("Allow")
            .withSuspend(false)
            .withSuccessfulJobsHistoryLimit(3)
            .withFailedJobsHistoryLimit(1)
            .withNewJobTemplate()
            .withNewMetadata()
            .withLabels(Map.of("team", "a"))
            .withAnnotations(Map.of("note", "x"))
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("hello")
            .withImage("busybox:1.28")
            .endContainer()
            .withRestartPolicy("OnFailure")
            .endSpec()
            .endTemplate()
            .endSpec()
            .endJobTemplate()
            .endSpec()
            .withNewStatus()
            .endStatus()
            .build();
    cj.setApiVersion("batch/v1");
    cj.setKind("CronJob");
    change.accept(cj);
    return cj;
  }

  static Consumer<CronJob> lastScheduled(String hhmmss) {
    return cj -> cj.getStatus().setLastScheduleTime(Kube.format(at(hhmmss)));
  }

  static Consumer<CronJob> active(String... names) {
    return cj -> {
      List<ObjectReference> refs = new ArrayList<>();
      for (String n : names) {
        ObjectReference r = new ObjectReference();
        r.setKind("Job");
        r.setApiVersion("batch/v1");
        r.setName(n);
        r.setNamespace("default");
        r.setUid(n);
        refs.add(r);
      }
      cj.getStatus().setActive(refs);
    };
  }

  /** A Job of hello: running unless {@code condition} is Complete or Failed. */
  static Job job(String name, String started, String condition) {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .withUid(name)
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("CronJob")
            .withName("hello")
            .withUid("cj-uid")
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withNewStatus()
            .withStartTime(started == null ? null : Kube.format(at(started)))
            .endStatus()
            .build();
    if (condition != null) {
      job.getStatus()
          .setConditions(
              List.of(new JobConditionBuilder().withType(condition).withStatus("True").build()));
      if (condition.equals("Complete")) {
        job.getStatus().setCompletionTime(Kube.format(at(started).plusSeconds(5)));
      }
    }
    return job;
  }

  record Outcome(
      List<String> deletes,
      String create,
      String status,
      List<String> events,
      List<String> unexpected,
      Duration requeue) {}

  record Case(String name, CronJob cj, List<Job> jobs, Instant now, Outcome expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Consumer<CronJob> and(Consumer<CronJob> a, Consumer<CronJob> b) {
    return a.andThen(b);
  }

  static Consumer<CronJob> spec(Consumer<io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec> c) {
    return cj -> c.accept(cj.getSpec());
  }

  static final Consumer<CronJob> AS_IS = cj -> {};

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "Before its first minute a new CronJob creates nothing and looks again at 12:01",
            hello("12:00:10", AS_IS),
            List.of(),
            at("12:00:30"),
            new Outcome(List.of(), null, "-", List.of(), List.of(), Duration.ofMillis(30_100))),
        new Case(
            "At its minute the Job is created, named by the minutes since the epoch",
            hello("12:00:10", AS_IS),
            List.of(),
            at("12:01:05"),
            new Outcome(
                List.of(),
                "hello-28576081",
                "active=[]",
                List.of(),
                List.of(),
                Duration.ofMillis(55_100))),
        new Case(
            "A time already scheduled is not scheduled twice",
            hello("11:00:00", lastScheduled("12:01:00")),
            List.of(),
            at("12:01:30"),
            new Outcome(List.of(), null, "-", List.of(), List.of(), Duration.ofMillis(30_100))),
        new Case(
            "After an hour of missed times only the most recent one is started",
            hello("11:00:00", AS_IS),
            List.of(),
            at("12:01:05"),
            new Outcome(
                List.of(),
                "hello-28576081",
                "active=[]",
                List.of(),
                List.of(),
                Duration.ofMillis(55_100))),
        new Case(
            "More than 100 missed times warn TooManyMissedTimes and still start the latest",
            hello("06:00:00", AS_IS),
            List.of(),
            at("12:01:05"),
            new Outcome(
                List.of(),
                "hello-28576081",
                "active=[]",
                List.of(
                    "Warning TooManyMissedTimes: too many missed start times. Set or decrease"
                        + " .spec.startingDeadlineSeconds or check clock skew"),
                List.of(),
                Duration.ofMillis(55_100))),
        new Case(
            "A time missed by more than startingDeadlineSeconds is not made up for",
            hello(
                "11:00:00",
                and(lastScheduled("11:58:00"), spec(s -> s.setStartingDeadlineSeconds(10L)))),
            List.of(),
            at("12:00:30"),
            new Outcome(List.of(), null, "-", List.of(), List.of(), Duration.ofMillis(30_100))),
        new Case(
            "Within startingDeadlineSeconds a late start still happens",
            hello(
                "11:00:00",
                and(lastScheduled("11:59:00"), spec(s -> s.setStartingDeadlineSeconds(60L)))),
            List.of(),
            at("12:00:30"),
            new Outcome(
                List.of(),
                "hello-28576080",
                "active=[] last=11:59:00",
                List.of(),
                List.of(),
                Duration.ofMillis(30_100))),
        new Case(
            "Forbid skips a time while the last Job runs",
            hello(
                "11:00:00",
                and(
                    and(lastScheduled("12:00:00"), active("hello-28576080")),
                    spec(s -> s.setConcurrencyPolicy("Forbid")))),
            List.of(job("hello-28576080", "12:00:01", null)),
            at("12:01:05"),
            new Outcome(
                List.of(),
                null,
                "-",
                List.of(
                    "Normal JobAlreadyActive: Not starting job because prior execution is"
                        + " running and concurrency policy is Forbid"),
                List.of(),
                Duration.ofMillis(55_100))),
        new Case(
            "Replace deletes the running Job and starts the new one",
            hello(
                "11:00:00",
                and(
                    and(lastScheduled("12:00:00"), active("hello-28576080")),
                    spec(s -> s.setConcurrencyPolicy("Replace")))),
            List.of(job("hello-28576080", "12:00:01", null)),
            at("12:01:05"),
            new Outcome(
                List.of("hello-28576080"),
                "hello-28576081",
                "active=[] last=12:00:00",
                List.of(),
                List.of(),
                Duration.ofMillis(55_100))),
        new Case(
            "Allow starts the next Job beside the running one",
            hello("11:00:00", and(lastScheduled("12:00:00"), active("hello-28576080"))),
            List.of(job("hello-28576080", "12:00:01", null)),
            at("12:01:05"),
            new Outcome(
                List.of(),
                "hello-28576081",
                "active=[hello-28576080] last=12:00:00",
                List.of(),
                List.of(),
                Duration.ofMillis(55_100))),
        new Case(
            "A finished Job leaves status.active with SawCompletedJob",
            hello("11:00:00", and(lastScheduled("12:00:00"), active("hello-28576080"))),
            List.of(job("hello-28576080", "12:00:01", "Complete")),
            at("12:00:30"),
            new Outcome(
                List.of(),
                null,
                "active=[] last=12:00:00",
                List.of(
                    "Normal SawCompletedJob: Saw completed job: hello-28576080, condition: Complete"),
                List.of(),
                Duration.ofMillis(30_100))),
        new Case(
            "A Job that completed and left status.active sets lastSuccessfulTime",
            hello("11:00:00", lastScheduled("12:00:00")),
            List.of(job("hello-28576080", "12:00:01", "Complete")),
            at("12:00:30"),
            new Outcome(
                List.of(),
                null,
                "active=[] last=12:00:00 success=12:00:06",
                List.of(),
                List.of(),
                Duration.ofMillis(30_100))),
        new Case(
            "Beyond the history limits the oldest finished Jobs are deleted",
            hello(
                "11:00:00",
                and(
                    lastScheduled("12:00:00"),
                    spec(
                        s -> {
                          s.setSuccessfulJobsHistoryLimit(1);
                          s.setFailedJobsHistoryLimit(1);
                        }))),
            List.of(
                job("ok-3", "11:58:00", "Complete"),
                job("ok-1", "11:56:00", "Complete"),
                job("ok-2", "11:57:00", "Complete"),
                job("bad-1", "11:50:00", "Failed"),
                job("bad-2", "11:51:00", "Failed")),
            at("12:00:30"),
            new Outcome(
                List.of("ok-1", "ok-2", "bad-1"),
                null,
                "active=[] last=12:00:00 success=11:58:05",
                List.of(),
                List.of(),
                Duration.ofMillis(30_100))),
        new Case(
            "A suspended CronJob creates nothing and waits for a change",
            hello("11:00:00", spec(s -> s.setSuspend(true))),
            List.of(),
            at("12:01:05"),
            new Outcome(List.of(), null, "-", List.of(), List.of(), null)),
        new Case(
            "An active Job that went missing leaves status.active",
            hello("11:00:00", and(lastScheduled("12:00:00"), active("hello-28576080"))),
            List.of(),
            at("12:00:30"),
            new Outcome(
                List.of(),
                null,
                "active=[] last=12:00:00",
                List.of("Normal MissingJob: Active job went missing: hello-28576080"),
                List.of(),
                Duration.ofMillis(30_100))),
        new Case(
            "A running Job missing from status.active is reported as unexpected",
            hello("11:00:00", lastScheduled("12:00:00")),
            List.of(job("manual", "12:00:10", null)),
            at("12:00:30"),
            new Outcome(
                List.of(),
                null,
                "-",
                List.of(
                    "Warning UnexpectedJob: Saw a job that the controller did not create or"
                        + " forgot: manual"),
                List.of("manual"),
                Duration.ofMillis(30_100))),
        new Case(
            "The schedule is read in the timeZone: 9:00 in Paris is 7:00 UTC in May",
            hello(
                "06:30:00",
                spec(
                    s -> {
                      s.setSchedule("0 9 * * *");
                      s.setTimeZone("Europe/Paris");
                    })),
            List.of(),
            at("07:00:05"),
            new Outcome(
                List.of(),
                "hello-28575780",
                "active=[]",
                List.of(),
                List.of(),
                Duration.ofMillis(86_400_000 - 5_000 + 100))),
        new Case(
            "An unknown timeZone is reported and nothing is created",
            hello("11:00:00", spec(s -> s.setTimeZone("Mars/Olympus"))),
            List.of(),
            at("12:01:05"),
            new Outcome(
                List.of(),
                null,
                "-",
                List.of(
                    "Warning UnknownTimeZone: invalid timeZone: \"Mars/Olympus\": unknown time zone"
                        + " Mars/Olympus"),
                List.of(),
                null)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void plans(Case c) {
    CronJobPlanner.Plan plan = CronJobPlanner.plan(c.cj(), c.jobs(), c.now());
    assertThat(summary(plan)).isEqualTo(c.expected());
  }

  static Outcome summary(CronJobPlanner.Plan plan) {
    List<String> events = new ArrayList<>();
    plan.events().forEach(e -> events.add(e.type() + " " + e.reason() + ": " + e.message()));
    return new Outcome(
        plan.deletes().stream().map(j -> j.getMetadata().getName()).toList(),
        plan.create() == null ? null : plan.create().getMetadata().getName(),
        status(plan.status()),
        events,
        plan.unexpected(),
        plan.requeueAfter());
  }

  static String status(CronJobStatus s) {
    if (s == null) {
      return "-";
    }
    StringBuilder out =
        new StringBuilder("active=")
            .append(s.getActive().stream().map(ObjectReference::getName).toList());
    if (s.getLastScheduleTime() != null) {
      out.append(" last=").append(s.getLastScheduleTime().substring(11, 19));
    }
    if (s.getLastSuccessfulTime() != null) {
      out.append(" success=").append(s.getLastSuccessfulTime().substring(11, 19));
    }
    return out.toString();
  }

  @Test
  void theJobCarriesTheTemplateTheScheduledTimeAndItsController() {
    CronJob cj = hello("06:30:00", spec(s -> s.setTimeZone("Europe/Paris")));
    Job job = CronJobPlanner.jobFor(cj, at("07:00:00"), java.time.ZoneId.of("Europe/Paris"));
    assertThat(job.getMetadata().getName()).isEqualTo("hello-28575780");
    assertThat(job.getMetadata().getLabels()).containsEntry("team", "a");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("note", "x")
        .containsEntry(
            "batch.kubernetes.io/cronjob-scheduled-timestamp", "2024-05-01T09:00:00+02:00");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getKind()).isEqualTo("CronJob");
              assertThat(r.getName()).isEqualTo("hello");
              assertThat(r.getController()).isTrue();
            });
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("busybox:1.28");
  }
}
