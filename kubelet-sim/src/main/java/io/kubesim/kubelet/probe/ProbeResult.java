package io.kubesim.kubelet.probe;

/** One probe's outcome; {@code output} is what the Unhealthy event shows after "probe failed: ". */
public record ProbeResult(boolean success, String output) {

  public static ProbeResult ok() {
    return new ProbeResult(true, "");
  }

  public static ProbeResult failure(String output) {
    return new ProbeResult(false, output);
  }
}
