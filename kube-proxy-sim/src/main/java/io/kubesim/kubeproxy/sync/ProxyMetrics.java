package io.kubesim.kubeproxy.sync;

import io.kubesim.kubeproxy.iptables.RuleSet;
import io.kubesim.kubeproxy.iptables.TableName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * kube-proxy's sync metrics under their real names (pkg/proxy/metrics): the duration and time of
 * the last rule sync, the rules written per table, the changes seen, and the network programming
 * latency (a change's trigger time to its rules in place). With several nodes in one process they
 * add up over its proxiers, as one kube-proxy per node would be summed.
 */
final class ProxyMetrics {
  private final Timer syncDuration;
  private final Timer programming;
  private final Counter endpointChanges;
  private final Counter serviceChanges;
  private final AtomicLong lastSync = new AtomicLong();
  private final Map<TableName, AtomicLong> rules = new EnumMap<>(TableName.class);

  ProxyMetrics(MeterRegistry registry) {
    syncDuration =
        Timer.builder("kubeproxy.sync.proxy.rules.duration")
            .description("SyncProxyRules latency in seconds")
            .serviceLevelObjectives(exponential())
            .register(registry);
    programming =
        Timer.builder("kubeproxy.network.programming.duration")
            .description("In Cluster Network Programming Latency in seconds")
            .serviceLevelObjectives(programmingBuckets())
            .register(registry);
    endpointChanges =
        Counter.builder("kubeproxy.sync.proxy.rules.endpoint.changes")
            .description("Cumulative proxy rules Endpoint changes")
            .register(registry);
    serviceChanges =
        Counter.builder("kubeproxy.sync.proxy.rules.service.changes")
            .description("Cumulative proxy rules Service changes")
            .register(registry);
    Gauge.builder("kubeproxy.sync.proxy.rules.last.timestamp.seconds", lastSync, AtomicLong::get)
        .description("The last time proxy rules were successfully synced")
        .register(registry);
    for (TableName table : new TableName[] {TableName.FILTER, TableName.NAT}) {
      rules.put(table, new AtomicLong());
    }
  }

  /**
   * kubeproxy_sync_proxy_rules_iptables_total, a gauge whose name Micrometer's Prometheus client
   * refuses (the _total suffix is reserved for counters), written out as kube-proxy exposes it.
   */
  String iptablesTotal() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP kubeproxy_sync_proxy_rules_iptables_total [ALPHA] Total number of iptables")
        .append(" rules owned by kube-proxy\n")
        .append("# TYPE kubeproxy_sync_proxy_rules_iptables_total gauge\n");
    rules.forEach(
        (table, count) ->
            out.append("kubeproxy_sync_proxy_rules_iptables_total{table=\"")
                .append(table.text())
                .append("\"} ")
                .append(count.get())
                .append('\n'));
    return out.toString();
  }

  void endpointChanged() {
    endpointChanges.increment();
  }

  void serviceChanged() {
    serviceChanges.increment();
  }

  void synced(RuleSet ruleSet, Duration took, Instant now, List<Instant> triggers) {
    syncDuration.record(took);
    lastSync.set(now.getEpochSecond());
    rules.forEach((table, count) -> count.set(ruleSet.kubeProxyRuleCount(table)));
    for (Instant triggered : triggers) {
      Duration latency = Duration.between(triggered, now);
      if (!latency.isNegative()) {
        programming.record(latency);
      }
    }
  }

  /** metrics.ExponentialBuckets(0.001, 2, 15): 1 ms doubling to 16.384 s. */
  private static Duration[] exponential() {
    Duration[] buckets = new Duration[15];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = Duration.ofMillis(1L << i);
    }
    return buckets;
  }

  /**
   * LinearBuckets(0.25, 0.25, 2), LinearBuckets(1, 1, 59), LinearBuckets(60, 5, 12),
   * LinearBuckets(120, 30, 7): 0.25 s, 0.5 s, 1 s ... 59 s, 60 s ... 115 s, 120 s ... 300 s.
   */
  private static Duration[] programmingBuckets() {
    List<Duration> buckets = new ArrayList<>();
    buckets.add(Duration.ofMillis(250));
    buckets.add(Duration.ofMillis(500));
    for (int s = 1; s <= 59; s++) {
      buckets.add(Duration.ofSeconds(s));
    }
    for (int s = 60; s < 120; s += 5) {
      buckets.add(Duration.ofSeconds(s));
    }
    for (int s = 120; s <= 300; s += 30) {
      buckets.add(Duration.ofSeconds(s));
    }
    return buckets.toArray(Duration[]::new);
  }
}
