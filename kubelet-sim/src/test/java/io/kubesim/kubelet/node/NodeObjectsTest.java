package io.kubesim.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.kubesim.core.json.Json;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeObjectsTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  record Cidr(String name, int index, String cidr) {}

  static List<Cidr> cidrs() {
    return List.of(
        new Cidr("the first slot is kind's first node block", 0, "10.244.0.0/24"),
        new Cidr("slot 255 is the last block of 10.244", 255, "10.244.255.0/24"),
        new Cidr("slot 256 moves on to 10.245", 256, "10.245.0.0/24"),
        new Cidr(
            "the last slot is 10.255.255.0/24", NodeObjects.CIDR_SLOTS - 1, "10.255.255.0/24"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cidrs")
  void podCidrsAreSlotsOfTenTwoFortyFour(Cidr c) {
    assertThat(NodeObjects.podCidr(c.index())).isEqualTo(c.cidr());
    assertThat(NodeObjects.cidrIndex(c.cidr())).isEqualTo(c.index());
  }

  @Test
  void aCidrKubesimDidNotMakeHasNoSlot() {
    assertThat(NodeObjects.cidrIndex("192.168.0.0/24")).isEqualTo(-1);
    assertThat(NodeObjects.cidrIndex("10.244.1.0/16")).isEqualTo(-1);
    assertThat(NodeObjects.cidrIndex(null)).isEqualTo(-1);
  }

  record Slot(String name, String node, int slot) {}

  static List<Slot> slots() {
    return List.of(
        new Slot("kind's control plane gets the first block", "kubesim-control-plane", 0),
        new Slot("kind's first worker the second", "kubesim-worker", 1),
        new Slot("kind's numbered workers their number", "kubesim-worker3", 3),
        new Slot("a numbered node its number", "sim-node-0042", 42));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("slots")
  void nodesPreferKindsBlocks(Slot s) {
    assertThat(NodeObjects.chooseCidrSlot(s.node(), Set.of())).isEqualTo(s.slot());
  }

  @Test
  void aNodeKeepsItsHashedSlotAndMovesOnWhenItIsTaken() {
    int free = NodeObjects.chooseCidrSlot("kubesim-gpu", Set.of());
    assertThat(NodeObjects.chooseCidrSlot("kubesim-gpu", Set.of())).isEqualTo(free);
    int next = NodeObjects.chooseCidrSlot("kubesim-gpu", Set.of(free));
    assertThat(next).isEqualTo((free + 1) % NodeObjects.CIDR_SLOTS);
  }

  @Test
  void aThousandNodesGetAThousandDistinctBlocks() {
    Set<Integer> used = new HashSet<>();
    IntStream.rangeClosed(1, 1000)
        .forEach(i -> used.add(NodeObjects.chooseCidrSlot("sim-node-" + i, Set.copyOf(used))));
    assertThat(used).hasSize(1000);
  }

  @Test
  void noSlotLeftIsAnError() {
    Set<Integer> all = new HashSet<>();
    IntStream.range(0, NodeObjects.CIDR_SLOTS).forEach(all::add);
    assertThatThrownBy(() -> NodeObjects.chooseCidrSlot("x", all))
        .hasMessageContaining("no pod CIDR left");
  }

  @Test
  void theControlPlaneIsLabelledAndTaintedLikeKinds() {
    NodeConfig cp =
        NodeConfig.fromEnv(Map.of("KUBESIM_NODES", "kubesim-control-plane"), "h").get(0);
    Node node = NodeObjects.newNode(cp, "10.244.0.0/24", T0);
    assertThat(node.getMetadata().getLabels())
        .containsEntry("node-role.kubernetes.io/control-plane", "")
        .containsEntry("kubernetes.io/hostname", "kubesim-control-plane")
        .containsEntry("kubernetes.io/os", "linux")
        .containsEntry("kubernetes.io/arch", "amd64")
        .containsEntry("beta.kubernetes.io/os", "linux")
        .containsEntry("beta.kubernetes.io/arch", "amd64");
    assertThat(node.getSpec().getTaints())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("node-role.kubernetes.io/control-plane");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    assertThat(node.getSpec().getPodCIDRs()).containsExactly("10.244.0.0/24");
  }

  @Test
  void aWorkerHasNoRoleAndNoTaint() {
    NodeConfig w = NodeConfig.fromEnv(Map.of("KUBESIM_NODES", "kubesim-worker"), "h").get(0);
    Node node = NodeObjects.newNode(w, "10.244.1.0/24", T0);
    assertThat(node.getMetadata().getLabels())
        .doesNotContainKey("node-role.kubernetes.io/control-plane");
    assertThat(node.getSpec().getTaints()).isNullOrEmpty();
  }

  @Test
  void theStatusIsReadyWithTheConfiguredCapacity() {
    NodeConfig w =
        NodeConfig.fromEnv(
                Map.of(
                    "KUBESIM_NODES", "w",
                    "KUBESIM_NODE_CPU", "8",
                    "KUBESIM_NODE_MEMORY", "16Gi",
                    "KUBESIM_NODE_IP", "172.18.0.3"),
                "h")
            .get(0);
    NodeStatus s = NodeObjects.status(w, null, T0);
    assertThat(s.getCapacity().get("cpu").toString()).isEqualTo("8");
    assertThat(s.getAllocatable().get("memory").toString()).isEqualTo("16Gi");
    assertThat(s.getCapacity().get("pods").toString()).isEqualTo("110");
    NodeCondition ready =
        s.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().get();
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("KubeletReady");
    assertThat(ready.getMessage()).isEqualTo("kubelet is posting ready status");
    assertThat(s.getConditions())
        .filteredOn(c -> !c.getType().equals("Ready"))
        .extracting(NodeCondition::getStatus)
        .containsOnly("False");
    assertThat(s.getAddresses())
        .extracting(a -> a.getType() + "=" + a.getAddress())
        .containsExactly("InternalIP=172.18.0.3", "Hostname=w");
    assertThat(s.getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.5");
    assertThat(s.getNodeInfo().getContainerRuntimeVersion()).startsWith("containerd://1.7.");
  }

  @Test
  void aLaterReportKeepsTransitionTimesAndMovesTheHeartbeat() {
    NodeConfig w = NodeConfig.fromEnv(Map.of("KUBESIM_NODES", "w"), "h").get(0);
    NodeStatus first = NodeObjects.status(w, null, T0);
    NodeStatus later = NodeObjects.status(w, first, T0.plusSeconds(300));
    NodeCondition ready =
        later.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().get();
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(ready.getLastHeartbeatTime()).isEqualTo("2026-01-01T00:05:00Z");
  }

  @Test
  void theLeaseIsHeldByTheNodeAndOwnedByIt() {
    assertThat(Json.string(NodeObjects.lease("w", "uid-9", T0.plusMillis(1234))))
        .isEqualTo(
            "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{"
                + "\"name\":\"w\",\"namespace\":\"kube-node-lease\",\"ownerReferences\":[{"
                + "\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"w\",\"uid\":\"uid-9\"}]},"
                + "\"spec\":{\"holderIdentity\":\"w\",\"leaseDurationSeconds\":40,"
                + "\"renewTime\":\"2026-01-01T00:00:01.234000Z\"}}");
  }

  @Test
  void aNodeIsReadyWhenItsReadyConditionIsTrue() {
    String node =
        "{\"status\":{\"conditions\":[{\"type\":\"MemoryPressure\",\"status\":\"True\"},"
            + "{\"type\":\"Ready\",\"status\":\"%s\"}]}}";
    assertThat(NodeObjects.isReady(Json.parse(node.formatted("True").getBytes()))).isTrue();
    assertThat(NodeObjects.isReady(Json.parse(node.formatted("Unknown").getBytes()))).isFalse();
    assertThat(NodeObjects.isReady(Json.parse("{\"status\":{}}".getBytes()))).isFalse();
  }
}
