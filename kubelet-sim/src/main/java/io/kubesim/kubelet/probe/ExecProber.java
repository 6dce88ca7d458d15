package io.kubesim.kubelet.probe;

import io.fabric8.kubernetes.api.model.Probe;
import io.kubesim.kubelet.runtime.ContainerSim;
import io.kubesim.kubelet.shell.Shell;
import io.kubesim.kubelet.shell.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An exec probe run by the {@link Shell} against the container's file system at that instant; a
 * command the shell does not know ({@code pg_isready}) checks the simulated app and succeeds. The
 * probe's own writes are not kept (a simplification: real exec probes share the container's files).
 */
public final class ExecProber {

  private ExecProber() {}

  public static ProbeResult probe(ContainerSim c, Probe probe, Instant now) {
    List<String> command = probe.getExec().getCommand();
    Duration up = Duration.between(c.startedAt(), now);
    Map<String, String> files = c.spec().timeline().filesAt(c.spec().files(), up);
    Timeline run = Shell.run(command, files, Shell.Unknown.SUCCEEDS);
    Duration timeout = Duration.ofSeconds(Probes.orDefault(probe.getTimeoutSeconds(), 1));
    String output = String.join("\n", run.outputUntil(timeout));
    if (run.exit().isEmpty() || run.exit().get().at().compareTo(timeout) > 0) {
      return ProbeResult.failure("command \"" + String.join(" ", command) + "\" timed out");
    }
    return run.exit().get().code() == 0 ? ProbeResult.ok() : ProbeResult.failure(output);
  }
}
