package io.kubesim.kubelet.probe;

import io.fabric8.kubernetes.api.model.Probe;
import io.kubesim.kubelet.image.ImageFiles;
import io.kubesim.kubelet.runtime.ContainerSim;
import io.kubesim.kubelet.shell.Files;
import io.kubesim.kubelet.shell.Layer;
import io.kubesim.kubelet.shell.Machine;
import io.kubesim.kubelet.shell.Overlay;
import io.kubesim.kubelet.shell.Shell;
import io.kubesim.kubelet.shell.Stack;
import io.kubesim.kubelet.shell.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An exec probe run by the {@link Shell} against the container's files at that instant; a command
 * the image does not have ({@code pg_isready}) checks the simulated app and succeeds, and so does
 * {@code wget} or {@code curl} of the app (the probe is computed ahead of time, without a network).
 */
public final class ExecProber {

  private ExecProber() {}

  /** Against the image and what the container's command wrote so far (pure). */
  public static ProbeResult probe(ContainerSim c, Probe probe, Instant now) {
    Duration up = Duration.between(c.startedAt(), now);
    Map<String, String> written = c.spec().timeline().filesAt(c.spec().files(), up);
    Files files =
        new Overlay(
            new Stack(new Layer(written, c.startedAt()), ImageFiles.layer(c.spec().image())));
    return probe(c, probe, now, files);
  }

  /**
   * Against {@code files}: the container's, which the probe's own writes change, as in a runtime.
   */
  public static ProbeResult probe(ContainerSim c, Probe probe, Instant now, Files files) {
    List<String> command = probe.getExec().getCommand();
    Machine machine = Machine.plain(ImageFiles.flavor(c.spec().image()));
    Timeline run = Shell.run(command, files, machine, now, Shell.Unknown.SUCCEEDS);
    Duration timeout = Duration.ofSeconds(Probes.orDefault(probe.getTimeoutSeconds(), 1));
    String output = String.join("\n", run.outputUntil(timeout));
    if (run.exit().isEmpty() || run.exit().get().at().compareTo(timeout) > 0) {
      return ProbeResult.failure("command \"" + String.join(" ", command) + "\" timed out");
    }
    return run.exit().get().code() == 0 ? ProbeResult.ok() : ProbeResult.failure(output);
  }
}
