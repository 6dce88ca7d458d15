package io.kubesim.kubelet.stats;

import io.kubesim.core.quantity.Quantity;
import io.kubesim.kubelet.runtime.ContainerSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * How much CPU and memory one simulated container uses, as functions of the time since it started
 * (pure: the same container and the same instant give the same figures).
 *
 * <p>With {@code kubesim.io/cpu} or {@code kubesim.io/memory} the use is exactly that, constant, so
 * {@code kubectl top} shows what the annotation says. CPU is capped at the container's CPU limit
 * (the kernel throttles it there); memory is not: above the limit the container is OOMKilled
 * ({@link ContainerSpec#oomKilled()}), so a figure above the limit shows at most until the kill.
 *
 * <p>Without them the image's idle {@link Baselines baseline} applies and moves, so that {@code
 * kubectl top} changes between two looks: CPU swings by half the baseline over two minutes, memory
 * by 3 % over five, each container at its own phase (from its pod's uid and its name). A baseline
 * stays under the limits: CPU at its peak reaches at most the CPU limit, memory at most 80 % of the
 * memory limit, so no container is killed by a figure nobody asked for.
 *
 * <p>Worked example: nginx's baseline is 2m with a swing of 0.5, so its CPU runs between 1m and 3m;
 * {@code kubectl top} shows the average over the last window (15 s), rounded up to a millicore.
 * Memory: 5 MiB ± 3 %, between 4.85 and 5.15 MiB, which {@code kubectl top} rounds down to 4Mi or
 * 5Mi.
 *
 * @param cpuNanoCores the mean CPU, in billionths of a core
 * @param cpuSwing how far CPU moves around its mean, as a fraction of it (0: constant)
 * @param memoryBytes the mean working set
 * @param memorySwing how far memory moves around its mean, as a fraction of it
 * @param phase where in its cycles the container started, in radians
 */
public record ContainerUsage(
    long cpuNanoCores, double cpuSwing, long memoryBytes, double memorySwing, double phase) {

  static final Duration CPU_PERIOD = Duration.ofMinutes(2);
  static final Duration MEMORY_PERIOD = Duration.ofMinutes(5);
  static final double CPU_SWING = 0.5;
  static final double MEMORY_SWING = 0.03;

  /** The highest share of the memory limit a baseline (not an annotation) may reach. */
  static final double BASELINE_SHARE_OF_MEMORY_LIMIT = 0.8;

  /**
   * The usage of a container of this spec; {@code seed} (the pod's uid and the container's name)
   * picks its phase.
   */
  public static ContainerUsage of(ContainerSpec spec, String seed) {
    Baselines.Baseline baseline = Baselines.of(spec.image());
    Optional<Long> cpuLimit = nano(limit(spec, "cpu"));
    long cpu;
    double cpuSwing;
    if (spec.script().cpu().isPresent()) {
      cpu = nano(spec.script().cpu()).orElse(0L);
      cpuSwing = 0;
      if (cpuLimit.isPresent()) {
        cpu = Math.min(cpu, cpuLimit.get());
      }
    } else {
      cpu = baseline.nanoCores();
      cpuSwing = CPU_SWING;
      if (cpuLimit.isPresent()) {
        cpu = Math.min(cpu, (long) (cpuLimit.get() / (1 + CPU_SWING)));
      }
    }
    long memory;
    double memorySwing;
    if (spec.memoryUse().isPresent()) {
      memory = spec.memoryUse().get().value().longValue();
      memorySwing = 0;
    } else {
      memory = baseline.bytes();
      memorySwing = MEMORY_SWING;
      if (spec.memoryLimit().isPresent()) {
        double cap =
            spec.memoryLimit().get().value().doubleValue()
                * BASELINE_SHARE_OF_MEMORY_LIMIT
                / (1 + MEMORY_SWING);
        memory = Math.min(memory, (long) cap);
      }
    }
    double phase = (seed.hashCode() & 0x7fffffff) % 3600 / 3600.0 * 2 * Math.PI;
    return new ContainerUsage(cpu, cpuSwing, memory, memorySwing, phase);
  }

  private static Optional<Quantity> limit(ContainerSpec spec, String resource) {
    var resources = spec.container() == null ? null : spec.container().getResources();
    if (resources == null || resources.getLimits() == null) {
      return Optional.empty();
    }
    var q = resources.getLimits().get(resource);
    return q == null ? Optional.empty() : Optional.of(Quantity.parse(q.toString()));
  }

  private static Optional<Long> nano(Optional<Quantity> q) {
    return q.map(v -> v.value().multiply(BigDecimal.valueOf(1_000_000_000L)).longValue());
  }

  /** The CPU in use {@code elapsed} after the start, in nanocores. */
  public long cpuNanoCoresAt(Duration elapsed) {
    double x = seconds(elapsed);
    return Math.round(cpuNanoCores * (1 + cpuSwing * Math.sin(omega(CPU_PERIOD) * x + phase)));
  }

  /**
   * The CPU time used in the first {@code elapsed} of the run, in core-nanoseconds: the integral of
   * {@code c (1 + A sin(wt + p))}, which is {@code c t + c A / w (cos p - cos(wt + p))}. The
   * constant part is computed in whole numbers, so a constant 250m gives exactly 250,000,000
   * core-nanoseconds a second and metrics.k8s.io shows exactly {@code 250m}.
   */
  public long cpuNanos(Duration elapsed) {
    long millis = Math.max(0, elapsed.toMillis());
    long steady = (cpuNanoCores / 1000) * millis + (cpuNanoCores % 1000) * millis / 1000;
    if (cpuSwing == 0 || cpuNanoCores == 0) {
      return steady;
    }
    double w = omega(CPU_PERIOD);
    double x = millis / 1000.0;
    double wave = cpuNanoCores * cpuSwing / w * (Math.cos(phase) - Math.cos(w * x + phase));
    return steady + Math.round(wave);
  }

  /** The working set {@code elapsed} after the start, in bytes. */
  public long memoryBytes(Duration elapsed) {
    double x = seconds(elapsed);
    return Math.round(memoryBytes * (1 + memorySwing * Math.sin(omega(MEMORY_PERIOD) * x + phase)));
  }

  private static double seconds(Duration d) {
    return Math.max(0, d.toMillis()) / 1000.0;
  }

  private static double omega(Duration period) {
    return 2 * Math.PI / (period.toMillis() / 1000.0);
  }
}
