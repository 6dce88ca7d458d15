package io.kubesim.scheduler;

import static io.kubesim.scheduler.Fixtures.container;
import static io.kubesim.scheduler.Fixtures.info;
import static io.kubesim.scheduler.Fixtures.node;
import static io.kubesim.scheduler.Fixtures.pod;
import static io.kubesim.scheduler.Fixtures.replicaSetPod;
import static io.kubesim.scheduler.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.plugins.podtopologyspread.PodTopologySpread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulingTest {

  private static final String CONTROL_PLANE_TAINT = "node-role.kubernetes.io/control-plane";

  /** A kind-like cluster: a tainted control plane and three workers of 2 cpu each. */
  static List<NodeInfo> kindCluster(Pod... onWorker1) {
    return List.of(
        info(
            node("kind-control-plane", "4", "8Gi", 110)
                .editSpec()
                .withTaints(taint(CONTROL_PLANE_TAINT, null, "NoSchedule"))
                .endSpec()),
        info(node("kind-worker", "2", "8Gi", 110).build(), onWorker1),
        info(node("kind-worker2", "2", "8Gi", 110)),
        info(node("kind-worker3", "2", "8Gi", 110)));
  }

  /**
   * SplittableRandom, not java.util.Random: Random's first outputs for neighbouring seeds are
   * nearly equal, so seeds 0..29 never picked the middle of three tied nodes.
   */
  static Scheduling scheduling(long seed) {
    return Scheduling.defaults(new SplittableRandom(seed));
  }

  record FailureCase(
      String name, Pod pod, List<NodeInfo> nodes, String message, List<String> candidates) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<FailureCase> failures() {
    Pod threeCpu = pod("big", container("cpu", "3")).build();
    Pod lowPriority =
        new PodBuilder(pod("low", container("cpu", "1500m")).build())
            .editSpec()
            .withPriority(-10)
            .endSpec()
            .build();
    Pod oneCpu = pod("one", container("cpu", "1")).build();
    return Stream.of(
        new FailureCase(
            "A pod too big for every worker names the taint once and cpu three times, then why"
                + " preemption cannot help",
            threeCpu,
            kindCluster(),
            "0/4 nodes are available: 1 node(s) had untolerated taint"
                + " {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4"
                + " nodes are available: 1 Preemption is not helpful for scheduling, 3 No"
                + " preemption victims found for incoming pod.",
            List.of()),
        new FailureCase(
            "Resources that stay missing after evicting every lower-priority pod are repeated",
            threeCpu,
            kindCluster(lowPriority),
            "0/4 nodes are available: 1 node(s) had untolerated taint"
                + " {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4"
                + " nodes are available: 1 Insufficient cpu, 1 Preemption is not helpful for"
                + " scheduling, 2 No preemption victims found for incoming pod.",
            List.of()),
        new FailureCase(
            "A node where evicting a lower-priority pod makes room is a candidate and the"
                + " message has no preemption part",
            oneCpu,
            List.of(
                kindCluster().get(0),
                info(node("kind-worker", "2", "8Gi", 110).build(), lowPriority)),
            "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint"
                + " {node-role.kubernetes.io/control-plane: }.",
            List.of("kind-worker")),
        new FailureCase(
            "A pod with preemptionPolicy Never says it is not eligible",
            new PodBuilder(threeCpu).editSpec().withPreemptionPolicy("Never").endSpec().build(),
            kindCluster(),
            "0/4 nodes are available: 1 node(s) had untolerated taint"
                + " {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: not"
                + " eligible due to preemptionPolicy=Never.",
            List.of()),
        new FailureCase(
            "An empty cluster has no nodes available",
            oneCpu,
            List.of(),
            "no nodes available to schedule pods",
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failure(FailureCase c) {
    Scheduling.Result result = scheduling(1).schedule(c.pod(), c.nodes());
    assertThat(result.scheduled()).isFalse();
    assertThat(result.message()).isEqualTo(c.message());
    assertThat(result.preemptionCandidates()).isEqualTo(c.candidates());
  }

  @Test
  void theOnlyFeasibleNodeIsChosenWithoutScoring() {
    Pod pod = pod("p", container("cpu", "1")).build();
    List<NodeInfo> nodes =
        List.of(kindCluster().get(0), info(node("kind-worker", "2", "8Gi", 110)));
    Scheduling.Result result = scheduling(1).schedule(pod, nodes);
    assertThat(result.selectedNode()).isEqualTo("kind-worker");
    assertThat(result.totalScores()).isEmpty();
  }

  @Test
  void theLessAllocatedNodeWins() {
    Pod busy = pod("busy", container("cpu", "1500m", "memory", "4Gi")).build();
    Pod pod = pod("p", container("cpu", "250m", "memory", "256Mi")).build();
    List<NodeInfo> nodes =
        List.of(
            info(node("kind-worker", "2", "8Gi", 110).build(), busy),
            info(node("kind-worker2", "2", "8Gi", 110)));
    Scheduling.Result result = scheduling(1).schedule(pod, nodes);
    assertThat(result.selectedNode()).isEqualTo("kind-worker2");
    // LeastAllocated * 1 + TaintToleration 100 * 3 (PodTopologySpread skipped: no owner).
    // kind-worker: cpu (2000-1750)*100/2000 = 12, memory (8192-4352)*100/8192 = 46 -> 29.
    // kind-worker2: cpu (2000-250)*100/2000 = 87, memory (8192-256)*100/8192 = 96 -> 91.
    assertThat(result.totalScores())
        .containsExactly(Map.entry("kind-worker", 329L), Map.entry("kind-worker2", 391L));
  }

  @Test
  void aNodeWithAnUntoleratedPreferNoScheduleTaintLoses() {
    Pod pod = pod("p", container("cpu", "100m")).build();
    List<NodeInfo> nodes =
        List.of(
            info(
                node("spot")
                    .editSpec()
                    .withTaints(taint("spot", "true", "PreferNoSchedule"))
                    .endSpec()),
            info(node("regular")));
    Scheduling.Result result = scheduling(1).schedule(pod, nodes);
    assertThat(result.selectedNode()).isEqualTo("regular");
    assertThat(result.totalScores().get("regular") - result.totalScores().get("spot"))
        .isEqualTo(300);
  }

  @Test
  void spreadScoresFollowTheWorkedExample() {
    Pod rsPod = replicaSetPod("web-new", "web").build();
    List<NodeInfo> nodes =
        List.of(
            info(
                node("a"),
                replicaSetPod("web-1", "web").build(),
                replicaSetPod("web-2", "web").build()),
            info(node("b"), pod("other", container()).build()),
            info(node("c"), replicaSetPod("web-3", "web").build()));
    PodTopologySpread spread = new PodTopologySpread();
    long[] scores = spread.score(rsPod, nodes, nodes);
    assertThat(scores).containsExactly(5, 2, 4);
    spread.normalize(scores);
    assertThat(scores).containsExactly(40, 100, 60);
  }

  @Test
  void theNodesCountOfAControllersPodsScoresAsTestingEachPod() {
    Pod rsPod = replicaSetPod("web-new", "web").build();
    List<NodeInfo> nodes =
        List.of(
            info(
                node("a"),
                replicaSetPod("web-1", "web").build(),
                replicaSetPod("web-2", "web")
                    .editMetadata()
                    .withDeletionTimestamp("2026-12-07T00:00:00Z")
                    .endMetadata()
                    .build(),
                replicaSetPod("db-1", "db").build()),
            info(
                node("b"),
                replicaSetPod("web-3", "web").build(),
                replicaSetPod("web-4", "web").build(),
                replicaSetPod("web-5", "web")
                    .editMetadata()
                    .withNamespace("other")
                    .endMetadata()
                    .build()),
            info(node("c")));
    // Not the default selector itself: scores by testing every pod of every node.
    PodTopologySpread podByPod =
        new PodTopologySpread(pod -> PodTopologySpread.SAME_CONTROLLER.selectorFor(pod));
    long[] counted = new PodTopologySpread().score(rsPod, nodes, nodes);
    assertThat(counted).containsExactly(podByPod.score(rsPod, nodes, nodes));
    assertThat(counted).containsExactly(4, 5, 2);
  }

  @Test
  void replicasOfAReplicaSetAreSpreadOverTheWorkers() {
    Scheduling scheduling = scheduling(7);
    Map<String, List<Pod>> bound = new HashMap<>();
    List<Node> workers = List.of(node("w1").build(), node("w2").build(), node("w3").build());
    for (int i = 0; i < 6; i++) {
      List<NodeInfo> snapshot = new ArrayList<>();
      for (Node n : workers) {
        snapshot.add(NodeInfo.of(n, bound.getOrDefault(n.getMetadata().getName(), List.of())));
      }
      Pod replica = replicaSetPod("web-" + i, "web", container("cpu", "100m")).build();
      String chosen = scheduling.schedule(replica, snapshot).selectedNode();
      bound.computeIfAbsent(chosen, k -> new ArrayList<>()).add(replica);
    }
    assertThat(bound).hasSize(3);
    assertThat(bound.values()).allSatisfy(pods -> assertThat(pods).hasSize(2));
  }

  @Test
  void equalNodesAreChosenFromTheSeedDeterministically() {
    Pod pod = pod("p", container("cpu", "100m")).build();
    List<NodeInfo> nodes = List.of(info(node("w1")), info(node("w2")), info(node("w3")));
    Set<String> chosen = new HashSet<>();
    for (long seed = 0; seed < 30; seed++) {
      String first = scheduling(seed).schedule(pod, nodes).selectedNode();
      assertThat(scheduling(seed).schedule(pod, nodes).selectedNode()).isEqualTo(first);
      chosen.add(first);
    }
    assertThat(chosen).containsExactlyInAnyOrder("w1", "w2", "w3");
  }

  @Test
  void aTieBreakerThatNeverReplacesKeepsTheFirstTopNode() {
    Pod pod = pod("p", container("cpu", "100m")).build();
    List<NodeInfo> nodes = List.of(info(node("w1")), info(node("w2")), info(node("w3")));
    Scheduling keepFirst = Scheduling.defaults(new FixedRandom(1));
    Scheduling takeLast = Scheduling.defaults(new FixedRandom(0));
    assertThat(keepFirst.schedule(pod, nodes).selectedNode()).isEqualTo("w1");
    assertThat(takeLast.schedule(pod, nodes).selectedNode()).isEqualTo("w3");
  }

  /**
   * nextInt(bound) always answers min(value, bound - 1): 0 means "replace", anything else "keep".
   */
  private record FixedRandom(int value) implements java.util.random.RandomGenerator {
    @Override
    public long nextLong() {
      return value;
    }

    @Override
    public int nextInt(int bound) {
      return Math.min(value, bound - 1);
    }
  }
}
