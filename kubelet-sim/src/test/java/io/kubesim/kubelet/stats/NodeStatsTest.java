package io.kubesim.kubelet.stats;

import static io.kubesim.kubelet.Pods.at;
import static io.kubesim.kubelet.Pods.container;
import static io.kubesim.kubelet.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.stats.ResourceStats;
import io.kubesim.kubelet.PodSim;
import io.kubesim.kubelet.Pods;
import io.kubesim.kubelet.Pods.Run;
import io.kubesim.kubelet.probe.Prober;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeStatsTest {
  private static final Duration RESOLUTION = Duration.ofSeconds(15);
  private static final long MI = 1024 * 1024;

  private static Run running(Map<String, String> annotations, long untilSeconds) {
    return new Run(pod("Always", annotations, container("web", "nginx:1.27").build()))
        .until(untilSeconds);
  }

  @Test
  void theNodeUsesItsPodsAndWhatTheSystemUsesBesideThem() {
    NodeStats node = new NodeStats("worker", Pods.T0);
    PodSim web = running(Map.of("kubesim.io/cpu", "250m", "kubesim.io/memory", "64Mi"), 20).sim;

    ResourceStats first = node.collect(at(20), RESOLUTION, List.of(web));
    ResourceStats second = node.collect(at(35), RESOLUTION, List.of(web));

    assertThat(second.node()).isEqualTo("worker");
    assertThat(second.timestampMillis()).isEqualTo(at(35).toEpochMilli());
    assertThat(second.intervalMillis()).isEqualTo(15_000);
    assertThat(second.startMillis()).isEqualTo(Pods.T0.toEpochMilli());
    ResourceStats.Pod pod = second.pods().get(0);
    assertThat(pod.namespace() + "/" + pod.name()).isEqualTo("default/web");
    ResourceStats.Container c = pod.containers().get(0);
    assertThat(c.name()).isEqualTo("web");
    assertThat(c.memoryBytes()).isEqualTo(64 * MI);
    long started = c.startMillis();
    assertThat(c.cpuNanos()).isEqualTo(250_000L * (at(35).toEpochMilli() - started));

    ContainerUsage system =
        new ContainerUsage(Baselines.SYSTEM.nanoCores(), 0.5, Baselines.SYSTEM.bytes(), 0.03, 0);
    // the node's rate over the window: the pod's 250m plus the system's about 30m
    long nodeRate = (second.cpuNanos() - first.cpuNanos()) / 15;
    assertThat(nodeRate).isBetween(250_000_000L + 15_000_000, 250_000_000L + 45_000_000);
    long systemMemory = second.memoryBytes() - 64 * MI;
    assertThat(systemMemory)
        .isBetween((long) (system.memoryBytes() * 0.97), (long) (system.memoryBytes() * 1.03));
  }

  /**
   * The kubelet's clock has microseconds. A rate is counter over timestamp, both in whole
   * milliseconds, so the counter must grow by exactly 250m for every millisecond of timestamp: one
   * millisecond too many over 15 s is 250.017m, which kubectl top rounds up to 251m.
   */
  @Test
  void anAnnotatedRateIsExactWhenTheClockHasMicroseconds() {
    Duration offset = Duration.ofNanos(400_000);
    PodSim sim =
        PodSim.admit(
            pod("Always", Map.of("kubesim.io/cpu", "250m"), container("web", "nginx").build()),
            Pods.T0.plus(offset),
            "10.0.0.1",
            "10.244.1.5");
    for (long s = 1; s <= 20; s++) {
      sim = sim.step(at(s).plus(offset), Prober.scripted()).pod();
    }
    NodeStats node = new NodeStats("worker", Pods.T0);

    ResourceStats first = node.collect(at(20).plusNanos(300_000), RESOLUTION, List.of(sim));
    ResourceStats second = node.collect(at(35).plusNanos(500_000), RESOLUTION, List.of(sim));

    long cpu =
        second.pods().get(0).containers().get(0).cpuNanos()
            - first.pods().get(0).containers().get(0).cpuNanos();
    long window = second.timestampMillis() - first.timestampMillis();
    assertThat(cpu * 1000 / window).isEqualTo(250_000_000L);
    assertThat(cpu * 1000 % window).isZero();
  }

  @Test
  void aPodWithoutARunningContainerIsNotListed() {
    NodeStats node = new NodeStats("worker", Pods.T0);
    PodSim pulling =
        new Run(
                pod(
                    "Always",
                    Map.of("kubesim.io/pull-seconds", "60"),
                    container("web", "nginx").build()))
            .until(5)
            .sim;

    ResourceStats stats = node.collect(at(5), RESOLUTION, List.of(pulling));

    assertThat(stats.pods()).isEmpty();
  }

  @Test
  void theNodesCpuCounterKeepsWhatAnEndedContainerUsed() {
    NodeStats node = new NodeStats("worker", Pods.T0);
    Run crashing =
        new Run(
            pod(
                "Always",
                Map.of("kubesim.io/cpu", "1", "kubesim.io/crash-after-seconds", "20"),
                container("web", "nginx").build()));

    long previous = 0;
    boolean sawRestart = false;
    for (long s = 5; s <= 120; s += 5) {
      crashing.until(s);
      ResourceStats stats = node.collect(at(s), RESOLUTION, List.of(crashing.sim));
      assertThat(stats.cpuNanos()).as("at %d s", s).isGreaterThanOrEqualTo(previous);
      previous = stats.cpuNanos();
      sawRestart |= crashing.sim.app().get(0).restartCount() > 0;
    }
    assertThat(sawRestart).isTrue();
    // one busy core for most of the two minutes, not only since the last restart
    assertThat(previous).isGreaterThan(60_000_000_000L);
  }
}
