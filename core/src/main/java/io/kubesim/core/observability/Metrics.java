package io.kubesim.core.observability;

import com.hazelcast.core.HazelcastInstance;
import io.kubesim.core.MapNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.HazelcastCacheMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Prometheus registry of one process, with JVM and process metrics bound. */
public final class Metrics {
  private Metrics() {}

  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Two binder meters whose names promtool rejects ("_ns", a "_count" gauge); the process
    // collector's process_cpu_seconds_total below says the same, under the name Go components use.
    registry
        .config()
        .meterFilter(
            MeterFilter.deny(
                id ->
                    id.getName().equals("process.cpu.time")
                        || id.getName().equals("system.cpu.count")));
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    @SuppressWarnings("resource")
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    bindProcessMetrics(registry);
    return registry;
  }

  /**
   * Hazelcast as this member sees it: cluster size, and the shared object map's local entries, hits
   * and operation timings (Micrometer's Hazelcast binder).
   */
  public static void bindHazelcast(MeterRegistry registry, HazelcastInstance hazelcast) {
    Gauge.builder("hazelcast.cluster.members", hazelcast, h -> h.getCluster().getMembers().size())
        .description("Members of the kubesim Hazelcast cluster seen by this process.")
        .register(registry);
    HazelcastCacheMetrics.monitor(registry, hazelcast.getMap(MapNames.OBJECTS));
  }

  /**
   * The two process metrics every Kubernetes component exports (Go's process collector) and that
   * Micrometer does not: CPU seconds and resident memory.
   */
  private static void bindProcessMetrics(PrometheusMeterRegistry registry) {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu.seconds", os, o -> o.getProcessCpuTime() / 1e9)
          .description("Total user and system CPU time spent in seconds.")
          .register(registry);
    }
    Gauge.builder("process.resident.memory", Metrics::residentBytes)
        .baseUnit("bytes")
        .description("Resident memory size in bytes.")
        .register(registry);
  }

  /** RSS from /proc/self/statm (pages), 0 where there is no procfs. */
  static double residentBytes() {
    try {
      String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
      return Double.parseDouble(statm[1]) * 4096;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
