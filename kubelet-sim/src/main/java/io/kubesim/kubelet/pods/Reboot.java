package io.kubesim.kubelet.pods;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kubesim.kubelet.PodSim;
import io.kubesim.kubelet.runtime.ContainerSim;
import io.kubesim.kubelet.runtime.ContainerState.Terminated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod that was already running on this node when the kubelet process started. The real kubelet
 * finds its containers still running after its own restart; here the containers died with the
 * process, so the node is treated as rebooted: every app container that had run starts again from
 * the image pull, its restart count one higher and its last state {@code Terminated} (exit code
 * 255, reason Unknown) as a real node reboot reports it.
 */
public final class Reboot {

  private Reboot() {}

  /** {@code admitted} with the restart counts carried on from {@code previous}; same if none. */
  public static PodSim continueFrom(PodSim admitted, PodStatus previous, Instant now) {
    if (previous == null || previous.getContainerStatuses() == null) {
      return admitted;
    }
    boolean changed = false;
    List<ContainerSim> app = new ArrayList<>();
    for (ContainerSim c : admitted.app()) {
      ContainerStatus before = find(previous, c.name());
      if (before == null || before.getContainerID() == null || before.getContainerID().isEmpty()) {
        app.add(c);
        continue;
      }
      Instant started = startedAt(before);
      int restarts = before.getRestartCount() == null ? 0 : before.getRestartCount();
      app.add(
          new ContainerSim(
              c.spec(),
              c.lifecycle(),
              c.since(),
              c.state(),
              new Terminated(255, "Unknown", "", started, now),
              restarts + 1,
              c.pullFailures(),
              c.imagePresent(),
              c.crashBackoff()));
      changed = true;
    }
    return changed ? admitted.withApp(app) : admitted;
  }

  private static ContainerStatus find(PodStatus status, String name) {
    for (ContainerStatus s : status.getContainerStatuses()) {
      if (name.equals(s.getName())) {
        return s;
      }
    }
    return null;
  }

  private static Instant startedAt(ContainerStatus s) {
    if (s.getState() != null && s.getState().getRunning() != null) {
      String at = s.getState().getRunning().getStartedAt();
      return at == null ? null : Instant.parse(at);
    }
    return null;
  }
}
