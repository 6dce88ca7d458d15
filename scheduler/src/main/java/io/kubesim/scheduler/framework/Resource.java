package io.kubesim.scheduler.framework;

import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of resources in the units the scheduler compares: CPU in millicores, memory in bytes,
 * everything else (ephemeral-storage, hugepages-*, extended resources such as nvidia.com/gpu) in
 * its integer base unit. Immutable.
 *
 * <p>Example: requests {@code cpu: "0.1"}, {@code memory: 64Mi} are {@code milliCpu = 100} and
 * {@code memory = 67108864}.
 */
public record Resource(long milliCpu, long memory, Map<String, Long> scalars) {

  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String PODS = "pods";
  public static final String EPHEMERAL_STORAGE = "ephemeral-storage";

  public static final Resource ZERO = new Resource(0, 0, Map.of());

  public Resource {
    scalars = Map.copyOf(scalars);
  }

  public long scalar(String name) {
    return scalars.getOrDefault(name, 0L);
  }

  public Resource plus(Resource other) {
    Map<String, Long> sum = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> sum.merge(k, v, Long::sum));
    return new Resource(milliCpu + other.milliCpu, memory + other.memory, sum);
  }

  /** What is left after taking {@code other} away (used when a pod leaves a node). */
  public Resource minus(Resource other) {
    Map<String, Long> diff = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> diff.merge(k, -v, Long::sum));
    diff.values().removeIf(v -> v == 0);
    return new Resource(milliCpu - other.milliCpu, memory - other.memory, diff);
  }

  /** The per-resource maximum (the rule for init containers). */
  public Resource max(Resource other) {
    Map<String, Long> max = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> max.merge(k, v, Math::max));
    return new Resource(Math.max(milliCpu, other.milliCpu), Math.max(memory, other.memory), max);
  }
}
