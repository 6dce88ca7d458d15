package io.kubesim.controllermanager.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeHealthTest {
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final Duration GRACE = Duration.ofSeconds(50);
  static final Duration STARTUP = Duration.ofSeconds(60);

  static Node node(String ready, List<Taint> taints) {
    NodeBuilder b =
        new NodeBuilder()
            .withNewMetadata()
            .withName("w1")
            .withCreationTimestamp("2024-05-01T11:00:00Z")
            .endMetadata()
            .withNewSpec()
            .withTaints(taints)
            .endSpec()
            .withNewStatus()
            .endStatus();
    if (ready != null) {
      List<NodeCondition> conditions = new ArrayList<>();
      conditions.add(
          new NodeCondition(
              "2024-05-01T11:59:00Z",
              "2024-05-01T11:00:00Z",
              "kubelet is posting ready status",
              "KubeletReady",
              ready,
              "Ready"));
      conditions.add(
          new NodeCondition(
              "2024-05-01T11:59:00Z",
              "2024-05-01T11:00:00Z",
              "kubelet has sufficient memory available",
              "KubeletHasSufficientMemory",
              "False",
              "MemoryPressure"));
      b.editStatus().withConditions(conditions).endStatus();
    }
    return b.build();
  }

  static Taint taint(String key, String effect) {
    return NodeHealth.taint(key, effect, null);
  }

  static List<String> keys(List<Taint> taints) {
    return taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
  }

  @Test
  void aChangedHeartbeatOrRenewTimeRestartsTheGracePeriodAndTheSameOneDoesNot() {
    Node n = node("True", List.of());
    NodeHealth.Probe first = NodeHealth.observe(null, n, "t1", 1_000);
    assertThat(first.probeMillis()).isEqualTo(1_000);
    assertThat(NodeHealth.observe(first, n, "t1", 9_000)).isSameAs(first);
    assertThat(NodeHealth.observe(first, n, "t2", 9_000).probeMillis()).isEqualTo(9_000);
    Node beat = node("True", List.of());
    beat.getStatus().getConditions().get(0).setLastHeartbeatTime("2024-05-01T11:59:40Z");
    assertThat(NodeHealth.observe(first, beat, "t1", 9_000).probeMillis()).isEqualTo(9_000);
  }

  record Case(
      String name,
      Node node,
      long silentMillis,
      List<String> conditionsToUnknown,
      List<String> add,
      List<String> remove,
      boolean becameUnreachable) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String unreachableNoExecute = "node.kubernetes.io/unreachable:NoExecute";
    String unreachableNoSchedule = "node.kubernetes.io/unreachable:NoSchedule";
    String notReadyNoExecute = "node.kubernetes.io/not-ready:NoExecute";
    String notReadyNoSchedule = "node.kubernetes.io/not-ready:NoSchedule";
    return Stream.of(
        new Case(
            "a node heard from within the grace period is left alone",
            node("True", List.of()),
            50_000,
            List.of(),
            List.of(),
            List.of(),
            false),
        new Case(
            "a ready node silent for longer than the grace period goes Unknown and unreachable",
            node("True", List.of()),
            50_001,
            List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure"),
            List.of(unreachableNoExecute, unreachableNoSchedule),
            List.of(),
            true),
        new Case(
            "a node already Unknown and tainted needs nothing more",
            node(
                "Unknown",
                List.of(
                    taint("node.kubernetes.io/unreachable", "NoExecute"),
                    taint("node.kubernetes.io/unreachable", "NoSchedule"))),
            120_000,
            List.of("MemoryPressure", "DiskPressure", "PIDPressure"),
            List.of(),
            List.of(),
            false),
        new Case(
            "a node whose Lease renews again loses the unreachable taints",
            node(
                "Unknown",
                List.of(
                    taint("node-role.kubernetes.io/control-plane", "NoSchedule"),
                    taint("node.kubernetes.io/unreachable", "NoExecute"),
                    taint("node.kubernetes.io/unreachable", "NoSchedule"))),
            1_000,
            List.of(),
            List.of(),
            List.of(unreachableNoExecute, unreachableNoSchedule),
            false),
        new Case(
            "a node whose kubelet reports NotReady gets the not-ready taints",
            node("False", List.of()),
            1_000,
            List.of(),
            List.of(notReadyNoExecute, notReadyNoSchedule),
            List.of(),
            false),
        new Case(
            "a not-ready node that then goes silent swaps to the unreachable taints",
            node(
                "False",
                List.of(
                    taint("node.kubernetes.io/not-ready", "NoExecute"),
                    taint("node.kubernetes.io/not-ready", "NoSchedule"))),
            60_000,
            List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure"),
            List.of(unreachableNoExecute, unreachableNoSchedule),
            List.of(notReadyNoExecute, notReadyNoSchedule),
            false),
        new Case(
            "a node that never posted Ready gets the startup grace period",
            node(null, List.of()),
            55_000,
            List.of(),
            List.of(),
            List.of(),
            false),
        new Case(
            "a node that never posted Ready goes Unknown after the startup grace period",
            node(null, List.of()),
            60_001,
            List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure"),
            List.of(unreachableNoExecute, unreachableNoSchedule),
            List.of(),
            false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void plansOnePass(Case c) {
    NodeHealth.Probe probe = new NodeHealth.Probe("t1", "x", 100_000);
    NodeHealth.Plan plan =
        NodeHealth.plan(c.node(), probe, 100_000 + c.silentMillis(), GRACE, STARTUP, NOW);
    assertThat(plan.conditions())
        .extracting(NodeHealth.ConditionUpdate::type)
        .containsExactlyElementsOf(c.conditionsToUnknown());
    assertThat(keys(plan.taintsToAdd())).containsExactlyElementsOf(c.add());
    assertThat(keys(plan.taintsToRemove())).containsExactlyElementsOf(c.remove());
    assertThat(plan.becameUnreachable()).isEqualTo(c.becameUnreachable());
  }

  @Test
  void theUnknownConditionsCarryTheRealReasonAndMessageAndKeepTheHeartbeat() {
    NodeHealth.Plan plan =
        NodeHealth.plan(
            node("True", List.of()),
            new NodeHealth.Probe("t", "x", 0),
            60_000,
            GRACE,
            STARTUP,
            NOW);
    NodeHealth.ConditionUpdate ready = plan.conditions().get(0);
    assertThat(ready)
        .isEqualTo(
            new NodeHealth.ConditionUpdate(
                "Ready",
                "Unknown",
                "NodeStatusUnknown",
                "Kubelet stopped posting node status.",
                null,
                "2024-05-01T12:00:00Z"));
    NodeHealth.ConditionUpdate missing = plan.conditions().get(2);
    assertThat(missing.reason()).isEqualTo("NodeStatusNeverUpdated");
    assertThat(missing.message()).isEqualTo("Kubelet never posted node status.");
    assertThat(plan.taintsToAdd().get(0).getTimeAdded()).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(plan.taintsToAdd().get(1).getTimeAdded()).isNull();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} ready, {1} not ready: {2}")
  @org.junit.jupiter.params.provider.CsvSource({
    "4, 0, NORMAL",
    "3, 1, NORMAL",
    "0, 4, FULL_DISRUPTION",
    "0, 1, FULL_DISRUPTION",
    "1, 3, PARTIAL_DISRUPTION",
    "0, 0, NORMAL",
    "2, 2, NORMAL",
    "5, 5, NORMAL",
    "4, 6, PARTIAL_DISRUPTION"
  })
  void zoneStateFollowsTheRealThresholds(int ready, int notReady, NodeHealth.ZoneState expected) {
    assertThat(NodeHealth.zoneState(ready, notReady)).isEqualTo(expected);
  }

  @Test
  void inMasterDisruptionModeNoNodeIsTaintedForEvictionAndExistingTaintsGo() {
    Node tainted =
        node(
            "Unknown",
            List.of(
                taint(NodeHealth.UNREACHABLE, NodeHealth.NO_EXECUTE),
                taint(NodeHealth.UNREACHABLE, NodeHealth.NO_SCHEDULE)));
    NodeHealth.Plan stale =
        new NodeHealth.Plan(
            List.of(),
            List.of(taint(NodeHealth.UNREACHABLE, NodeHealth.NO_EXECUTE)),
            List.of(),
            false,
            true);
    NodeHealth.Plan full =
        NodeHealth.underZoneState(stale, tainted, NodeHealth.ZoneState.FULL_DISRUPTION, 4);
    assertThat(full.taintsToAdd()).isEmpty();
    assertThat(keys(full.taintsToRemove())).containsExactly(NodeHealth.UNREACHABLE + ":NoExecute");
    assertThat(full.taintsToRemove().get(0).getEffect()).isEqualTo(NodeHealth.NO_EXECUTE);

    NodeHealth.Plan partialSmall =
        NodeHealth.underZoneState(stale, tainted, NodeHealth.ZoneState.PARTIAL_DISRUPTION, 4);
    assertThat(partialSmall.taintsToAdd()).isEmpty();
    assertThat(partialSmall.taintsToRemove()).isEmpty();

    NodeHealth.Plan partialLarge =
        NodeHealth.underZoneState(stale, tainted, NodeHealth.ZoneState.PARTIAL_DISRUPTION, 100);
    assertThat(partialLarge).isEqualTo(stale);
    assertThat(NodeHealth.underZoneState(stale, tainted, NodeHealth.ZoneState.NORMAL, 4))
        .isEqualTo(stale);
  }
}
