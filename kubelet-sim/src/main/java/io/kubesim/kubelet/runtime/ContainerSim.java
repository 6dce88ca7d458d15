package io.kubesim.kubelet.runtime;

import io.kubesim.kubelet.runtime.ContainerState.Running;
import io.kubesim.kubelet.runtime.ContainerState.Waiting;
import java.time.Instant;

/**
 * One simulated container, as a value: where it is in its lifecycle since when, the state the API
 * shows, and the counters that survive restarts. {@link Stages} moves it on.
 *
 * @param since when the container entered {@code lifecycle}; stage delays count from here
 * @param lastState the previous run's Terminated state, or null
 * @param pullFailures image pulls that failed in a row (drives the image back-off)
 * @param crashBackoff the restart back-off entry, or null before the first restart
 */
public record ContainerSim(
    ContainerSpec spec,
    Lifecycle lifecycle,
    Instant since,
    ContainerState state,
    ContainerState lastState,
    int restartCount,
    int pullFailures,
    boolean imagePresent,
    Backoff crashBackoff) {

  /** The kubelet's view of the container; the API's state is derived from it. */
  public enum Lifecycle {
    /** Not allowed to start yet: earlier init containers have not completed. */
    GATED,
    NEW,
    PULLING,
    PULL_FAILED,
    PULL_BACKOFF,
    CREATED,
    RUNNING,
    /** Killed by the kubelet, still running until it dies of SIGTERM or SIGKILL. */
    STOPPING,
    EXITED,
    CRASH_BACKOFF
  }

  /**
   * A container that waits for its turn; {@code reason} is PodInitializing or ContainerCreating.
   */
  public static ContainerSim gated(ContainerSpec spec, Instant at, String reason) {
    return new ContainerSim(
        spec, Lifecycle.GATED, at, new Waiting(reason, ""), null, 0, 0, false, null);
  }

  /** Lets a gated container begin at {@code at}: the first stage pulls its image. */
  public ContainerSim open(Instant at) {
    if (lifecycle != Lifecycle.GATED) {
      return this;
    }
    return moveTo(Lifecycle.NEW, at, new Waiting("ContainerCreating", ""));
  }

  public ContainerSim moveTo(Lifecycle next, Instant at, ContainerState nextState) {
    return new ContainerSim(
        spec,
        next,
        at,
        nextState,
        lastState,
        restartCount,
        pullFailures,
        imagePresent,
        crashBackoff);
  }

  ContainerSim withPull(int failures, boolean present) {
    return new ContainerSim(
        spec, lifecycle, since, state, lastState, restartCount, failures, present, crashBackoff);
  }

  /** A new run: the old one becomes {@code lastState}, restartCount counts it. */
  ContainerSim restarted(Instant at, ContainerState previous, Backoff backoff) {
    return new ContainerSim(
        spec,
        Lifecycle.NEW,
        at,
        new Waiting("ContainerCreating", ""),
        previous,
        restartCount + 1,
        pullFailures,
        imagePresent,
        backoff);
  }

  public String name() {
    return spec.name();
  }

  public boolean running() {
    return state instanceof Running;
  }

  public Instant startedAt() {
    return state instanceof Running r ? r.startedAt() : null;
  }

  /** {@code containerd://<64 hex>}, stable for a given run of a given container. */
  public String containerId() {
    if (state instanceof Waiting) {
      return null;
    }
    return "containerd://" + Images.sha256(spec.podRef() + "/" + spec.name() + "/" + restartCount);
  }
}
