package io.kubesim.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.kubelet.Pods;
import io.kubesim.kubelet.runtime.ContainerSim;
import io.kubesim.kubelet.runtime.ContainerSim.Lifecycle;
import io.kubesim.kubelet.runtime.ContainerSpec;
import io.kubesim.kubelet.runtime.ContainerState;
import io.kubesim.kubelet.runtime.ContainerState.Running;
import io.kubesim.kubelet.runtime.ContainerState.Terminated;
import io.kubesim.kubelet.runtime.ContainerState.Waiting;
import io.kubesim.kubelet.runtime.Script;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LogTargetTest {
  static final Instant T0 = Pods.T0;
  static final Terminated EXITED = new Terminated(1, "Error", "", T0, T0.plusSeconds(5));

  record Case(
      String name,
      ContainerState state,
      ContainerState last,
      int restarts,
      boolean previous,
      int run,
      String error) {}

  static List<Case> cases() {
    return List.of(
        new Case(
            "a running container shows its current run", new Running(T0), null, 2, false, 2, null),
        new Case("previous shows the run before", new Running(T0), EXITED, 2, true, 1, null),
        new Case(
            "previous without an earlier run is an error",
            new Running(T0),
            null,
            0,
            true,
            -1,
            "previous terminated container \"app\" in pod \"web\" not found"),
        new Case("a terminated container shows its last run", EXITED, null, 0, false, 0, null),
        new Case(
            "a container in back-off shows the run that crashed",
            new Waiting("CrashLoopBackOff", "back-off"),
            EXITED,
            3,
            false,
            2,
            null),
        new Case(
            "a container being created has no logs yet",
            new Waiting("ContainerCreating", ""),
            null,
            0,
            false,
            -1,
            "container \"app\" in pod \"web\" is waiting to start: ContainerCreating"),
        new Case(
            "an image that cannot be pulled says so",
            new Waiting("ImagePullBackOff", ""),
            null,
            0,
            false,
            -1,
            "container \"app\" in pod \"web\" is waiting to start: trying and failing to pull"
                + " image"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRunToReadFollowsTheKubeletsRules(Case c) {
    ContainerSpec spec =
        ContainerSpec.of(
            Pods.pod(
                "Always", java.util.Map.of(), List.of(), Pods.container("app", "nginx").build()),
            Pods.container("app", "nginx").build(),
            false,
            Script.DEFAULT);
    ContainerSim sim =
        new ContainerSim(
            spec, Lifecycle.RUNNING, T0, c.state(), c.last(), c.restarts(), 0, true, null);
    LogTarget.Choice choice = LogTarget.choose(sim, "web", c.previous());
    assertThat(choice.error()).isEqualTo(c.error());
    if (c.error() == null) {
      assertThat(choice.run()).isEqualTo(c.run());
    }
  }
}
