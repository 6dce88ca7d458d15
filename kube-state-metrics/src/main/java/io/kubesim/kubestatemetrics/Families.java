package io.kubesim.kubestatemetrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric families being filled during one scrape: each name gets its help text once and a point per
 * labelled object. Counters are named without {@code _total}; the text format adds it.
 */
final class Families {
  private record Family(String help, boolean counter, List<Object> points) {}

  private final Map<String, Family> families = new LinkedHashMap<>();

  void gauge(String name, String help, double value, String... labels) {
    family(name, help, false)
        .points()
        .add(GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
  }

  void counter(String name, String help, double value, String... labels) {
    family(name, help, true)
        .points()
        .add(CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
  }

  private Family family(String name, String help, boolean counter) {
    return families.computeIfAbsent(name, n -> new Family(help, counter, new ArrayList<>()));
  }

  List<MetricSnapshot> snapshots() {
    List<MetricSnapshot> out = new ArrayList<>();
    families.forEach(
        (name, f) -> {
          if (f.counter()) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(f.help());
            f.points().forEach(p -> b.dataPoint((CounterDataPointSnapshot) p));
            out.add(b.build());
          } else {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(f.help());
            f.points().forEach(p -> b.dataPoint((GaugeDataPointSnapshot) p));
            out.add(b.build());
          }
        });
    return out;
  }
}
