package io.kubesim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kubesim.kubelet.probe.Prober;
import io.kubesim.kubelet.status.PodStatuses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders and a fixed clock for the kubelet's pure tests. */
public final class Pods {

  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Pods() {}

  public static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  public static ContainerBuilder container(String name, String image, String... command) {
    ContainerBuilder b = new ContainerBuilder().withName(name).withImage(image);
    if (command.length > 0) {
      b.withCommand(List.of(command));
    }
    return b;
  }

  public static Pod pod(
      String restartPolicy,
      Map<String, String> annotations,
      List<Container> init,
      Container... containers) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("default")
        .withUid("uid-1")
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy(restartPolicy)
        .withInitContainers(init)
        .withContainers(containers)
        .endSpec()
        .build();
  }

  public static Pod pod(String restartPolicy, Map<String, String> annotations, Container... cs) {
    return pod(restartPolicy, annotations, List.of(), cs);
  }

  /** A pod run on a fixed clock, one second at a time, keeping every event and status. */
  public static final class Run {
    public PodSim sim;
    public final List<Event> events = new ArrayList<>();
    public PodStatus status;
    public Instant now = T0;
    private final Prober prober;

    public Run(Pod pod, Prober prober) {
      this.sim = PodSim.admit(pod, T0, "10.0.0.1", "10.244.1.5");
      this.prober = prober;
      this.status = PodStatuses.status(sim, null, now);
    }

    public Run(Pod pod) {
      this(pod, Prober.scripted());
    }

    public Run until(long seconds) {
      while (now.isBefore(at(seconds))) {
        now = now.plus(Duration.ofSeconds(1));
        PodSim.Step step = sim.step(now, prober);
        sim = step.pod();
        events.addAll(step.events());
        status = PodStatuses.status(sim, status, now);
      }
      return this;
    }

    public List<Long> times(String reason) {
      return events.stream()
          .filter(e -> e.reason().equals(reason))
          .map(e -> Duration.between(T0, e.at()).toSeconds())
          .toList();
    }

    public List<String> messages(String reason) {
      return events.stream().filter(e -> e.reason().equals(reason)).map(Event::message).toList();
    }

    public String condition(String type) {
      return status.getConditions().stream()
          .filter(c -> c.getType().equals(type))
          .findFirst()
          .orElseThrow()
          .getStatus();
    }
  }
}
