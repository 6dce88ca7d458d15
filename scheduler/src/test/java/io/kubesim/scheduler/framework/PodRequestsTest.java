package io.kubesim.scheduler.framework;

import static io.kubesim.scheduler.Fixtures.container;
import static io.kubesim.scheduler.Fixtures.pod;
import static io.kubesim.scheduler.Fixtures.sidecar;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodRequestsTest {

  record Case(String name, Pod pod, long milliCpu, long memory) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Pod withInit(List<Container> containers, List<Container> init) {
    return pod("p", containers.toArray(Container[]::new))
        .editSpec()
        .withInitContainers(init)
        .endSpec()
        .build();
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("0.1 cpu is 100 millicores", pod("p", container("cpu", "0.1")).build(), 100, 0),
        new Case(
            "64Mi is 64 * 2^20 bytes",
            pod("p", container("memory", "64Mi")).build(),
            0,
            64L * 1024 * 1024),
        new Case(
            "1Gi is 2^30 bytes and 1G 10^9",
            pod("p", container("memory", "1Gi"), container("memory", "1G")).build(),
            0,
            (1L << 30) + 1_000_000_000L),
        new Case(
            "Containers are summed",
            pod("p", container("cpu", "200m"), container("cpu", "300m")).build(),
            500,
            0),
        new Case(
            "The largest init container wins over a smaller sum",
            withInit(
                List.of(container("cpu", "200m"), container("cpu", "300m")),
                List.of(container("cpu", "400m"), container("cpu", "1"))),
            1000,
            0),
        new Case(
            "A sum larger than every init container wins",
            withInit(
                List.of(container("cpu", "2", "memory", "1Gi")),
                List.of(container("cpu", "1", "memory", "2Gi"))),
            2000,
            2L << 30),
        new Case(
            "A sidecar adds to the containers and to the later init containers",
            withInit(
                List.of(container("cpu", "200m"), container("cpu", "300m")),
                List.of(sidecar("cpu", "100m"), container("cpu", "1"))),
            1100,
            0),
        new Case(
            "An init container before the sidecar does not carry it",
            withInit(
                List.of(container("cpu", "200m")),
                List.of(container("cpu", "500m"), sidecar("cpu", "100m"))),
            500,
            0),
        new Case(
            "Overhead is added on top",
            pod("p", container("cpu", "250m"))
                .editSpec()
                .withOverhead(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("10Mi")))
                .endSpec()
                .build(),
            300,
            10L * 1024 * 1024));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void requests(Case c) {
    Resource r = PodRequests.of(c.pod());
    assertThat(r.milliCpu()).isEqualTo(c.milliCpu());
    assertThat(r.memory()).isEqualTo(c.memory());
  }

  @org.junit.jupiter.api.Test
  void scoringCountsAContainerWithoutRequestsAs100mAnd200Mi() {
    Pod pod = pod("p", container(), container("cpu", "0")).build();
    Resource r = PodRequests.nonZero(pod);
    assertThat(r.milliCpu()).isEqualTo(100);
    assertThat(r.memory()).isEqualTo(2 * 200L * 1024 * 1024);
  }

  @org.junit.jupiter.api.Test
  void finishedPodsHoldNoResourcesOnTheNode() {
    Pod done =
        pod("done", container("cpu", "1"))
            .withNewStatus()
            .withPhase("Succeeded")
            .endStatus()
            .build();
    Pod running =
        pod("run", container("cpu", "1")).withNewStatus().withPhase("Running").endStatus().build();
    NodeInfo info =
        NodeInfo.of(io.kubesim.scheduler.Fixtures.node("w1").build(), List.of(done, running));
    assertThat(info.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("run");
    assertThat(info.requested().milliCpu()).isEqualTo(1000);
  }
}
