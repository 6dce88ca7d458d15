package io.kubesim.apiserver.metricsapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.metricsapi.MetricsStorage.ContainerUsage;
import io.kubesim.apiserver.metricsapi.MetricsStorage.PodUsage;
import io.kubesim.apiserver.metricsapi.MetricsStorage.Usage;
import io.kubesim.core.stats.ResourceStats;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsStorageTest {
  /** Seconds on a fixed clock: the reports' instants. */
  private static final long T0 = 1_767_225_600_000L;

  private static long at(double seconds) {
    return T0 + Math.round(seconds * 1000);
  }

  private static final long MI = 1024 * 1024;

  /** A report of node n1 (started at 0 s) with one pod, default/web, of one container. */
  private static ResourceStats report(
      double seconds, long nodeCpu, long nodeMemory, ResourceStats.Container... containers) {
    return report("n1", 0, seconds, nodeCpu, nodeMemory, containers);
  }

  private static ResourceStats report(
      String node,
      double nodeStart,
      double seconds,
      long nodeCpu,
      long nodeMemory,
      ResourceStats.Container... containers) {
    List<ResourceStats.Pod> pods =
        containers.length == 0
            ? List.of()
            : List.of(new ResourceStats.Pod("default", "web", List.of(containers)));
    return new ResourceStats(node, at(seconds), 15_000, at(nodeStart), nodeCpu, nodeMemory, pods);
  }

  private static ResourceStats.Container web(double started, long cpu, long memory) {
    return new ResourceStats.Container("web", at(started), cpu, memory);
  }

  record Case(
      String name,
      List<ResourceStats> reports,
      double now,
      Optional<Usage> node,
      Optional<PodUsage> pod) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Optional<PodUsage> pod(double last, long windowMillis, ContainerUsage... cs) {
    return Optional.of(new PodUsage(at(last), windowMillis, List.of(cs)));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "one report is not enough: usage is a rate between two",
            List.of(report(20, 5_000_000_000L, 300 * MI, web(3, 4_250_000_000L, 64 * MI))),
            21,
            Optional.empty(),
            Optional.empty()),
        new Case(
            "two reports give the CPU used over the window between them and the last memory",
            List.of(
                report(20, 5_000_000_000L, 300 * MI, web(3, 4_250_000_000L, 64 * MI)),
                report(35, 9_500_000_000L, 310 * MI, web(3, 8_000_000_000L, 65 * MI))),
            36,
            Optional.of(new Usage(300_000_000, 310 * MI, at(35), 15_000)),
            pod(35, 15_000, new ContainerUsage("web", 250_000_000, 65 * MI))),
        new Case(
            "a container that restarted since the stored point waits for the next report",
            List.of(
                report(20, 5_000_000_000L, 300 * MI, web(3, 4_250_000_000L, 64 * MI)),
                report(35, 9_500_000_000L, 310 * MI, web(30, 1_250_000_000L, 64 * MI))),
            36,
            Optional.of(new Usage(300_000_000, 310 * MI, at(35), 15_000)),
            Optional.empty()),
        new Case(
            "a container started 12 s before its first report counts from its start",
            List.of(report(20, 5_000_000_000L, 300 * MI, web(8, 3_000_000_000L, 64 * MI))),
            21,
            Optional.empty(),
            pod(20, 12_000, new ContainerUsage("web", 250_000_000, 64 * MI))),
        new Case(
            "a container started 5 s before its first report is too fresh to rate",
            List.of(report(20, 5_000_000_000L, 300 * MI, web(15, 1_250_000_000L, 64 * MI))),
            21,
            Optional.empty(),
            Optional.empty()),
        new Case(
            "a node that missed two reports is forgotten, with its pods",
            List.of(
                report(20, 5_000_000_000L, 300 * MI, web(3, 4_250_000_000L, 64 * MI)),
                report(35, 9_500_000_000L, 310 * MI, web(3, 8_000_000_000L, 65 * MI))),
            35 + 38,
            Optional.empty(),
            Optional.empty()),
        new Case(
            "a node that missed one report still counts",
            List.of(
                report(20, 5_000_000_000L, 300 * MI, web(3, 4_250_000_000L, 64 * MI)),
                report(35, 9_500_000_000L, 310 * MI, web(3, 8_000_000_000L, 65 * MI))),
            35 + 25,
            Optional.of(new Usage(300_000_000, 310 * MI, at(35), 15_000)),
            pod(35, 15_000, new ContainerUsage("web", 250_000_000, 65 * MI))),
        new Case(
            "a pod missing from its node's last report is gone",
            List.of(
                report(20, 5_000_000_000L, 300 * MI, web(3, 4_250_000_000L, 64 * MI)),
                report(35, 9_500_000_000L, 310 * MI, web(3, 8_000_000_000L, 65 * MI)),
                report(50, 9_900_000_000L, 240 * MI)),
            51,
            Optional.of(new Usage(26_666_666, 240 * MI, at(50), 15_000)),
            Optional.empty()),
        new Case(
            "a kubelet that restarted counts its node's CPU from zero: wait for the next report",
            List.of(
                report("n1", 0, 20, 5_000_000_000L, 300 * MI),
                report("n1", 30, 35, 100_000_000L, 300 * MI)),
            36,
            Optional.empty(),
            Optional.empty()),
        new Case(
            "a counter that went back gives no usage",
            List.of(
                report(20, 5_000_000_000L, 300 * MI, web(3, 4_250_000_000L, 64 * MI)),
                report(35, 4_000_000_000L, 300 * MI, web(3, 8_000_000_000L, 64 * MI))),
            36,
            Optional.empty(),
            pod(35, 15_000, new ContainerUsage("web", 250_000_000, 64 * MI))),
        new Case(
            "a pod waits until every container has two points",
            List.of(
                report(20, 5_000_000_000L, 300 * MI, web(3, 4_250_000_000L, 64 * MI)),
                report(
                    35,
                    9_500_000_000L,
                    310 * MI,
                    web(3, 8_000_000_000L, 65 * MI),
                    new ResourceStats.Container("sidecar", at(30), 0, MI))),
            36,
            Optional.of(new Usage(300_000_000, 310 * MI, at(35), 15_000)),
            Optional.empty()),
        new Case(
            "a report no newer than the stored one keeps the previous point",
            List.of(
                report(20, 5_000_000_000L, 300 * MI, web(3, 4_250_000_000L, 64 * MI)),
                report(35, 9_500_000_000L, 310 * MI, web(3, 8_000_000_000L, 65 * MI)),
                report(35, 9_500_000_000L, 310 * MI, web(3, 8_000_000_000L, 65 * MI))),
            36,
            Optional.of(new Usage(300_000_000, 310 * MI, at(35), 15_000)),
            pod(35, 15_000, new ContainerUsage("web", 250_000_000, 65 * MI))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ratesTheLastTwoPoints(Case c) {
    MetricsStorage storage = new MetricsStorage();
    c.reports().forEach(storage::record);

    assertThat(storage.node("n1", at(c.now()))).isEqualTo(c.node());
    assertThat(storage.pod("default", "web", at(c.now()))).isEqualTo(c.pod());
  }
}
