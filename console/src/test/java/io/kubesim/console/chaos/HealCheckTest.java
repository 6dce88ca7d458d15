package io.kubesim.console.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HealCheckTest {
  private static final Instant START = Instant.parse("2026-12-07T15:00:00Z");
  private static final Instant BEFORE = START.minusSeconds(5);
  private static final Instant AFTER = START.plusSeconds(25);
  private static final String WEB = "Deployment default/web";

  /** Healthy when the experiment began: web 3/3, two Ready nodes, the scheduler's pod. */
  private static final Snapshot.Baseline BASELINE =
      new Snapshot.Baseline(
          Set.of(WEB),
          Set.of("kubesim-worker", "kubesim-worker2"),
          Map.of("kube-system/kube-scheduler-kubesim-control-plane", "kubesim://1"));

  record Case(String name, Target target, Snapshot now, List<String> waiting) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Snapshot snapshot(
      int webReady, boolean worker2Ready, Instant worker2Renewed, Snapshot.MirrorPod scheduler) {
    return new Snapshot(
        List.of(new Snapshot.Workload(WEB, 3, webReady)),
        Map.of("kubesim-worker", true, "kubesim-worker2", worker2Ready),
        Map.of("kubesim-worker", AFTER, "kubesim-worker2", worker2Renewed),
        List.of(scheduler));
  }

  private static Snapshot.MirrorPod scheduler(boolean ready, String container) {
    return new Snapshot.MirrorPod(
        "kube-system/kube-scheduler-kubesim-control-plane", "kube-scheduler", ready, container);
  }

  private static final Snapshot.MirrorPod OLD_SCHEDULER = scheduler(true, "kubesim://1");
  private static final Target WORKER2 = new Target.Node("kubesim-worker2");

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a killed node that still reads Ready but has sent no heartbeat since is not back",
            WORKER2,
            snapshot(3, true, BEFORE, OLD_SCHEDULER),
            List.of("node kubesim-worker2: no heartbeat since the experiment began")),
        new Case(
            "a dead node's workload short of ready replicas holds the heal back",
            WORKER2,
            snapshot(2, false, BEFORE, OLD_SCHEDULER),
            List.of(
                "Deployment default/web: 2 of 3 ready",
                "node kubesim-worker2: not Ready",
                "node kubesim-worker2: no heartbeat since the experiment began")),
        new Case(
            "workloads moved to the other nodes but the node is still down: not healed",
            WORKER2,
            snapshot(3, false, BEFORE, OLD_SCHEDULER),
            List.of(
                "node kubesim-worker2: not Ready",
                "node kubesim-worker2: no heartbeat since the experiment began")),
        new Case(
            "a node that renewed its Lease but is not Ready yet is not back",
            WORKER2,
            snapshot(3, false, AFTER, OLD_SCHEDULER),
            List.of("node kubesim-worker2: not Ready")),
        new Case(
            "the node renewed its Lease after the start and is Ready, every workload ready: healed",
            WORKER2,
            snapshot(3, true, AFTER, OLD_SCHEDULER),
            List.of()),
        new Case(
            "a workload that was not ready before the experiment does not hold the heal back",
            WORKER2,
            new Snapshot(
                List.of(
                    new Snapshot.Workload(WEB, 3, 3),
                    new Snapshot.Workload("Deployment default/never-ready", 2, 0)),
                Map.of("kubesim-worker", true, "kubesim-worker2", true),
                Map.of("kubesim-worker2", AFTER),
                List.of(OLD_SCHEDULER)),
            List.of()),
        new Case(
            "a node that was NotReady before the experiment does not hold the heal back",
            new Target.Unseen("kube-state-metrics"),
            new Snapshot(
                List.of(new Snapshot.Workload(WEB, 3, 3)),
                Map.of("kubesim-worker", true, "kubesim-worker2", true, "kubesim-worker3", false),
                Map.of(),
                List.of(OLD_SCHEDULER)),
            List.of()),
        new Case(
            "a deleted node counts as replaced",
            WORKER2,
            new Snapshot(
                List.of(new Snapshot.Workload(WEB, 3, 3)),
                Map.of("kubesim-worker", true),
                Map.of(),
                List.of(OLD_SCHEDULER)),
            List.of()),
        new Case(
            "a killed scheduler whose pod still shows the old container has not come back",
            new Target.Component("kube-scheduler"),
            snapshot(3, true, AFTER, OLD_SCHEDULER),
            List.of("pod kube-system/kube-scheduler-kubesim-control-plane: not restarted yet")),
        new Case(
            "a restarted scheduler that is not Ready yet is not back",
            new Target.Component("kube-scheduler"),
            snapshot(3, true, AFTER, scheduler(false, "kubesim://2")),
            List.of("pod kube-system/kube-scheduler-kubesim-control-plane: not Ready")),
        new Case(
            "a scheduler Ready in a new container is back",
            new Target.Component("kube-scheduler"),
            snapshot(3, true, AFTER, scheduler(true, "kubesim://2")),
            List.of()),
        new Case(
            "a component with no pod at all is not back",
            new Target.Component("coredns"),
            snapshot(3, true, AFTER, OLD_SCHEDULER),
            List.of("coredns: no pod")),
        new Case(
            "a process without a pod is judged by the rest of the cluster only",
            new Target.Unseen("kube-state-metrics"),
            snapshot(3, true, BEFORE, OLD_SCHEDULER),
            List.of()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void waitingFor(Case c) {
    assertThat(HealCheck.waitingFor(c.target(), START, BASELINE, c.now()))
        .containsExactlyElementsOf(c.waiting());
  }
}
