package io.kubesim.kubelet.status;

import static io.kubesim.kubelet.Pods.container;
import static io.kubesim.kubelet.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubesim.kubelet.PodSim;
import io.kubesim.kubelet.Pods;
import io.kubesim.kubelet.Pods.Run;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodStatusesTest {

  /** The conditions as "Type=Status(Reason)" in the kubelet's order. */
  static String conditions(Run run) {
    return run.status.getConditions().stream()
        .map(
            c ->
                c.getType()
                    + "="
                    + c.getStatus()
                    + (c.getReason() == null ? "" : "(" + c.getReason() + ")"))
        .collect(Collectors.joining(" "));
  }

  record StageCase(String name, long at, String phase, String state, String conditions) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** nginx pulled in 2 s, started 1 s after its creation, ready 5 s after its start. */
  static Stream<StageCase> stages() {
    return Stream.of(
        new StageCase(
            "while the image is pulled the pod is Pending and the container ContainerCreating",
            1,
            "Pending",
            "waiting:ContainerCreating",
            "PodReadyToStartContainers=True Initialized=True Ready=False(ContainersNotReady)"
                + " ContainersReady=False(ContainersNotReady) PodScheduled=True"),
        new StageCase(
            "once started the pod is Running but not yet Ready",
            3,
            "Running",
            "running",
            "PodReadyToStartContainers=True Initialized=True Ready=False(ContainersNotReady)"
                + " ContainersReady=False(ContainersNotReady) PodScheduled=True"),
        new StageCase(
            "ready-after elapsed, the pod is Ready",
            8,
            "Running",
            "running",
            "PodReadyToStartContainers=True Initialized=True Ready=True ContainersReady=True"
                + " PodScheduled=True"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void phaseAndConditionsForEachStage(StageCase c) {
    Run run =
        new Run(
                pod(
                    "Always",
                    Map.of(
                        "kubesim.io/pull-seconds", "2",
                        "kubesim.io/start-delay-seconds", "1",
                        "kubesim.io/ready-after-seconds", "5"),
                    container("nginx", "nginx:1.27").build()))
            .until(c.at());

    assertThat(run.status.getPhase()).isEqualTo(c.phase());
    ContainerStatus s = run.status.getContainerStatuses().get(0);
    String state =
        s.getState().getWaiting() != null
            ? "waiting:" + s.getState().getWaiting().getReason()
            : s.getState().getRunning() != null ? "running" : "terminated";
    assertThat(state).isEqualTo(c.state());
    assertThat(conditions(run)).isEqualTo(c.conditions());
  }

  @Test
  void aSucceededJobPodReportsPodCompletedAndNoLongerReadyToStartContainers() {
    Run run =
        new Run(
                pod(
                    "Never",
                    Map.of("kubesim.io/run-seconds", "3"),
                    container("job", "busybox:1.36").build()))
            .until(10);

    assertThat(run.status.getPhase()).isEqualTo("Succeeded");
    assertThat(conditions(run))
        .isEqualTo(
            "PodReadyToStartContainers=False Initialized=True(PodCompleted) Ready=False(PodCompleted)"
                + " ContainersReady=False(PodCompleted) PodScheduled=True");
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenAConditionChanges() {
    Run run =
        new Run(
            pod(
                "Always",
                Map.of("kubesim.io/ready-after-seconds", "5"),
                container("nginx", "nginx:1.27").build()));

    run.until(20);

    Map<String, String> times =
        run.status.getConditions().stream()
            .collect(Collectors.toMap(PodCondition::getType, PodCondition::getLastTransitionTime));
    assertThat(times)
        .containsEntry("PodScheduled", "2026-01-01T00:00:00Z")
        .containsEntry("Initialized", "2026-01-01T00:00:00Z")
        .containsEntry("Ready", "2026-01-01T00:00:06Z")
        .containsEntry("ContainersReady", "2026-01-01T00:00:06Z");
  }

  @Test
  void aRunningContainerStatusLooksLikeContainerdsReport() {
    Run run = new Run(pod("Always", Map.of(), container("nginx", "nginx:1.27").build())).until(5);

    ContainerStatus s = run.status.getContainerStatuses().get(0);
    assertThat(s.getImage()).isEqualTo("docker.io/library/nginx:1.27");
    assertThat(s.getImageID()).matches("docker\\.io/library/nginx@sha256:[0-9a-f]{64}");
    assertThat(s.getContainerID()).matches("containerd://[0-9a-f]{64}");
    assertThat(s.getStarted()).isTrue();
    assertThat(s.getReady()).isTrue();
    assertThat(s.getState().getRunning().getStartedAt()).isEqualTo("2026-01-01T00:00:01Z");
    assertThat(run.status.getPodIP()).isEqualTo("10.244.1.5");
    assertThat(run.status.getHostIP()).isEqualTo("10.0.0.1");
    assertThat(run.status.getStartTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(run.status.getQosClass()).isEqualTo("BestEffort");
  }

  record QosCase(
      String name, Map<String, String> requests, Map<String, String> limits, String qos) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<QosCase> qos() {
    return Stream.of(
        new QosCase("no requests nor limits: BestEffort", Map.of(), Map.of(), "BestEffort"),
        new QosCase(
            "limits for cpu and memory, requests defaulted to them: Guaranteed",
            Map.of(),
            Map.of("cpu", "500m", "memory", "128Mi"),
            "Guaranteed"),
        new QosCase(
            "equal requests and limits, spelt differently: Guaranteed",
            Map.of("cpu", "0.5", "memory", "128Mi"),
            Map.of("cpu", "500m", "memory", "134217728"),
            "Guaranteed"),
        new QosCase(
            "only a memory request: Burstable", Map.of("memory", "64Mi"), Map.of(), "Burstable"),
        new QosCase(
            "requests below limits: Burstable",
            Map.of("cpu", "100m", "memory", "64Mi"),
            Map.of("cpu", "500m", "memory", "128Mi"),
            "Burstable"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("qos")
  void qosClass(QosCase c) {
    Container container =
        container("app", "nginx:1.27")
            .withNewResources()
            .withRequests(quantities(c.requests()))
            .withLimits(quantities(c.limits()))
            .endResources()
            .build();
    PodSim sim =
        PodSim.admit(pod("Always", Map.of(), container), Pods.T0, "10.0.0.1", "10.244.1.5");

    assertThat(PodStatuses.qosClass(sim)).isEqualTo(c.qos());
  }

  static Map<String, Quantity> quantities(Map<String, String> m) {
    return m.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> new Quantity(e.getValue())));
  }

  @Test
  void theInitContainerStatusesComeBeforeTheAppsAndAreReadyOnceCompleted() {
    Run run =
        new Run(
                pod(
                    "Always",
                    Map.of(),
                    List.of(container("init", "busybox:1.36", "sh", "-c", "sleep 1").build()),
                    container("web", "nginx:1.27").build()))
            .until(10);

    assertThat(run.status.getInitContainerStatuses().get(0).getReady()).isTrue();
    assertThat(
            run.status.getInitContainerStatuses().get(0).getState().getTerminated().getExitCode())
        .isZero();
  }
}
