package io.kubesim.kubelet.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubesim.kubelet.Pods;
import io.kubesim.kubelet.runtime.ContainerSpec;
import io.kubesim.kubelet.runtime.Script;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerUsageTest {
  private static final long MI = 1024 * 1024;

  static ContainerSpec spec(String image, Map<String, String> annotations, String... limits) {
    Map<String, Quantity> l = new HashMap<>();
    for (int i = 0; i < limits.length; i += 2) {
      l.put(limits[i], new Quantity(limits[i + 1]));
    }
    ContainerBuilder b = new ContainerBuilder().withName("app").withImage(image);
    if (!l.isEmpty()) {
      b.withNewResources().withLimits(l).endResources();
    }
    Container c = b.build();
    return ContainerSpec.of(
        Pods.pod("Always", annotations, c), c, false, Script.parse(annotations));
  }

  record Case(
      String name,
      ContainerSpec spec,
      long cpuNanoCores,
      double cpuSwing,
      long memoryBytes,
      double memorySwing) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "nginx idles at 2m give or take half, and at 5Mi give or take 3 %",
            spec("nginx:1.27", Map.of()), 2_000_000, 0.5, 5 * MI, 0.03),
        new Case(
            "an image kubesim does not know idles at 1m and 10Mi",
            spec("example.com/team/app:v3", Map.of()),
            1_000_000,
            0.5,
            10 * MI,
            0.03),
        new Case(
            "busybox asleep uses no CPU", spec("busybox:1.36", Map.of()), 0, 0.5, 400 * 1024, 0.03),
        new Case(
            "the control plane's images are known by the last part of their repository",
            spec("registry.k8s.io/kube-apiserver:v1.32.0", Map.of()),
            50_000_000,
            0.5,
            250 * MI,
            0.03),
        new Case(
            "kubesim.io/cpu and kubesim.io/memory are used exactly, without swing",
            spec("nginx", Map.of("kubesim.io/cpu", "250m", "kubesim.io/memory", "64Mi")),
            250_000_000,
            0,
            64 * MI,
            0),
        new Case(
            "kubesim.io/cpu above the CPU limit is throttled to the limit",
            spec("nginx", Map.of("kubesim.io/cpu", "2"), "cpu", "500m"),
            500_000_000,
            0,
            5 * MI,
            0.03),
        new Case(
            "kubesim.io/memory above the memory limit is shown as set: the container is OOMKilled",
            spec("nginx", Map.of("kubesim.io/memory", "300Mi"), "memory", "200Mi"),
            2_000_000,
            0.5,
            300 * MI,
            0),
        new Case(
            "a baseline peaks at the CPU limit at most",
            spec("nginx", Map.of(), "cpu", "1500u"),
            1_000_000,
            0.5,
            5 * MI,
            0.03),
        new Case(
            "a baseline stays under 80 % of a small memory limit",
            spec("nginx", Map.of(), "memory", "4Mi"),
            2_000_000,
            0.5,
            (long) (4 * MI * 0.8 / 1.03),
            0.03));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesTheMeansAndSwings(Case c) {
    ContainerUsage usage = ContainerUsage.of(c.spec(), "uid-1/app");

    assertThat(usage.cpuNanoCores()).isEqualTo(c.cpuNanoCores());
    assertThat(usage.cpuSwing()).isEqualTo(c.cpuSwing());
    assertThat(usage.memoryBytes()).isEqualTo(c.memoryBytes());
    assertThat(usage.memorySwing()).isEqualTo(c.memorySwing());
  }

  @Test
  void anOomKillingAnnotationIsTheOneFigureAboveTheLimit() {
    ContainerSpec over = spec("nginx", Map.of("kubesim.io/memory", "300Mi"), "memory", "200Mi");
    ContainerSpec idle = spec("mysql:8", Map.of(), "memory", "200Mi");

    assertThat(over.oomKilled()).isTrue();
    assertThat(idle.oomKilled()).isFalse();
    ContainerUsage usage = ContainerUsage.of(idle, "uid-1/app");
    for (int s = 0; s < 600; s += 7) {
      assertThat(usage.memoryBytes(Duration.ofSeconds(s))).isLessThan(200 * MI);
    }
  }

  @Test
  void aConstantCpuCountsExactlyItsNanocoresEachSecond() {
    ContainerUsage usage =
        ContainerUsage.of(spec("nginx", Map.of("kubesim.io/cpu", "250m")), "uid-1/app");

    assertThat(usage.cpuNanos(Duration.ZERO)).isZero();
    assertThat(usage.cpuNanos(Duration.ofMillis(15_001)))
        .isEqualTo(usage.cpuNanos(Duration.ofMillis(1)) + 250_000_000L * 15);
    // four cores for 200 days: the counter does not overflow
    ContainerUsage busy =
        ContainerUsage.of(spec("nginx", Map.of("kubesim.io/cpu", "4")), "uid-1/app");
    assertThat(busy.cpuNanos(Duration.ofDays(200)))
        .isEqualTo(4_000_000_000L * Duration.ofDays(200).toSeconds());
  }

  @Test
  void aSwingingCpuNeverRunsBackAndAveragesToItsMeanOverWholePeriods() {
    ContainerUsage usage = ContainerUsage.of(spec("nginx:1.27", Map.of()), "uid-1/app");

    long previous = -1;
    for (long ms = 0; ms <= 300_000; ms += 250) {
      long counter = usage.cpuNanos(Duration.ofMillis(ms));
      assertThat(counter).isGreaterThanOrEqualTo(previous);
      previous = counter;
    }
    // two full periods of two minutes: the wave cancels out
    assertThat(usage.cpuNanos(Duration.ofMinutes(4))).isCloseTo(2_000_000L * 240, within(2));
    // any 15 s window's rate is between the trough and the peak: 1m to 3m
    for (long s = 0; s < 240; s += 5) {
      long delta =
          usage.cpuNanos(Duration.ofSeconds(s + 15)) - usage.cpuNanos(Duration.ofSeconds(s));
      assertThat(delta / 15).isBetween(1_000_000L, 3_000_000L);
      assertThat(usage.cpuNanoCoresAt(Duration.ofSeconds(s))).isBetween(1_000_000L, 3_000_000L);
    }
  }

  @Test
  void twoContainersOfTheSameImageMoveOutOfStep() {
    ContainerSpec nginx = spec("nginx:1.27", Map.of());
    ContainerUsage a = ContainerUsage.of(nginx, "uid-1/web");
    ContainerUsage b = ContainerUsage.of(nginx, "uid-2/web");

    assertThat(a.phase()).isNotEqualTo(b.phase());
    assertThat(a.memoryBytes(Duration.ofSeconds(30)))
        .isNotEqualTo(b.memoryBytes(Duration.ofSeconds(30)));
  }

  private static org.assertj.core.data.Offset<Long> within(long delta) {
    return org.assertj.core.data.Offset.offset(delta);
  }
}
