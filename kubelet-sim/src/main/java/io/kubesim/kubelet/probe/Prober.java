package io.kubesim.kubelet.probe;

import io.fabric8.kubernetes.api.model.Probe;
import io.kubesim.kubelet.runtime.ContainerSim;
import io.kubesim.kubelet.runtime.Script;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs one probe against a container at an instant. httpGet and tcpSocket need the network, so the
 * kubelet process injects them (and exec probes against the container's files as exec sessions
 * changed them). {@link #scripted} is the pure stand-in driven by the pod annotations, with exec
 * probes run by {@link ExecProber} against the container's command's own writes.
 */
@FunctionalInterface
public interface Prober {

  ProbeResult probe(ContainerSim container, ProbeKind kind, Probe probe, Instant now);

  /**
   * Readiness succeeds from {@code kubesim.io/ready-after-seconds} after the start; liveness fails
   * from {@code kubesim.io/liveness-fail-after-seconds}; startup always succeeds.
   */
  static Prober scripted() {
    return (c, kind, probe, now) -> {
      if (probe.getExec() != null) {
        return ExecProber.probe(c, probe, now);
      }
      Script s = c.spec().script();
      Duration up = Duration.between(c.startedAt(), now);
      return switch (kind) {
        case STARTUP -> ProbeResult.ok();
        case READINESS ->
            up.compareTo(s.readyAfter()) >= 0
                ? ProbeResult.ok()
                : ProbeResult.failure(failureText(probe, 503));
        case LIVENESS ->
            s.livenessFailAfter().isEmpty() || up.compareTo(s.livenessFailAfter().get()) < 0
                ? ProbeResult.ok()
                : ProbeResult.failure(failureText(probe, 500));
      };
    };
  }

  /** The kubelet's texts: httpGet reports the status code, tcpSocket the refused connection. */
  private static String failureText(Probe probe, int statusCode) {
    if (probe.getTcpSocket() != null) {
      return "dial tcp: connect: connection refused";
    }
    return "HTTP probe failed with statuscode: " + statusCode;
  }
}
