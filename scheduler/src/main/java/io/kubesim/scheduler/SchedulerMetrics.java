package io.kubesim.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * kube-scheduler's metrics under their real names (Prometheus names after Micrometer's conversion):
 *
 * <ul>
 *   <li>{@code scheduler_schedule_attempts_total{result="scheduled|unschedulable|error",
 *       profile="default-scheduler"}};
 *   <li>{@code scheduler_scheduling_attempt_duration_seconds{result, profile}}: a histogram from
 *       the pop to the binding's answer (or to the failure), buckets 1 ms doubling to 16.4 s as the
 *       real one;
 *   <li>{@code scheduler_pending_pods{queue="active|backoff|unschedulable|gated"}};
 *   <li>{@code leader_election_master_status{name="kube-scheduler"}}: 1 while leading.
 * </ul>
 */
final class SchedulerMetrics {
  static final String SCHEDULED = "scheduled";
  static final String UNSCHEDULABLE = "unschedulable";
  static final String ERROR = "error";

  private final MeterRegistry registry;
  private final String profile;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger backoff = new AtomicInteger();
  private final AtomicInteger unschedulable = new AtomicInteger();
  private final AtomicInteger gated = new AtomicInteger();
  private final AtomicInteger leader = new AtomicInteger();

  SchedulerMetrics(MeterRegistry registry, String profile, String leaseName) {
    this.registry = registry;
    this.profile = profile;
    for (String result : new String[] {SCHEDULED, UNSCHEDULABLE, ERROR}) {
      attempts(result);
      duration(result);
    }
    pending("active", active);
    pending("backoff", backoff);
    pending("unschedulable", unschedulable);
    pending("gated", gated);
    Gauge.builder("leader.election.master.status", leader, AtomicInteger::get)
        .description(
            "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease. Please make sure to group by name.")
        .tag("name", leaseName)
        .register(registry);
  }

  void attempt(String result, long startNanos) {
    attempts(result).increment();
    duration(result).record(Duration.ofNanos(System.nanoTime() - startNanos));
  }

  void pendingPods(int activeCount, int backoffCount, int unschedulableCount, int gatedCount) {
    active.set(activeCount);
    backoff.set(backoffCount);
    unschedulable.set(unschedulableCount);
    gated.set(gatedCount);
  }

  void leading(boolean isLeader) {
    leader.set(isLeader ? 1 : 0);
  }

  private Counter attempts(String result) {
    return Counter.builder("scheduler.schedule.attempts")
        .description(
            "Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler problem.")
        .tag("result", result)
        .tag("profile", profile)
        .register(registry);
  }

  private Timer duration(String result) {
    return Timer.builder("scheduler.scheduling.attempt.duration")
        .description("Scheduling attempt latency in seconds (scheduling algorithm + binding)")
        .tag("result", result)
        .tag("profile", profile)
        .serviceLevelObjectives(buckets())
        .register(registry);
  }

  private void pending(String queue, AtomicInteger value) {
    Gauge.builder("scheduler.pending.pods", value, AtomicInteger::get)
        .description(
            "Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.")
        .tag("queue", queue)
        .register(registry);
  }

  /** metrics.ExponentialBuckets(0.001, 2, 15): 1 ms, 2 ms ... 16.384 s. */
  private static Duration[] buckets() {
    Duration[] buckets = new Duration[15];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = Duration.ofMillis(1L << i);
    }
    return buckets;
  }
}
