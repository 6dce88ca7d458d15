package io.kubesim.controllermanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.controllermanager.ControllerManager;
import io.kubesim.controllermanager.cronjob.CronJobController;
import io.kubesim.controllermanager.garbagecollector.GarbageCollector;
import io.kubesim.controllermanager.job.JobController;
import io.kubesim.controllermanager.ttlafterfinished.TtlAfterFinishedController;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import io.kubesim.scheduler.SchedulerComponent;
import io.kubesim.scheduler.SchedulerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs and CronJobs through the real kubectl, on a small cluster in one JVM: the test apiserver,
 * the job, cronjob, TTL-after-finished and garbage collector controllers, the scheduler and one
 * real simulated node (kubelet-sim), whose containers end and write logs. The docs' pi Job and
 * hello CronJob are applied unmodified. The CronJob controller runs on a clock set ahead so that a
 * minute boundary comes a few seconds after the CronJob is created.
 */
class JobIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String NODE = "job-worker";

  /** The example of the kubernetes.io "Jobs" concept page, unmodified. */
  private static final String PI =
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: pi
      spec:
        template:
          spec:
            containers:
            - name: pi
              image: perl:5.34.0
              command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
            restartPolicy: Never
        backoffLimit: 4
      """;

  /** The example of the kubernetes.io "CronJob" concept page, unmodified. */
  private static final String HELLO =
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: hello
      spec:
        schedule: "* * * * *"
        jobTemplate:
          spec:
            template:
              spec:
                containers:
                - name: hello
                  image: busybox:1.28
                  imagePullPolicy: IfNotPresent
                  command:
                  - /bin/sh
                  - -c
                  - date; echo Hello from the Kubernetes cluster
                restartPolicy: OnFailure
      """;

  private static Vertx vertx;
  private static ApiClient api;
  private static KubernetesClient client;
  private static Kubectl kubectl;
  private static final List<Component.Running> running = new ArrayList<>();
  private static final ShiftedClock cronClock = new ShiftedClock();

  /** The system clock plus an offset a test may set. */
  static final class ShiftedClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = TestCluster.server().cluster().vertx();
    api = new ApiClient(new BusApiClient(vertx, 30_000));
    client = TestCluster.client();
    kubectl = new Kubectl();
    List<NodeConfig> nodes =
        NodeConfig.fromEnv(Map.of("KUBESIM_NODES", NODE, "KUBESIM_NODE_IP", "127.0.0.1"), NODE);
    running.add(
        ControllerManagerIT.get(
            new Kubelet(nodes, Clock.systemUTC(), Duration.ofMinutes(5))
                .start(vertx, api, Metrics.newRegistry())));
    MeterRegistry registry = Metrics.newRegistry();
    ControllerManager cm =
        new ControllerManager(
            new ControllerManager.Options(
                LeaderElectionConfig.defaults(
                        ControllerManager.LEASE_NAME, "job_" + UUID.randomUUID())
                    .withDurations(
                        Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(500)),
                Duration.ofSeconds(10),
                Clock.systemUTC(),
                null),
            List.of(
                JobController::new,
                ctx -> new CronJobController(ctx, cronClock),
                TtlAfterFinishedController::new,
                GarbageCollector::new));
    Promise<Component.Running> started = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(v -> cm.start(vertx, api, registry).onComplete(started));
    running.add(ControllerManagerIT.get(started.future()));
    await().atMost(WAIT).until(() -> ControllerManagerIT.master(registry) == 1);
    running.add(
        ControllerManagerIT.get(
            new SchedulerComponent(
                    SchedulerConfig.fromEnv(Map.of())
                        .withLeaderElection(
                            LeaderElectionConfig.defaults(
                                    SchedulerConfig.LEASE_NAME, SchedulerConfig.identity())
                                .withDurations(
                                    Duration.ofSeconds(4),
                                    Duration.ofSeconds(3),
                                    Duration.ofMillis(500))))
                .start(vertx, api, Metrics.newRegistry())));
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      ControllerManagerIT.get(running.get(i).stop());
    }
    ControllerManagerIT.get(api.delete(ResourcePath.NODES.item(null, NODE)).otherwiseEmpty());
    if (client != null) {
      client.close();
    }
  }

  private static String namespace(String prefix) {
    String ns = "job-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    kubectl.ok("create", "namespace", ns);
    return ns;
  }

  private static void apply(String ns, String yaml) throws Exception {
    Path file = Files.createTempFile("job", ".yaml");
    Files.writeString(file, yaml);
    kubectl.ok("apply", "-n", ns, "-f", file.toString());
    Files.delete(file);
  }

  private static Job job(String ns, String name) {
    return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  private static List<Pod> pods(String ns) {
    return client.pods().inNamespace(ns).list().getItems();
  }

  private static JobCondition condition(Job job, String type) {
    return job.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void thePiJobRunsToCompletionAndItsLogShowsPi() throws Exception {
    String ns = namespace("pi");
    apply(ns, PI);
    assertThat(
            kubectl
                .ok("wait", "--for=condition=complete", "job/pi", "-n", ns, "--timeout=60s")
                .stdout())
        .contains("job.batch/pi condition met");
    assertThat(kubectl.ok("logs", "job/pi", "-n", ns).stdout())
        .startsWith("3.14159265358979323846264338327950288419716939937510")
        .contains("908658326459958133904780275901\n");
    assertThat(kubectl.ok("get", "jobs", "-n", ns).stdout())
        .containsPattern("NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE")
        .containsPattern("pi\\s+Complete\\s+1/1\\s+\\d+s\\s+\\d+s");

    Job pi = job(ns, "pi");
    assertThat(pi.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(pi.getStatus().getActive()).isZero();
    assertThat(pi.getStatus().getUncountedTerminatedPods().getSucceeded()).isNullOrEmpty();
    assertThat(pi.getStatus().getCompletionTime()).isNotNull();
    assertThat(condition(pi, "SuccessCriteriaMet").getReason()).isEqualTo("CompletionsReached");
    assertThat(condition(pi, "Complete").getMessage())
        .isEqualTo("Reached expected number of succeeded pods");
    assertThat(pods(ns))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getMetadata().getName()).startsWith("pi-");
              assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
              assertThat(p.getMetadata().getFinalizers()).isNullOrEmpty(); // counted
            });
    assertThat(kubectl.ok("describe", "job", "pi", "-n", ns).stdout())
        .containsPattern("Normal\\s+SuccessfulCreate\\s+\\S+\\s+job-controller\\s+Created pod: pi-")
        .containsPattern("Normal\\s+Completed\\s+\\S+\\s+job-controller\\s+Job completed")
        .containsPattern("Pods Statuses:\\s+0 Active \\(0 Ready\\) / 1 Succeeded / 0 Failed");
  }

  @Test
  void anIndexedJobRunsOnePodPerIndexAndRecordsTheCompletedIndexes() throws Exception {
    String ns = namespace("indexed");
    apply(
        ns,
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: indexed
        spec:
          completions: 3
          parallelism: 3
          completionMode: Indexed
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: worker
                image: busybox:1.28
                command: ["sh", "-c", "echo working; sleep 1"]
        """);
    kubectl.ok("wait", "--for=condition=complete", "job/indexed", "-n", ns, "--timeout=60s");
    Job job = job(ns, "indexed");
    assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0-2");
    assertThat(job.getStatus().getSucceeded()).isEqualTo(3);
    assertThat(kubectl.ok("get", "job", "indexed", "-n", ns).stdout())
        .containsPattern("indexed\\s+Complete\\s+3/3");
    List<Pod> pods = new ArrayList<>(pods(ns));
    pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
    assertThat(pods).hasSize(3);
    for (int i = 0; i < 3; i++) {
      Pod p = pods.get(i);
      String index = Integer.toString(i);
      assertThat(p.getMetadata().getName()).startsWith("indexed-" + i + "-");
      assertThat(p.getMetadata().getAnnotations())
          .containsEntry("batch.kubernetes.io/job-completion-index", index);
      assertThat(p.getMetadata().getLabels())
          .containsEntry("batch.kubernetes.io/job-completion-index", index);
      assertThat(p.getSpec().getHostname()).isEqualTo("indexed-" + i);
      assertThat(p.getSpec().getContainers().get(0).getEnv())
          .anySatisfy(e -> assertThat(e.getName()).isEqualTo("JOB_COMPLETION_INDEX"));
    }
  }

  @Test
  void aFailingJobIsRetriedAfterTheBackOffAndFailsWithBackoffLimitExceeded() throws Exception {
    String ns = namespace("fail");
    apply(
        ns,
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: fail
        spec:
          backoffLimit: 1
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: fail
                image: busybox:1.28
                command: ["sh", "-c", "echo failing; exit 1"]
        """);
    kubectl.ok("wait", "--for=condition=failed", "job/fail", "-n", ns, "--timeout=90s");
    Job job = job(ns, "fail");
    assertThat(job.getStatus().getFailed()).isEqualTo(2);
    assertThat(condition(job, "FailureTarget").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(condition(job, "Failed").getMessage())
        .isEqualTo("Job has reached the specified backoff limit");
    assertThat(kubectl.ok("get", "job", "fail", "-n", ns).stdout())
        .containsPattern("fail\\s+Failed\\s+0/1");
    assertThat(kubectl.ok("describe", "job", "fail", "-n", ns).stdout())
        .containsPattern(
            "Warning\\s+BackoffLimitExceeded\\s+\\S+\\s+job-controller\\s+Job has reached the"
                + " specified backoff limit");
    List<Pod> pods = new ArrayList<>(pods(ns));
    pods.sort(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()));
    assertThat(pods)
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Failed"));
    Instant firstFailed =
        Instant.parse(
            pods.get(0)
                .getStatus()
                .getContainerStatuses()
                .get(0)
                .getState()
                .getTerminated()
                .getFinishedAt());
    Instant secondCreated = Instant.parse(pods.get(1).getMetadata().getCreationTimestamp());
    // the 10 s back-off, with the seconds the timestamps are rounded to
    assertThat(Duration.between(firstFailed, secondCreated))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void aFinishedJobWithATtlIsDeletedWithItsPods() throws Exception {
    String ns = namespace("ttl");
    apply(
        ns,
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: short
        spec:
          ttlSecondsAfterFinished: 2
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: c
                image: busybox:1.28
                command: ["sh", "-c", "echo done"]
        """);
    await()
        .atMost(WAIT)
        .until(
            () ->
                job(ns, "short") != null
                    && job(ns, "short").getStatus() != null
                    && job(ns, "short").getStatus().getCompletionTime() != null);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(job(ns, "short")).isNull();
              assertThat(pods(ns)).isEmpty();
            });
  }

  @Test
  void deletingARunningJobTakesItsPodsAndTheirFinalizersWithIt() throws Exception {
    String ns = namespace("delete");
    apply(
        ns,
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: sleeper
        spec:
          template:
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 2
              containers:
              - name: c
                image: busybox:1.28
                command: ["sh", "-c", "sleep 300"]
        """);
    await()
        .atMost(WAIT)
        .until(() -> pods(ns).stream().anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
    assertThat(pods(ns).get(0).getMetadata().getFinalizers())
        .containsExactly("batch.kubernetes.io/job-tracking");
    kubectl.ok("delete", "job", "sleeper", "-n", ns);
    await().atMost(WAIT).untilAsserted(() -> assertThat(pods(ns)).isEmpty());
  }

  @Test
  void theHelloCronJobCreatesItsJobAtTheMinuteAndCreateJobFromItWorks() throws Exception {
    String ns = namespace("cron");
    // the controller's clock runs ahead to 5 s before the next minute boundary; no boundary may
    // lie between the real time (the CronJob's creationTimestamp) and the controller's time, or
    // the controller would count it a missed schedule and start a Job at once
    Duration margin = Duration.ofSeconds(5);
    Instant now = Instant.now();
    Duration toBoundary =
        Duration.between(
            now, now.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
    if (toBoundary.compareTo(margin.plusSeconds(2)) < 0) {
      Instant boundary = now.plus(toBoundary); // too close: start after it
      await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(boundary));
      now = Instant.now();
      toBoundary =
          Duration.between(
              now, now.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
    }
    cronClock.offset = toBoundary.minus(margin);
    Instant created = Instant.now();
    apply(ns, HELLO);
    String cronJobs = kubectl.ok("get", "cronjobs", "-n", ns).stdout();
    assertThat(cronJobs)
        .containsPattern(
            "NAME\\s+SCHEDULE\\s+TIMEZONE\\s+SUSPEND\\s+ACTIVE\\s+LAST SCHEDULE\\s+AGE")
        .containsPattern("hello\\s+\\* \\* \\* \\* \\*\\s+<none>\\s+False\\s+0\\s+<none>");

    Instant expectedTime =
        created
            .plus(cronClock.offset)
            .plusSeconds(60)
            .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    String jobName = "hello-" + expectedTime.getEpochSecond() / 60;
    await().atMost(Duration.ofSeconds(40)).until(() -> job(ns, jobName) != null);
    Job first = job(ns, jobName);
    assertThat(first.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("CronJob");
    assertThat(first.getMetadata().getAnnotations())
        .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", expectedTime.toString());
    kubectl.ok("wait", "--for=condition=complete", "job/" + jobName, "-n", ns, "--timeout=60s");
    assertThat(kubectl.ok("logs", "job/" + jobName, "-n", ns).stdout())
        .containsPattern(
            "[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d UTC "
                + java.time.Year.now(ZoneId.of("UTC"))
                + "\n")
        .contains("Hello from the Kubernetes cluster\n");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              CronJob cj = client.batch().v1().cronjobs().inNamespace(ns).withName("hello").get();
              assertThat(cj.getStatus().getActive()).isNullOrEmpty();
              assertThat(Instant.parse(cj.getStatus().getLastScheduleTime()))
                  .isEqualTo(expectedTime);
              assertThat(cj.getStatus().getLastSuccessfulTime()).isNotNull();
            });
    assertThat(kubectl.ok("describe", "cronjob", "hello", "-n", ns).stdout())
        .containsPattern(
            "Normal\\s+SuccessfulCreate\\s+\\S+\\s+cronjob-controller\\s+Created job " + jobName)
        .containsPattern(
            "Normal\\s+SawCompletedJob\\s+\\S+\\s+cronjob-controller\\s+Saw completed job: "
                + jobName
                + ", condition: Complete");

    kubectl.ok("create", "job", "--from=cronjob/hello", "hello-manual", "-n", ns);
    Job manual = job(ns, "hello-manual");
    assertThat(manual.getMetadata().getAnnotations())
        .containsEntry("cronjob.kubernetes.io/instantiate", "manual");
    assertThat(
            kubectl
                .ok(
                    "wait",
                    "--for=condition=complete",
                    "job/hello-manual",
                    "-n",
                    ns,
                    "--timeout=60s")
                .stdout())
        .contains("job.batch/hello-manual condition met");
  }
}
