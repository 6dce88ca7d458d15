package io.kubesim.kubelet.runtime;

/**
 * The pod annotations that change a simulated container's script: the one table of knobs (the
 * README copies it). Durations are seconds, decimals allowed ({@code "1.5"}); quantities use the
 * Kubernetes syntax ({@code "200Mi"}, {@code "250m"}). They apply to every container of the pod.
 */
public enum Annotation {
  PULL_SECONDS(
      "kubesim.io/pull-seconds",
      "1",
      "How long pulling each image takes; the Pulled event reports this duration."),
  PULL_ERROR(
      "kubesim.io/pull-error",
      "",
      "Every pull fails with this error text: ErrImagePull, then ImagePullBackOff, retried with"
          + " back-off 10 s doubling to 5 min."),
  START_DELAY_SECONDS(
      "kubesim.io/start-delay-seconds", "0", "Time between Created and Started (state Running)."),
  READY_AFTER_SECONDS(
      "kubesim.io/ready-after-seconds",
      "0",
      "Readiness (a probe, or Running without one) succeeds only this long after the start."),
  CRASH_AFTER_SECONDS(
      "kubesim.io/crash-after-seconds",
      "",
      "The container exits this long after each start, with kubesim.io/exit-code (default 1)."),
  EXIT_CODE(
      "kubesim.io/exit-code",
      "",
      "Exit code of a crash or of the end of the run time (default 1 for a crash, 0 otherwise)."),
  RUN_SECONDS(
      "kubesim.io/run-seconds",
      "",
      "The container exits after this long (default exit code 0). Without it a container with no"
          + " command runs forever under restartPolicy Always and 5 s under OnFailure/Never (Job"
          + " pods)."),
  CPU(
      "kubesim.io/cpu",
      "",
      "Simulated CPU use of each container (a quantity: 250m), as kubectl top and"
          + " /metrics/resource show it; at most the container's CPU limit (throttled). Without it"
          + " an idle figure of the image that moves a little (nginx: 1m to 3m)."),
  MEMORY(
      "kubesim.io/memory",
      "",
      "Simulated memory use (working set) of each container, as kubectl top shows it; above the"
          + " container's memory limit the container is OOMKilled (exit code 137) 1 s after each"
          + " start. Without it an idle figure of the image (nginx: about 5Mi), kept under 80 % of"
          + " the limit."),
  LIVENESS_FAIL_AFTER_SECONDS(
      "kubesim.io/liveness-fail-after-seconds",
      "",
      "httpGet/tcpSocket liveness probes fail from this long after each start.");

  private final String key;
  private final String defaultValue;
  private final String description;

  Annotation(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  /** The value used when the annotation is absent; empty means "not set". */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
