package io.kubesim.kubelet.probe;

import static io.kubesim.kubelet.Pods.container;
import static io.kubesim.kubelet.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.kubesim.kubelet.Pods.Run;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProbeTest {

  static Probe http(int initialDelay, int period, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/healthz")
        .withNewPort(8080)
        .endHttpGet()
        .withInitialDelaySeconds(initialDelay)
        .withPeriodSeconds(period)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  @Test
  void aFailingReadinessProbeKeepsThePodUnreadyWithoutRestartingIt() {
    Prober failing =
        (c, kind, probe, now) -> ProbeResult.failure("HTTP probe failed with statuscode: 503");
    Run run =
        new Run(
            pod(
                "Always",
                Map.of(),
                container("web", "nginx:1.27").withReadinessProbe(http(0, 5, 3)).build()),
            failing);

    run.until(60);

    assertThat(run.status.getPhase()).isEqualTo("Running");
    assertThat(run.condition("Ready")).isEqualTo("False");
    assertThat(run.condition("ContainersReady")).isEqualTo("False");
    assertThat(
            run.status.getConditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow()
                .getMessage())
        .isEqualTo("containers with unready status: [web]");
    assertThat(run.status.getContainerStatuses().get(0).getReady()).isFalse();
    assertThat(run.status.getContainerStatuses().get(0).getRestartCount()).isZero();
    assertThat(run.messages("Unhealthy"))
        .contains("Readiness probe failed: HTTP probe failed with statuscode: 503");
    assertThat(run.times("Killing")).isEmpty();
  }

  record ReadyCase(
      String name,
      int readyAfter,
      int initialDelay,
      int period,
      int successThreshold,
      long readyAt) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ReadyCase> readiness() {
    // the container starts at t=1 (a 1 s pull); probes at 1 + initialDelay + k * period
    return Stream.of(
        new ReadyCase("ready at the first probe when the app is ready at once", 0, 0, 5, 1, 1),
        new ReadyCase("the initial delay postpones the first probe", 0, 10, 5, 1, 11),
        new ReadyCase("ready from the first probe after the app became ready", 12, 0, 5, 1, 16),
        new ReadyCase("a success threshold of 3 needs three passing probes", 0, 0, 5, 3, 11));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readiness")
  void readinessGatesReady(ReadyCase c) {
    Probe probe = http(c.initialDelay(), c.period(), 3);
    probe.setSuccessThreshold(c.successThreshold());
    Run run =
        new Run(
            pod(
                "Always",
                Map.of("kubesim.io/ready-after-seconds", Integer.toString(c.readyAfter())),
                container("web", "nginx:1.27").withReadinessProbe(probe).build()));

    run.until(c.readyAt() - 1);
    assertThat(run.condition("Ready")).as("just before").isEqualTo("False");
    run.until(c.readyAt());
    assertThat(run.condition("Ready")).as("at %s s", c.readyAt()).isEqualTo("True");
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainerAfterTheFailureThreshold() {
    Run run =
        new Run(
            pod(
                "Always",
                Map.of("kubesim.io/liveness-fail-after-seconds", "20"),
                container("web", "nginx:1.27").withLivenessProbe(http(0, 5, 3)).build()));

    run.until(40);

    // started at 1, probes at 1, 6, 11, 16, 21 (fails), 26, 31: killed at the third failure
    assertThat(run.times("Unhealthy")).containsExactly(21L, 26L, 31L);
    assertThat(run.messages("Unhealthy"))
        .containsOnly("Liveness probe failed: HTTP probe failed with statuscode: 500");
    assertThat(run.times("Killing")).containsExactly(31L);
    assertThat(run.messages("Killing"))
        .containsExactly("Container web failed liveness probe, will be restarted");
    var s = run.status.getContainerStatuses().get(0);
    assertThat(s.getRestartCount()).isEqualTo(1);
    // the image's own program dies of the SIGTERM at once: 128 + 15
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(143);
    assertThat(s.getState().getRunning()).isNotNull();
  }

  @Test
  void theBusyboxLivenessExecExampleFailsAfter30SecondsAndRestartsAfterTheGracePeriod() {
    // https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
    Probe exec =
        new ProbeBuilder()
            .withNewExec()
            .withCommand("cat", "/tmp/healthy")
            .endExec()
            .withInitialDelaySeconds(5)
            .withPeriodSeconds(5)
            .build();
    Run run =
        new Run(
            pod(
                "Always",
                Map.of("kubesim.io/pull-seconds", "0"),
                container(
                        "liveness",
                        "registry.k8s.io/busybox:1.27.2",
                        "/bin/sh",
                        "-c",
                        "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600")
                    .withLivenessProbe(exec)
                    .build()));

    run.until(34);
    assertThat(run.times("Unhealthy")).containsExactly(30L);
    run.until(69);

    // as the docs say: after 35 s the events show the failures and the kill...
    assertThat(run.times("Unhealthy")).containsExactly(30L, 35L, 40L);
    assertThat(run.messages("Unhealthy"))
        .containsOnly(
            "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    assertThat(run.times("Killing")).containsExactly(40L);
    assertThat(run.messages("Killing"))
        .containsExactly("Container liveness failed liveness probe, will be restarted");
    // ...sh as PID 1 ignores SIGTERM, so it runs until SIGKILL 30 s later; then it restarts
    assertThat(run.status.getContainerStatuses().get(0).getState().getRunning()).isNotNull();
    assertThat(run.status.getContainerStatuses().get(0).getReady()).isFalse();
    run.until(80);
    var s = run.status.getContainerStatuses().get(0);
    assertThat(s.getRestartCount()).isEqualTo(1);
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(s.getLastState().getTerminated().getFinishedAt()).isEqualTo("2026-01-01T00:01:10Z");
    assertThat(run.times("Started")).containsExactly(0L, 71L);
  }

  @Test
  void aStartupProbeHoldsLivenessAndReadinessBackUntilItPasses() {
    Probe startup = http(0, 10, 30);
    Prober prober =
        (c, kind, probe, now) ->
            kind == ProbeKind.STARTUP && now.isBefore(io.kubesim.kubelet.Pods.at(25))
                ? ProbeResult.failure("HTTP probe failed with statuscode: 503")
                : kind == ProbeKind.LIVENESS
                    ? ProbeResult.failure("never asked before startup")
                    : ProbeResult.ok();
    Run run =
        new Run(
            pod(
                "Always",
                Map.of(),
                container("web", "nginx:1.27")
                    .withStartupProbe(startup)
                    .withLivenessProbe(http(0, 5, 100))
                    .withReadinessProbe(http(0, 5, 3))
                    .build()),
            prober);

    run.until(30);
    // startup probes at 1, 11, 21 fail, 31 passes
    assertThat(run.status.getContainerStatuses().get(0).getStarted()).isFalse();
    assertThat(run.condition("Ready")).isEqualTo("False");
    assertThat(run.messages("Unhealthy")).allMatch(m -> m.startsWith("Startup probe failed"));
    run.until(31);
    assertThat(run.status.getContainerStatuses().get(0).getStarted()).isTrue();
    run.until(36);
    assertThat(run.condition("Ready")).isEqualTo("True");
    assertThat(run.messages("Unhealthy"))
        .contains("Liveness probe failed: never asked before startup");
  }

  @Test
  void aStartupProbeThatNeverPassesKillsTheContainer() {
    Prober never =
        (c, kind, probe, now) -> ProbeResult.failure("dial tcp: connect: connection refused");
    Run run =
        new Run(
            pod(
                "Always",
                Map.of(),
                container("web", "nginx:1.27").withStartupProbe(http(0, 10, 3)).build()),
            never);

    run.until(30);

    assertThat(run.messages("Killing"))
        .containsExactly("Container web failed startup probe, will be restarted");
    assertThat(List.of(run.status.getContainerStatuses().get(0).getRestartCount()))
        .containsExactly(1);
  }
}
