package io.kubesim.kubelet.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.stats.ResourceStats;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ResourceMetricsTextTest {

  @Test
  void writesTheResourceCollectorsFamiliesAsA132KubeletDoes() {
    ResourceStats stats =
        new ResourceStats(
            "kubesim-worker",
            1_767_225_615_123L,
            15_000,
            1_767_225_600_000L,
            357_354_910_000L,
            1_616_977_920L,
            List.of(
                new ResourceStats.Pod(
                    "kube-system",
                    "coredns-abc",
                    List.of(
                        new ResourceStats.Container(
                            "coredns", 1_767_225_601_500L, 8_339_011_366L, 14_958_592L))),
                new ResourceStats.Pod(
                    "default",
                    "web",
                    List.of(
                        new ResourceStats.Container(
                            "web", 1_767_225_602_000L, 250_000_000L, 67_108_864L),
                        new ResourceStats.Container("sidecar", 1_767_225_602_000L, 0, 409_600L)))));

    assertThat(ResourceMetricsText.of(stats))
        .isEqualTo(
            """
            # HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds
            # TYPE container_cpu_usage_seconds_total counter
            container_cpu_usage_seconds_total{container="coredns",namespace="kube-system",pod="coredns-abc"} 8.339011366 1767225615123
            container_cpu_usage_seconds_total{container="sidecar",namespace="default",pod="web"} 0 1767225615123
            container_cpu_usage_seconds_total{container="web",namespace="default",pod="web"} 0.25 1767225615123
            # HELP container_memory_working_set_bytes [STABLE] Current working set of the container in bytes
            # TYPE container_memory_working_set_bytes gauge
            container_memory_working_set_bytes{container="coredns",namespace="kube-system",pod="coredns-abc"} 1.4958592e+07 1767225615123
            container_memory_working_set_bytes{container="sidecar",namespace="default",pod="web"} 409600 1767225615123
            container_memory_working_set_bytes{container="web",namespace="default",pod="web"} 6.7108864e+07 1767225615123
            # HELP container_start_time_seconds [STABLE] Start time of the container since unix epoch in seconds
            # TYPE container_start_time_seconds gauge
            container_start_time_seconds{container="coredns",namespace="kube-system",pod="coredns-abc"} 1.7672256015e+09
            container_start_time_seconds{container="sidecar",namespace="default",pod="web"} 1.767225602e+09
            container_start_time_seconds{container="web",namespace="default",pod="web"} 1.767225602e+09
            # HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in core-seconds
            # TYPE node_cpu_usage_seconds_total counter
            node_cpu_usage_seconds_total 357.35491 1767225615123
            # HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes
            # TYPE node_memory_working_set_bytes gauge
            node_memory_working_set_bytes 1.61697792e+09 1767225615123
            # HELP pod_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the pod in core-seconds
            # TYPE pod_cpu_usage_seconds_total counter
            pod_cpu_usage_seconds_total{namespace="default",pod="web"} 0.25 1767225615123
            pod_cpu_usage_seconds_total{namespace="kube-system",pod="coredns-abc"} 8.339011366 1767225615123
            # HELP pod_memory_working_set_bytes [STABLE] Current working set of the pod in bytes
            # TYPE pod_memory_working_set_bytes gauge
            pod_memory_working_set_bytes{namespace="default",pod="web"} 6.7518464e+07 1767225615123
            pod_memory_working_set_bytes{namespace="kube-system",pod="coredns-abc"} 1.4958592e+07 1767225615123
            # HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise
            # TYPE resource_scrape_error gauge
            resource_scrape_error 0
            """);
  }

  record Case(String name, String value, String go) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> floats() {
    return Stream.of(
        new Case("zero is 0", "0", "0"),
        new Case("a small whole number is plain", "409600", "409600"),
        new Case("a million switches to an exponent", "1000000", "1e+06"),
        new Case("digits after the point are kept", "357.35491", "357.35491"),
        new Case("a large number keeps its digits in the mantissa", "14958592", "1.4958592e+07"),
        new Case("a tiny number takes a negative exponent", "0.00001", "1e-05"),
        new Case("down to a ten-thousandth it stays plain", "0.0001", "0.0001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floats")
  void formatsNumbersAsGoDoes(Case c) {
    assertThat(ResourceMetricsText.goFloat(new BigDecimal(c.value()))).isEqualTo(c.go());
  }
}
