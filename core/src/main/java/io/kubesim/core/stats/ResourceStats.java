package io.kubesim.core.stats;

import io.kubesim.core.json.Json;
import java.util.List;

/**
 * One node's CPU and memory at one instant, as a kubelet measures them for its {@code
 * /metrics/resource} endpoint (the kubelet's "summary" of CPU and memory stats), and as it reports
 * them to the apiserver's resource metrics API on {@link io.kubesim.core.Addresses#RESOURCE_STATS}
 * every {@code intervalMillis} (metrics-server's scrape, the other way round).
 *
 * <p>CPU is cumulative, in core-nanoseconds since the start (the kubelet's UsageCoreNanoSeconds):
 * usage is the difference of two reports over the time between them, so a report may be lost
 * without falsifying the next rate. Memory is the working set at {@code timestampMillis}, in bytes.
 * Every running container is listed; pods without a running container are not.
 *
 * @param timestampMillis when the stats were taken (Unix milliseconds)
 * @param intervalMillis how often the kubelet reports: the apiserver forgets a node that misses
 *     reports (metrics-server forgets one whose scrape fails)
 * @param startMillis when the node (its kubelet) started: its CPU counter counts from there
 */
public record ResourceStats(
    String node,
    long timestampMillis,
    long intervalMillis,
    long startMillis,
    long cpuNanos,
    long memoryBytes,
    List<Pod> pods) {

  public ResourceStats {
    pods = List.copyOf(pods);
  }

  /** A pod with at least one running container. */
  public record Pod(String namespace, String name, List<Container> containers) {
    public Pod {
      containers = List.copyOf(containers);
    }

    /** The pod's usage: the sum of its containers' (the real pod cgroup adds a little more). */
    public long cpuNanos() {
      return containers.stream().mapToLong(Container::cpuNanos).sum();
    }

    public long memoryBytes() {
      return containers.stream().mapToLong(Container::memoryBytes).sum();
    }
  }

  /**
   * A running container: its counter counts from {@code startMillis}, its start (a restart begins a
   * new counter).
   */
  public record Container(String name, long startMillis, long cpuNanos, long memoryBytes) {}

  public byte[] toJson() {
    return Json.MAPPER.writeValueAsBytes(this);
  }

  public static ResourceStats fromJson(byte[] json) {
    return Json.MAPPER.readValue(json, ResourceStats.class);
  }
}
