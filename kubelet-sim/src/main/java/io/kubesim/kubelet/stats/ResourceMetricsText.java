package io.kubesim.kubelet.stats;

import io.kubesim.core.stats.ResourceStats;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/**
 * The kubelet's {@code /metrics/resource}: the resource metrics collector's families, in the order
 * the Prometheus client writes them (by name, series by label values), samples stamped with the
 * time the stats were taken, numbers formatted as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}
 * ({@code 1.4958592e+07}). metrics-server scrapes exactly this endpoint.
 *
 * <p>{@code scrape_error} is not written: 1.29 deprecated it for {@code resource_scrape_error}, and
 * component-base hides a deprecated metric from the next minor release on, so a 1.32 kubelet no
 * longer shows it (unless {@code --show-hidden-metrics-for-version} says so).
 */
public final class ResourceMetricsText {
  private ResourceMetricsText() {}

  public static String of(ResourceStats stats) {
    List<ResourceStats.Pod> pods =
        stats.pods().stream()
            .sorted(
                Comparator.comparing(ResourceStats.Pod::namespace)
                    .thenComparing(ResourceStats.Pod::name))
            .toList();
    String ts = " " + stats.timestampMillis();
    StringBuilder out = new StringBuilder();
    family(
        out,
        "container_cpu_usage_seconds_total",
        "Cumulative cpu time consumed by the container in core-seconds",
        "counter");
    forContainers(
        pods,
        (p, c) ->
            out.append("container_cpu_usage_seconds_total")
                .append(labels(c.name(), p))
                .append(' ')
                .append(seconds(c.cpuNanos()))
                .append(ts)
                .append('\n'));
    family(
        out,
        "container_memory_working_set_bytes",
        "Current working set of the container in bytes",
        "gauge");
    forContainers(
        pods,
        (p, c) ->
            out.append("container_memory_working_set_bytes")
                .append(labels(c.name(), p))
                .append(' ')
                .append(goFloat(c.memoryBytes()))
                .append(ts)
                .append('\n'));
    family(
        out,
        "container_start_time_seconds",
        "Start time of the container since unix epoch in seconds",
        "gauge");
    forContainers(
        pods,
        (p, c) ->
            out.append("container_start_time_seconds")
                .append(labels(c.name(), p))
                .append(' ')
                .append(goFloat(BigDecimal.valueOf(c.startMillis(), 3)))
                .append('\n'));
    family(
        out,
        "node_cpu_usage_seconds_total",
        "Cumulative cpu time consumed by the node in core-seconds",
        "counter");
    out.append("node_cpu_usage_seconds_total ").append(seconds(stats.cpuNanos())).append(ts);
    out.append('\n');
    family(
        out, "node_memory_working_set_bytes", "Current working set of the node in bytes", "gauge");
    out.append("node_memory_working_set_bytes ").append(goFloat(stats.memoryBytes())).append(ts);
    out.append('\n');
    family(
        out,
        "pod_cpu_usage_seconds_total",
        "Cumulative cpu time consumed by the pod in core-seconds",
        "counter");
    for (ResourceStats.Pod p : pods) {
      out.append("pod_cpu_usage_seconds_total").append(labels(null, p)).append(' ');
      out.append(seconds(p.cpuNanos())).append(ts).append('\n');
    }
    family(out, "pod_memory_working_set_bytes", "Current working set of the pod in bytes", "gauge");
    for (ResourceStats.Pod p : pods) {
      out.append("pod_memory_working_set_bytes").append(labels(null, p)).append(' ');
      out.append(goFloat(p.memoryBytes())).append(ts).append('\n');
    }
    family(
        out,
        "resource_scrape_error",
        "1 if there was an error while getting container metrics, 0 otherwise",
        "gauge");
    out.append("resource_scrape_error 0\n");
    return out.toString();
  }

  private interface ContainerLine {
    void write(ResourceStats.Pod pod, ResourceStats.Container container);
  }

  /** Containers by pod (namespace, name), then by container name: the client's series order. */
  private static void forContainers(List<ResourceStats.Pod> pods, ContainerLine line) {
    record Row(ResourceStats.Pod pod, ResourceStats.Container container) {}
    pods.stream()
        .flatMap(p -> p.containers().stream().map(c -> new Row(p, c)))
        .sorted(
            Comparator.comparing((Row r) -> r.container().name())
                .thenComparing(r -> r.pod().namespace())
                .thenComparing(r -> r.pod().name()))
        .forEach(r -> line.write(r.pod(), r.container()));
  }

  /** Stable metrics carry {@code [STABLE]} in their help, as component-base writes it. */
  private static void family(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(" [STABLE] ").append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** Labels sorted by name, as the client writes them: container, namespace, pod. */
  private static String labels(String container, ResourceStats.Pod pod) {
    StringBuilder s = new StringBuilder("{");
    if (container != null) {
      s.append("container=\"").append(escape(container)).append("\",");
    }
    s.append("namespace=\"").append(escape(pod.namespace())).append("\",");
    s.append("pod=\"").append(escape(pod.name())).append("\"}");
    return s.toString();
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String seconds(long nanos) {
    return goFloat(BigDecimal.valueOf(nanos, 9));
  }

  private static String goFloat(long value) {
    return goFloat(BigDecimal.valueOf(value));
  }

  /**
   * Go's shortest {@code 'g'} format of a float64, which the Prometheus client writes: plain for a
   * decimal exponent from -4 to 5, else {@code d.ddde+XX} ({@code 357.35491}, {@code
   * 1.4958592e+07}). The float's shortest decimal form (Java's {@link Double#toString}) gives the
   * digits.
   */
  static String goFloat(BigDecimal exact) {
    double v = exact.doubleValue();
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - d.scale();
    String sign = d.signum() < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.format("%02d", Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + e;
    }
    return d.toPlainString();
  }
}
