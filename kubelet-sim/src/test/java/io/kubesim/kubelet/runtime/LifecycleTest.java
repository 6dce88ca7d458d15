package io.kubesim.kubelet.runtime;

import static io.kubesim.kubelet.Pods.container;
import static io.kubesim.kubelet.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubesim.kubelet.Pods.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTest {

  static ContainerStatus app(Run run) {
    return run.status.getContainerStatuses().get(0);
  }

  @Test
  void aFailingPullShowsErrImagePullThenImagePullBackOffAndRetriesWithDoublingBackOff() {
    Run run =
        new Run(
            pod(
                "Always",
                Map.of("kubesim.io/pull-error", "not found"),
                container("web", "nginx:nope").build()));

    run.until(1);
    assertThat(app(run).getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
    assertThat(app(run).getState().getWaiting().getMessage()).isEqualTo("not found");
    run.until(2);
    assertThat(app(run).getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
    assertThat(app(run).getState().getWaiting().getMessage())
        .isEqualTo("Back-off pulling image \"nginx:nope\"");
    run.until(200);

    // each pull takes 1 s; back-off 10, 20, 40, 80 s counted from each failure
    assertThat(run.times("Pulling")).containsExactly(0L, 11L, 32L, 73L, 154L);
    assertThat(run.messages("Failed"))
        .startsWith(
            "Failed to pull image \"nginx:nope\": not found",
            "Error: ErrImagePull",
            "Error: ImagePullBackOff");
    assertThat(run.status.getPhase()).isEqualTo("Pending");
  }

  @Test
  void aCrashingContainerRestartsAtOnceThenBacksOff10_20_40UpTo300Seconds() {
    Run run =
        new Run(
            pod(
                "Always",
                Map.of(),
                container("web", "busybox:1.36", "sh", "-c", "exit 1").build()));

    run.until(1700);

    List<Long> started = run.times("Started");
    List<Long> waits = new ArrayList<>();
    for (int i = 1; i < started.size(); i++) {
      waits.add(started.get(i) - started.get(i - 1));
    }
    // the first restart waits only for the next sync (1 s); then 10 s doubling to 5 min
    assertThat(waits).startsWith(1L, 10L, 20L, 40L, 80L, 160L, 300L, 300L);
    assertThat(app(run).getRestartCount()).isEqualTo(started.size() - 1);
    assertThat(run.messages("BackOff"))
        .first()
        .isEqualTo("Back-off restarting failed container web in pod web_default(uid-1)");
    assertThat(run.messages("Pulled").get(1))
        .isEqualTo("Container image \"busybox:1.36\" already present on machine");
  }

  @Test
  void theCrashLoopShowsTheKubeletsWaitingMessageAndTheLastTermination() {
    Run run =
        new Run(
            pod(
                "Always",
                Map.of(),
                container("web", "busybox:1.36", "sh", "-c", "exit 2").build()));

    run.until(5);

    ContainerStatus s = app(run);
    assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(s.getState().getWaiting().getMessage())
        .isEqualTo("back-off 10s restarting failed container=web pod=web_default(uid-1)");
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(2);
    assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(s.getRestartCount()).isEqualTo(1);
    assertThat(run.status.getPhase()).isEqualTo("Running");
  }

  @Test
  void aContainerThatRanTenMinutesIsRestartedAtOnceWithoutCrashLoopBackOff() {
    Run run =
        new Run(
            pod(
                "Always",
                Map.of("kubesim.io/crash-after-seconds", "700"),
                container("web", "nginx:1.27").build()));

    run.until(2200);

    assertThat(run.times("Started")).containsExactly(1L, 702L, 1403L, 2104L);
    assertThat(run.times("BackOff")).isEmpty();
  }

  record JobCase(
      String name, String policy, String exitCode, String phase, String reason, int restarts) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<JobCase> jobs() {
    return Stream.of(
        new JobCase(
            "Never, exit 0: Succeeded, Completed", "Never", "0", "Succeeded", "Completed", 0),
        new JobCase("Never, exit 1: Failed, Error, no restart", "Never", "1", "Failed", "Error", 0),
        new JobCase("OnFailure, exit 0: Succeeded", "OnFailure", "0", "Succeeded", "Completed", 0),
        new JobCase(
            "OnFailure, exit 1: restarted, still Running", "OnFailure", "1", "Running", null, 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobs")
  void jobPods(JobCase c) {
    Run run =
        new Run(
            pod(
                c.policy(),
                Map.of("kubesim.io/run-seconds", "2", "kubesim.io/exit-code", c.exitCode()),
                container("job", "busybox:1.36").build()));

    run.until(40);

    assertThat(run.status.getPhase()).isEqualTo(c.phase());
    assertThat(app(run).getRestartCount()).isEqualTo(c.restarts());
    if (c.reason() != null) {
      assertThat(app(run).getState().getTerminated().getReason()).isEqualTo(c.reason());
      assertThat(run.condition("Ready")).isEqualTo("False");
    }
  }

  @Test
  void aJobContainerWithoutCommandOrAnnotationsExitsZeroAfterFiveSeconds() {
    Run run = new Run(pod("Never", Map.of(), container("job", "busybox:1.36").build()));

    run.until(5);
    assertThat(run.status.getPhase()).isEqualTo("Running");
    run.until(6);
    assertThat(run.status.getPhase()).isEqualTo("Succeeded");
    assertThat(app(run).getState().getTerminated().getExitCode()).isZero();
  }

  @Test
  void initContainersRunOneAfterAnotherBeforeTheAppContainers() {
    Run run =
        new Run(
            pod(
                "Always",
                Map.of(),
                List.of(
                    container("init-a", "busybox:1.36", "sh", "-c", "sleep 2").build(),
                    container("init-b", "busybox:1.36", "sh", "-c", "sleep 3").build()),
                container("web", "nginx:1.27").build()));

    assertThat(run.status.getPhase()).isEqualTo("Pending");
    assertThat(run.status.getContainerStatuses().get(0).getState().getWaiting().getReason())
        .isEqualTo("PodInitializing");
    assertThat(
            run.status.getConditions().stream()
                .filter(c -> c.getType().equals("Initialized"))
                .findFirst()
                .orElseThrow()
                .getMessage())
        .isEqualTo("containers with incomplete status: [init-a init-b]");

    run.until(20);

    // init-a: pulled by 1, runs 1-3; init-b: pulled 3-4, runs 4-7; web: pulled 7-8
    assertThat(run.times("Started")).containsExactly(1L, 4L, 8L);
    assertThat(
            run.events.stream().filter(e -> e.reason().equals("Started")).map(e -> e.fieldPath()))
        .containsExactly(
            "spec.initContainers{init-a}", "spec.initContainers{init-b}", "spec.containers{web}");
    assertThat(run.status.getPhase()).isEqualTo("Running");
    assertThat(run.condition("Initialized")).isEqualTo("True");
    assertThat(run.status.getInitContainerStatuses().get(1).getState().getTerminated().getReason())
        .isEqualTo("Completed");
  }

  @Test
  void aFailingInitContainerOfANeverPodFailsThePodAndNeverStartsTheApp() {
    Run run =
        new Run(
            pod(
                "Never",
                Map.of(),
                List.of(container("init", "busybox:1.36", "sh", "-c", "exit 1").build()),
                container("web", "nginx:1.27").build()));

    run.until(30);

    assertThat(run.status.getPhase()).isEqualTo("Failed");
    assertThat(run.times("Started")).containsExactly(1L);
  }

  @Test
  void aContainerUsingMoreMemoryThanItsLimitIsOomKilled() {
    Run run =
        new Run(
            pod(
                "Always",
                Map.of("kubesim.io/memory", "300Mi"),
                container("web", "nginx:1.27")
                    .withNewResources()
                    .addToLimits("memory", new Quantity("256Mi"))
                    .endResources()
                    .build()));

    run.until(2);
    ContainerStatus s = app(run);
    assertThat(s.getState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(s.getState().getTerminated().getExitCode()).isEqualTo(137);
    run.until(4);
    assertThat(app(run).getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(app(run).getRestartCount()).isEqualTo(1);
  }

  @Test
  void theImageSizeAndPullDurationAppearInThePulledEvent() {
    Run run =
        new Run(
            pod(
                "Always",
                Map.of("kubesim.io/pull-seconds", "1.2"),
                container("nginx", "nginx:1.27").build()));

    run.until(3);

    assertThat(run.messages("Pulling")).containsExactly("Pulling image \"nginx:1.27\"");
    assertThat(run.messages("Pulled").get(0))
        .matches(
            "Successfully pulled image \"nginx:1\\.27\" in 1\\.2s \\(1\\.2s including waiting\\)\\."
                + " Image size: \\d+ bytes\\.");
    assertThat(run.messages("Created")).containsExactly("Created container: nginx");
    assertThat(run.messages("Started")).containsExactly("Started container nginx");
    assertThat(run.events.get(0).at()).isEqualTo(io.kubesim.kubelet.Pods.T0);
    assertThat(run.events.get(1).at())
        .isEqualTo(io.kubesim.kubelet.Pods.T0.plus(Duration.ofMillis(1200)));
  }
}
