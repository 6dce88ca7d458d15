package io.kubesim.kubelet.logs;

import io.kubesim.kubelet.runtime.ContainerSim;
import io.kubesim.kubelet.runtime.ContainerState.Running;
import io.kubesim.kubelet.runtime.ContainerState.Terminated;
import io.kubesim.kubelet.runtime.ContainerState.Waiting;

/**
 * Which run of a container a log request reads, as the kubelet's {@code validateContainerLogStatus}
 * decides it: the previous run when asked (if there was one), else the running or last terminated
 * run; a container that has not run yet has no logs, with the kubelet's error texts.
 */
public final class LogTarget {

  /** A run to read, or the error (400 Bad Request) to answer. */
  public record Choice(int run, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private LogTarget() {}

  public static Choice choose(ContainerSim c, String pod, boolean previous) {
    String name = c.name();
    if (previous) {
      return c.lastState() instanceof Terminated
          ? new Choice(c.restartCount() - 1, null)
          : error(
              "previous terminated container \"" + name + "\" in pod \"" + pod + "\" not found");
    }
    if (c.state() instanceof Running || c.state() instanceof Terminated) {
      return new Choice(c.restartCount(), null);
    }
    if (c.lastState() instanceof Terminated) {
      return new Choice(c.restartCount() - 1, null);
    }
    if (c.state() instanceof Waiting w) {
      String why =
          switch (w.reason()) {
            case "ErrImagePull" -> "image can't be pulled";
            case "ImagePullBackOff" -> "trying and failing to pull image";
            default -> w.reason();
          };
      return error("container \"" + name + "\" in pod \"" + pod + "\" is waiting to start: " + why);
    }
    return error(
        "container \"" + name + "\" in pod \"" + pod + "\" is waiting to start - no logs yet");
  }

  private static Choice error(String message) {
    return new Choice(-1, message);
  }
}
