package io.kubesim.apiserver.metricsapi;

import io.kubesim.core.stats.ResourceStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * metrics-server's storage, fed by the kubelets' reports: the last two points of every node and
 * container, from which usage is a rate over the window between them (metrics-server's
 * pkg/storage). CPU reports are cumulative counters, so
 *
 * <pre>
 *   cpu = (last.cpu - prev.cpu) / (last.time - prev.time)     window = last.time - prev.time
 *   e.g. (9,000,000,000 - 5,250,000,000) core-ns / 15 s = 250,000,000 nanocores = 250m
 * </pre>
 *
 * and memory is the last working set. A node's report replaces everything known about its pods (a
 * pod not in it has no running container any more). A point whose container restarted since the
 * stored one has no previous point, so the pod waits for the next report; a container that started
 * between 10 s and one resolution before its first point gets its start (with zero CPU) as the
 * previous point, as metrics-server does, so a new pod shows up after one report. A node that
 * misses reports is forgotten: metrics-server drops a node whose scrape failed.
 *
 * <p>Reports are recorded on the event loop, read on worker threads: the maps hold immutable values
 * and one report at a time changes them.
 */
public final class MetricsStorage {
  /** metrics-server's freshContainerMinMetricsResolution. */
  static final long FRESH_CONTAINER_MIN_MILLIS = 10_000;

  /** One measurement of a node or a container. */
  record Point(long timestampMillis, long startMillis, long cpuNanos, long memoryBytes) {}

  /** A rate over a window: what NodeMetrics and each container of PodMetrics show. */
  public record Usage(
      long cpuNanoCores, long memoryBytes, long timestampMillis, long windowMillis) {}

  public record ContainerUsage(String name, long cpuNanoCores, long memoryBytes) {}

  public record PodUsage(
      long timestampMillis, long windowMillis, List<ContainerUsage> containers) {}

  private record Pair(Point last, Point prev) {}

  private record NodeEntry(Pair points, long intervalMillis, Set<String> pods) {}

  private record PodEntry(String node, Map<String, Pair> containers) {}

  private final Map<String, NodeEntry> nodes = new ConcurrentHashMap<>();
  private final Map<String, PodEntry> pods = new ConcurrentHashMap<>();

  /** Takes a node's report in. */
  public synchronized void record(ResourceStats stats) {
    NodeEntry old = nodes.get(stats.node());
    Point point =
        new Point(
            stats.timestampMillis(), stats.startMillis(), stats.cpuNanos(), stats.memoryBytes());
    Pair nodePair = next(old == null ? null : old.points(), point);
    Set<String> keys = new HashSet<>();
    for (ResourceStats.Pod pod : stats.pods()) {
      String key = pod.namespace() + "/" + pod.name();
      if (!keys.add(key)) {
        continue; // a duplicate pod point, as metrics-server skips it
      }
      PodEntry previous = pods.get(key);
      Map<String, Pair> before =
          previous != null && previous.node().equals(stats.node())
              ? previous.containers()
              : Map.of();
      Map<String, Pair> containers = new LinkedHashMap<>();
      for (ResourceStats.Container c : pod.containers()) {
        Point p =
            new Point(stats.timestampMillis(), c.startMillis(), c.cpuNanos(), c.memoryBytes());
        containers.putIfAbsent(
            c.name(), new Pair(p, previousOf(p, before.get(c.name()), stats.intervalMillis())));
      }
      pods.put(key, new PodEntry(stats.node(), Collections.unmodifiableMap(containers)));
    }
    if (old != null) {
      for (String gone : old.pods()) {
        if (!keys.contains(gone)) {
          pods.computeIfPresent(gone, (k, e) -> e.node().equals(stats.node()) ? null : e);
        }
      }
    }
    nodes.put(stats.node(), new NodeEntry(nodePair, stats.intervalMillis(), Set.copyOf(keys)));
  }

  /**
   * The stored pair after a new point of a node: the last point becomes the previous one if the new
   * one is newer; a new start (the kubelet restarted, its counter with it) leaves no previous one.
   */
  private static Pair next(Pair stored, Point point) {
    if (stored == null || stored.last().startMillis() != point.startMillis()) {
      return new Pair(point, null);
    }
    if (point.timestampMillis() > stored.last().timestampMillis()) {
      return new Pair(point, stored.last());
    }
    Point prev = stored.prev();
    return new Pair(
        point, prev != null && prev.timestampMillis() < point.timestampMillis() ? prev : null);
  }

  /** metrics-server's podStorage.Store for one container. */
  private static Point previousOf(Point point, Pair stored, long resolutionMillis) {
    long age = point.timestampMillis() - point.startMillis();
    if (age > 0 && age < resolutionMillis && age >= FRESH_CONTAINER_MIN_MILLIS) {
      return new Point(point.startMillis(), point.startMillis(), 0, point.memoryBytes());
    }
    if (stored == null || point.startMillis() >= stored.last().timestampMillis()) {
      return null; // new, or restarted since the stored point
    }
    if (point.timestampMillis() > stored.last().timestampMillis()) {
      return stored.last();
    }
    Point prev = stored.prev();
    return prev != null && prev.timestampMillis() < point.timestampMillis() ? prev : null;
  }

  /** How long a node's last report counts: until it missed one, with some slack for jitter. */
  static long staleAfter(long intervalMillis) {
    return intervalMillis * 2 + intervalMillis / 2;
  }

  private boolean fresh(NodeEntry entry, long nowMillis) {
    return entry != null
        && nowMillis - entry.points().last().timestampMillis()
            <= staleAfter(entry.intervalMillis());
  }

  /** The node's usage, if it reported twice and recently. */
  public Optional<Usage> node(String name, long nowMillis) {
    NodeEntry entry = nodes.get(name);
    if (!fresh(entry, nowMillis) || entry.points().prev() == null) {
      return Optional.empty();
    }
    return usage(entry.points());
  }

  /**
   * The pod's usage: only when every container has two points; a container whose counter went back
   * is left out (metrics-server logs and skips it). The timestamp and window are the earliest
   * container's.
   */
  public Optional<PodUsage> pod(String namespace, String name, long nowMillis) {
    PodEntry entry = pods.get(namespace + "/" + name);
    if (entry == null || !fresh(nodes.get(entry.node()), nowMillis)) {
      return Optional.empty();
    }
    List<ContainerUsage> containers = new ArrayList<>();
    Usage earliest = null;
    for (Map.Entry<String, Pair> c : entry.containers().entrySet()) {
      if (c.getValue().prev() == null) {
        return Optional.empty();
      }
      Optional<Usage> usage = usage(c.getValue());
      if (usage.isEmpty()) {
        continue;
      }
      Usage u = usage.get();
      containers.add(new ContainerUsage(c.getKey(), u.cpuNanoCores(), u.memoryBytes()));
      if (earliest == null || u.timestampMillis() < earliest.timestampMillis()) {
        earliest = u;
      }
    }
    if (earliest == null) {
      return Optional.empty();
    }
    return Optional.of(
        new PodUsage(earliest.timestampMillis(), earliest.windowMillis(), List.copyOf(containers)));
  }

  /** metrics-server's resourceUsage: nothing if the start or the counter went back. */
  private static Optional<Usage> usage(Pair pair) {
    Point last = pair.last();
    Point prev = pair.prev();
    long window = last.timestampMillis() - prev.timestampMillis();
    if (last.startMillis() < prev.startMillis()
        || last.cpuNanos() < prev.cpuNanos()
        || window <= 0) {
      return Optional.empty();
    }
    long cpu = (last.cpuNanos() - prev.cpuNanos()) * 1000 / window;
    return Optional.of(new Usage(cpu, last.memoryBytes(), last.timestampMillis(), window));
  }
}
