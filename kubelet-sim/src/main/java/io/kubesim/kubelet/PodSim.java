package io.kubesim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.kubelet.probe.ProbeKind;
import io.kubesim.kubelet.probe.ProbeResult;
import io.kubesim.kubelet.probe.ProbeState;
import io.kubesim.kubelet.probe.Prober;
import io.kubesim.kubelet.probe.Probes;
import io.kubesim.kubelet.runtime.ContainerSim;
import io.kubesim.kubelet.runtime.ContainerSim.Lifecycle;
import io.kubesim.kubelet.runtime.ContainerSpec;
import io.kubesim.kubelet.runtime.ContainerState.Terminated;
import io.kubesim.kubelet.runtime.Script;
import io.kubesim.kubelet.runtime.Stages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pod on a simulated node, as a value: its init and app containers and the probe workers of the
 * running ones. {@link #step} advances it to {@code now}, applying container stages and probe ticks
 * in time order (stages first at equal instants), so the result does not depend on how often the
 * caller steps.
 *
 * @param probes probe workers per running app container name
 */
public record PodSim(
    Pod pod,
    Script script,
    Instant startTime,
    String hostIP,
    String podIP,
    List<ContainerSim> init,
    List<ContainerSim> app,
    Map<String, Map<ProbeKind, ProbeState>> probes) {

  /** A bounded loop: a pod whose stages would not leave an instant is a bug, not a hang. */
  static final int MAX_CHANGES_PER_STEP = 100_000;

  public PodSim {
    init = List.copyOf(init);
    app = List.copyOf(app);
    probes = Map.copyOf(probes);
  }

  /** The step's result: the pod after it and the events recorded, in order. */
  public record Step(PodSim pod, List<Event> events) {}

  /**
   * A pod admitted on the node at {@code startTime}: the sandbox is ready, the first container may
   * begin.
   */
  public static PodSim admit(Pod pod, Instant startTime, String hostIP, String podIP) {
    return admitted(pod, startTime, hostIP, podIP).openGates(startTime);
  }

  /**
   * A pod admitted whose volumes are not mounted yet: every container waits (ContainerCreating, or
   * PodInitializing behind init containers) until {@link #mounted}.
   */
  public static PodSim admitUnmounted(Pod pod, Instant startTime, String hostIP, String podIP) {
    return admitted(pod, startTime, hostIP, podIP);
  }

  /** The pod's volumes are set up at {@code at}: its first container may begin. */
  public PodSim mounted(Instant at) {
    return openGates(at);
  }

  private static PodSim admitted(Pod pod, Instant startTime, String hostIP, String podIP) {
    Script script = Script.parse(pod.getMetadata().getAnnotations());
    List<ContainerSim> init = new ArrayList<>();
    for (Container c : nullSafe(pod.getSpec().getInitContainers())) {
      init.add(
          ContainerSim.gated(ContainerSpec.of(pod, c, true, script), startTime, "PodInitializing"));
    }
    List<ContainerSim> app = new ArrayList<>();
    String appReason = init.isEmpty() ? "ContainerCreating" : "PodInitializing";
    for (Container c : nullSafe(pod.getSpec().getContainers())) {
      app.add(ContainerSim.gated(ContainerSpec.of(pod, c, false, script), startTime, appReason));
    }
    return new PodSim(pod, script, startTime, hostIP, podIP, init, app, Map.of());
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** All init containers completed (exit 0): the app containers may run. */
  public boolean initialized() {
    return init.stream().allMatch(PodSim::completed);
  }

  static boolean completed(ContainerSim c) {
    return c.lifecycle() == Lifecycle.EXITED
        && c.state() instanceof Terminated t
        && t.exitCode() == 0;
  }

  /** Opens the next init container once the previous one completed, then the app containers. */
  PodSim openGates(Instant at) {
    List<ContainerSim> i = new ArrayList<>(init);
    for (int k = 0; k < i.size(); k++) {
      if (!completed(i.get(k))) {
        i.set(k, i.get(k).open(at));
        return withContainers(i, app, probes);
      }
    }
    return withContainers(i, app.stream().map(c -> c.open(at)).toList(), probes);
  }

  private PodSim withContainers(
      List<ContainerSim> i, List<ContainerSim> a, Map<String, Map<ProbeKind, ProbeState>> p) {
    return new PodSim(pod, script, startTime, hostIP, podIP, i, a, p);
  }

  /** Advances the pod to {@code now}; {@code prober} answers httpGet and tcpSocket probes. */
  public Step step(Instant now, Prober prober) {
    PodSim sim = this;
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < MAX_CHANGES_PER_STEP; n++) {
      Next next = sim.earliest();
      if (next == null || next.at().isAfter(now)) {
        return new Step(sim, events);
      }
      sim =
          next.container() != null
              ? sim.applyStage(next, events)
              : sim.applyProbe(next, prober, events);
    }
    throw new IllegalStateException("pod " + pod.getMetadata().getName() + " does not settle");
  }

  /** When the next stage or probe tick is due, if anything is left to happen. */
  public java.util.Optional<Instant> nextAt() {
    Next next = earliest();
    return next == null ? java.util.Optional.empty() : java.util.Optional.of(next.at());
  }

  /** The same pod with its containers replaced (a rebooted node's pod keeps its restart counts). */
  public PodSim withApp(List<ContainerSim> containers) {
    return withContainers(init, containers, probes);
  }

  /** What happens next: a container's stage or a probe tick. */
  private record Next(
      Instant at, String container, boolean initContainer, String probeOf, ProbeKind kind) {}

  private Next earliest() {
    Next best = null;
    for (ContainerSim c : init) {
      best =
          earlier(
              best,
              Stages.next(c).map(d -> new Next(d.at(), c.name(), true, null, null)).orElse(null));
    }
    for (ContainerSim c : app) {
      best =
          earlier(
              best,
              Stages.next(c).map(d -> new Next(d.at(), c.name(), false, null, null)).orElse(null));
    }
    for (var e : probes.entrySet()) {
      for (ProbeState s : e.getValue().values()) {
        if (s.nextAt() != null) {
          best = earlier(best, new Next(s.nextAt(), null, false, e.getKey(), s.kind()));
        }
      }
    }
    return best;
  }

  private static Next earlier(Next a, Next b) {
    if (b == null) {
      return a;
    }
    if (a == null || b.at().isBefore(a.at())) {
      return b;
    }
    if (b.at().isAfter(a.at())) {
      return a;
    }
    // at the same instant: container stages before probe ticks (scan order among stages), and
    // probe ticks by container name then kind (startup, liveness, readiness), never by map order
    if (a.container() != null || b.container() != null) {
      return a.container() == null ? b : a;
    }
    int byName = b.probeOf().compareTo(a.probeOf());
    return byName < 0 || (byName == 0 && b.kind().ordinal() < a.kind().ordinal()) ? b : a;
  }

  private PodSim applyStage(Next next, List<Event> events) {
    List<ContainerSim> list = next.initContainer() ? init : app;
    int index = indexOf(list, next.container());
    ContainerSim before = list.get(index);
    var due = Stages.next(before).orElseThrow();
    Stages.Result r = due.stage().then().apply(before, due.at());
    events.addAll(r.events());
    return replace(next.initContainer(), index, r.next(), before, due.at());
  }

  /** Puts a container back, keeping its probe workers in step with its running state. */
  private PodSim replace(
      boolean initContainer, int index, ContainerSim after, ContainerSim before, Instant at) {
    List<ContainerSim> i = new ArrayList<>(init);
    List<ContainerSim> a = new ArrayList<>(app);
    (initContainer ? i : a).set(index, after);
    Map<String, Map<ProbeKind, ProbeState>> p = new HashMap<>(probes);
    if (!initContainer) {
      if (after.lifecycle() == Lifecycle.RUNNING && before.lifecycle() != Lifecycle.RUNNING) {
        p.put(after.name(), Probes.start(after.spec().container(), after.startedAt()));
      } else if (after.lifecycle() != Lifecycle.RUNNING) {
        p.remove(after.name());
      }
    }
    PodSim sim = withContainers(i, a, p);
    return initContainer && completed(after) ? sim.openGates(at) : sim;
  }

  private PodSim applyProbe(Next next, Prober prober, List<Event> events) {
    Map<ProbeKind, ProbeState> workers = probes.get(next.probeOf());
    ProbeState s = workers.get(next.kind());
    int index = indexOf(app, next.probeOf());
    ContainerSim c = app.get(index);
    Map<ProbeKind, ProbeState> updated = new HashMap<>(workers);
    if (!Probes.runs(s, workers)) {
      updated.put(s.kind(), Probes.skip(s));
      return withProbes(next.probeOf(), updated);
    }
    ProbeResult result = prober.probe(c, s.kind(), s.spec(), s.nextAt());
    Instant at = s.nextAt();
    if (!result.success()) {
      events.add(
          Event.warning(
              at,
              "Unhealthy",
              s.kind().label() + " probe failed: " + result.output(),
              c.spec().fieldPath()));
    }
    ProbeState after = Probes.record(s, result.success());
    updated.put(s.kind(), after);
    if (Probes.kills(after)) {
      String what = s.kind() == ProbeKind.STARTUP ? "startup" : "liveness";
      String message = "Container " + c.name() + " failed " + what + " probe";
      if (c.spec().restartPolicy() != io.kubesim.kubelet.runtime.RestartPolicy.NEVER) {
        message += ", will be restarted";
      }
      Stages.Result killed = Stages.kill(c, at, message);
      events.addAll(killed.events());
      return replace(false, index, killed.next(), c, at);
    }
    return withProbes(next.probeOf(), updated);
  }

  private PodSim withProbes(String container, Map<ProbeKind, ProbeState> workers) {
    Map<String, Map<ProbeKind, ProbeState>> p = new HashMap<>(probes);
    p.put(container, Map.copyOf(workers));
    return withContainers(init, app, p);
  }

  private static int indexOf(List<ContainerSim> list, String name) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no container " + name);
  }

  /** Started: running, and its startup probe (if any) passed. */
  public boolean started(ContainerSim c) {
    return c.lifecycle() == Lifecycle.RUNNING
        && Probes.started(probes.getOrDefault(c.name(), Map.of()));
  }

  /**
   * Ready: started, and its readiness probe's result is Success; without a readiness probe, from
   * {@code kubesim.io/ready-after-seconds} after the start.
   */
  public boolean ready(ContainerSim c, Instant now) {
    if (!started(c)) {
      return false;
    }
    ProbeState readiness = probes.getOrDefault(c.name(), Map.of()).get(ProbeKind.READINESS);
    if (readiness != null) {
      return Boolean.TRUE.equals(readiness.result());
    }
    return !now.isBefore(c.startedAt().plus(script.readyAfter()));
  }

  public ContainerSim container(String name) {
    return app.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseGet(() -> init.get(indexOf(init, name)));
  }
}
