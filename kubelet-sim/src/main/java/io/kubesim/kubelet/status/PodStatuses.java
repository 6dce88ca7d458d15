package io.kubesim.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubesim.kubelet.PodSim;
import io.kubesim.kubelet.runtime.ContainerSim;
import io.kubesim.kubelet.runtime.ContainerState;
import io.kubesim.kubelet.runtime.ContainerState.Running;
import io.kubesim.kubelet.runtime.ContainerState.Terminated;
import io.kubesim.kubelet.runtime.ContainerState.Waiting;
import io.kubesim.kubelet.runtime.Images;
import io.kubesim.kubelet.runtime.RestartPolicy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The pod status the kubelet reports, as a pure function of the simulated pod, the previously
 * reported status (for the conditions' lastTransitionTime) and the time.
 */
public final class PodStatuses {

  private PodStatuses() {}

  public static PodStatus status(PodSim sim, PodStatus previous, Instant now) {
    String phase = phase(sim);
    boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
    List<ContainerStatus> app = sim.app().stream().map(c -> container(sim, c, now, false)).toList();
    List<ContainerStatus> init =
        sim.init().stream().map(c -> container(sim, c, now, true)).toList();
    List<PodCondition> conditions = conditions(sim, phase, terminal, app, init, previous, now);
    return new PodStatusBuilder()
        .withPhase(phase)
        .withConditions(conditions)
        .withHostIP(sim.hostIP())
        .withHostIPs(new HostIP(sim.hostIP()))
        .withPodIP(sim.podIP())
        .withPodIPs(new PodIP(sim.podIP()))
        .withStartTime(time(sim.startTime()))
        .withInitContainerStatuses(init.isEmpty() ? null : init)
        .withContainerStatuses(app)
        .withQosClass(qosClass(sim))
        .build();
  }

  /**
   * The kubelet's {@code getPhase}: Pending while initializing or while a container waits for its
   * first run; Running while one runs or will be restarted; otherwise Succeeded or Failed by the
   * exit codes and the restart policy.
   */
  public static String phase(PodSim sim) {
    RestartPolicy policy = RestartPolicy.of(sim.pod().getSpec().getRestartPolicy());
    for (ContainerSim c : sim.init()) {
      if (c.state() instanceof Terminated t && t.exitCode() != 0 && policy == RestartPolicy.NEVER) {
        return "Failed";
      }
    }
    if (!sim.initialized()) {
      return "Pending";
    }
    int waiting = 0;
    int running = 0;
    int stopped = 0;
    int succeeded = 0;
    for (ContainerSim c : sim.app()) {
      ContainerState s = c.state();
      if (s instanceof Running) {
        running++;
      } else if (s instanceof Terminated t) {
        stopped++;
        succeeded += t.exitCode() == 0 ? 1 : 0;
      } else if (c.lastState() instanceof Terminated) {
        stopped++;
      } else {
        waiting++;
      }
    }
    if (waiting > 0) {
      return "Pending";
    }
    if (running > 0) {
      return "Running";
    }
    return switch (policy) {
      case ALWAYS -> "Running";
      case ON_FAILURE -> stopped == succeeded ? "Succeeded" : "Running";
      case NEVER -> stopped == succeeded ? "Succeeded" : "Failed";
    };
  }

  private static List<PodCondition> conditions(
      PodSim sim,
      String phase,
      boolean terminal,
      List<ContainerStatus> app,
      List<ContainerStatus> init,
      PodStatus previous,
      Instant now) {
    List<PodCondition> out = new ArrayList<>();
    out.add(condition("PodReadyToStartContainers", !terminal, null, null));
    List<String> incomplete =
        sim.init().stream()
            .filter(c -> !(c.state() instanceof Terminated t && t.exitCode() == 0))
            .map(ContainerSim::name)
            .toList();
    if (incomplete.isEmpty()) {
      out.add(
          condition("Initialized", true, phase.equals("Succeeded") ? "PodCompleted" : null, null));
    } else {
      out.add(
          condition(
              "Initialized",
              false,
              "ContainersNotInitialized",
              "containers with incomplete status: " + list(incomplete)));
    }
    List<String> unready =
        app.stream().filter(s -> !s.getReady()).map(ContainerStatus::getName).toList();
    PodCondition containersReady;
    if (terminal) {
      String reason = phase.equals("Succeeded") ? "PodCompleted" : "PodFailed";
      containersReady = condition("ContainersReady", false, reason, null);
    } else if (!incomplete.isEmpty()) {
      containersReady =
          condition(
              "ContainersReady",
              false,
              "ContainersNotInitialized",
              "containers with incomplete status: " + list(incomplete));
    } else if (!unready.isEmpty()) {
      containersReady =
          condition(
              "ContainersReady",
              false,
              "ContainersNotReady",
              "containers with unready status: " + list(unready));
    } else {
      containersReady = condition("ContainersReady", true, null, null);
    }
    out.add(
        condition(
            "Ready",
            "True".equals(containersReady.getStatus()),
            containersReady.getReason(),
            containersReady.getMessage()));
    out.add(containersReady);
    out.add(condition("PodScheduled", true, null, null));
    return out.stream().map(c -> withTransition(c, previous, sim.startTime(), now)).toList();
  }

  /** Go's {@code fmt} of a string slice, as in the kubelet's messages: {@code [a b]}. */
  private static String list(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  private static PodCondition condition(String type, boolean status, String reason, String msg) {
    PodCondition c = new PodCondition();
    c.setType(type);
    c.setStatus(status ? "True" : "False");
    c.setReason(reason);
    c.setMessage(msg);
    c.setLastProbeTime(null);
    return c;
  }

  /**
   * Keeps the previous lastTransitionTime while the status stays the same. A condition seen for the
   * first time: PodScheduled and a True PodReadyToStartContainers/Initialized date from the start,
   * the rest from now.
   */
  private static PodCondition withTransition(
      PodCondition c, PodStatus previous, Instant start, Instant now) {
    PodCondition before =
        previous == null || previous.getConditions() == null
            ? null
            : previous.getConditions().stream()
                .filter(p -> c.getType().equals(p.getType()))
                .findFirst()
                .orElse(null);
    String at;
    if (before != null && Objects.equals(before.getStatus(), c.getStatus())) {
      at = before.getLastTransitionTime();
    } else if (before == null && c.getType().equals("PodScheduled")) {
      at = time(start);
    } else {
      at = time(now);
    }
    c.setLastTransitionTime(at);
    return c;
  }

  private static ContainerStatus container(PodSim sim, ContainerSim c, Instant now, boolean init) {
    boolean ready =
        init ? c.state() instanceof Terminated t && t.exitCode() == 0 : sim.ready(c, now);
    boolean hasRun = c.containerId() != null || c.lastState() != null;
    ContainerStatusBuilder b =
        new ContainerStatusBuilder()
            .withName(c.name())
            .withState(state(c.state()))
            .withLastState(
                c.lastState() == null ? new ContainerStateBuilder().build() : state(c.lastState()))
            .withReady(ready)
            .withRestartCount(c.restartCount())
            .withImage(hasRun ? Images.normalize(c.spec().image()) : c.spec().image())
            .withImageID(hasRun ? Images.imageId(c.spec().image()) : "")
            .withStarted(init ? null : sim.started(c));
    if (c.containerId() != null) {
      b.withContainerID(c.containerId());
    }
    return b.build();
  }

  private static io.fabric8.kubernetes.api.model.ContainerState state(ContainerState s) {
    ContainerStateBuilder b = new ContainerStateBuilder();
    if (s instanceof Waiting w) {
      b.withNewWaiting()
          .withReason(w.reason())
          .withMessage(w.message().isEmpty() ? null : w.message())
          .endWaiting();
    } else if (s instanceof Running r) {
      b.withNewRunning().withStartedAt(time(r.startedAt())).endRunning();
    } else if (s instanceof Terminated t) {
      b.withNewTerminated()
          .withExitCode(t.exitCode())
          .withReason(t.reason())
          .withMessage(t.message().isEmpty() ? null : t.message())
          .withStartedAt(t.startedAt() == null ? null : time(t.startedAt()))
          .withFinishedAt(time(t.finishedAt()))
          .endTerminated();
    }
    return b.build();
  }

  /**
   * Guaranteed: every container has cpu and memory limits equal to its requests (requests default
   * to limits). BestEffort: no container requests or limits cpu or memory. Burstable: the rest.
   */
  public static String qosClass(PodSim sim) {
    List<Container> all =
        Stream.concat(
                orEmpty(sim.pod().getSpec().getInitContainers()).stream(),
                orEmpty(sim.pod().getSpec().getContainers()).stream())
            .toList();
    boolean any = false;
    boolean guaranteed = true;
    for (Container c : all) {
      Map<String, Quantity> limits =
          c.getResources() == null || c.getResources().getLimits() == null
              ? Map.of()
              : c.getResources().getLimits();
      Map<String, Quantity> requests =
          c.getResources() == null || c.getResources().getRequests() == null
              ? Map.of()
              : c.getResources().getRequests();
      for (String r : List.of("cpu", "memory")) {
        any |= limits.containsKey(r) || requests.containsKey(r);
        if (!limits.containsKey(r)) {
          guaranteed = false;
        } else if (requests.containsKey(r)
            && io.kubesim.core.quantity.Quantity.parse(requests.get(r).toString())
                    .compareTo(io.kubesim.core.quantity.Quantity.parse(limits.get(r).toString()))
                != 0) {
          guaranteed = false;
        }
      }
    }
    if (!any) {
      return "BestEffort";
    }
    return guaranteed ? "Guaranteed" : "Burstable";
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  /** RFC 3339 in whole seconds, as metav1.Time serializes. */
  public static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
