package io.kubesim.kubelet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The kubelet's metrics under the real kubelet's names (Micrometer adds {@code _total} to counters
 * and {@code _seconds} to timers when Prometheus scrapes them):
 *
 * <ul>
 *   <li>{@code kubelet_running_pods}: pods with a running sandbox (here: admitted, not finished);
 *   <li>{@code kubelet_running_containers{container_state}}: containers by state (created, running,
 *       exited);
 *   <li>{@code kubelet_pod_start_sli_duration_seconds}: pod creation to all containers started,
 *       without the image pull time, with the real buckets;
 *   <li>{@code kubelet_started_pods_total}, {@code
 *       kubelet_started_containers_total{container_type}};
 *   <li>{@code kubelet_node_name{node}}: 1 per simulated node;
 *   <li>{@code kubelet_container_restarts_total}: kubesim's own (the real kubelet has no
 *       container-restart counter; kube-state-metrics has {@code
 *       kube_pod_container_status_restarts_total} per container): every restart of any container.
 * </ul>
 */
public final class KubeletMetrics {

  /** The real histogram's buckets, in seconds. */
  static final double[] POD_START_BUCKETS = {
    0.5, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 45, 60, 120, 180, 240, 300, 360, 480, 600, 900, 1200,
    1800, 2700, 3600
  };

  /** Live container counts, computed at scrape time. */
  public interface Counts {
    int runningPods();

    int containers(String state);
  }

  private final MeterRegistry registry;
  private final Timer podStart;
  private final Counter startedPods;
  private final Counter startedContainers;
  private final Counter startedInitContainers;
  private final Counter restarts;

  public KubeletMetrics(MeterRegistry registry, Supplier<Counts> counts) {
    this.registry = registry;
    Gauge.builder("kubelet_running_pods", () -> counts.get().runningPods())
        .description("Number of pods that have a running pod sandbox")
        .register(registry);
    for (String state : new String[] {"created", "running", "exited"}) {
      Gauge.builder("kubelet_running_containers", () -> counts.get().containers(state))
          .description("Number of containers currently running")
          .tag("container_state", state)
          .register(registry);
    }
    Timer.Builder start =
        Timer.builder("kubelet_pod_start_sli_duration")
            .description(
                "Duration in seconds to start a pod, excluding time to pull images and run init"
                    + " containers, measured from pod creation timestamp to when all its containers"
                    + " are reported as started and observed via watch");
    Duration[] slos = new Duration[POD_START_BUCKETS.length];
    for (int i = 0; i < slos.length; i++) {
      slos[i] = Duration.ofMillis((long) (POD_START_BUCKETS[i] * 1000));
    }
    podStart = start.serviceLevelObjectives(slos).register(registry);
    startedPods =
        Counter.builder("kubelet_started_pods")
            .description("Cumulative number of pods started")
            .register(registry);
    startedContainers =
        Counter.builder("kubelet_started_containers")
            .description("Cumulative number of containers started")
            .tag("container_type", "container")
            .register(registry);
    startedInitContainers =
        Counter.builder("kubelet_started_containers")
            .description("Cumulative number of containers started")
            .tag("container_type", "init_container")
            .register(registry);
    restarts =
        Counter.builder("kubelet_container_restarts")
            .description("Cumulative number of container restarts (kubesim)")
            .register(registry);
  }

  public void nodeName(String node) {
    Gauge.builder("kubelet_node_name", () -> 1)
        .description("The node's name. The count is always 1.")
        .tag("node", node)
        .register(registry);
  }

  public void podStarted(Duration sli) {
    podStart.record(sli.isNegative() ? Duration.ZERO : sli);
  }

  public void podAdmitted() {
    startedPods.increment();
  }

  public void containerStarted(boolean init) {
    (init ? startedInitContainers : startedContainers).increment();
  }

  public void containerRestarted() {
    restarts.increment();
  }
}
