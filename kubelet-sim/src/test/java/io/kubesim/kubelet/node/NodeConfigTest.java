package io.kubesim.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeConfigTest {

  record Case(String name, Map<String, String> env, List<String> nodes, List<String> taints) {}

  static List<Case> cases() {
    return List.of(
        new Case(
            "without configuration the host is the node", Map.of(), List.of("myhost"), List.of()),
        new Case(
            "a control-plane name gets the control-plane taint",
            Map.of("KUBESIM_NODES", "kubesim-control-plane"),
            List.of("kubesim-control-plane"),
            List.of("node-role.kubernetes.io/control-plane=null:NoSchedule")),
        new Case(
            "a list of names is a list of nodes",
            Map.of("KUBESIM_NODES", "a, b,c"),
            List.of("a", "b", "c"),
            List.of()),
        new Case(
            "a count and a prefix make numbered nodes",
            Map.of("KUBESIM_NODE_COUNT", "3", "KUBESIM_NODE_PREFIX", "sim-node-"),
            List.of("sim-node-0001", "sim-node-0002", "sim-node-0003"),
            List.of()),
        new Case(
            "configured taints replace the default",
            Map.of(
                "KUBESIM_NODES", "kubesim-control-plane",
                "KUBESIM_NODE_TAINTS", "dedicated=gpu:NoSchedule,spot:PreferNoSchedule"),
            List.of("kubesim-control-plane"),
            List.of("dedicated=gpu:NoSchedule", "spot=null:PreferNoSchedule")),
        new Case(
            "none removes the control plane's taint",
            Map.of("KUBESIM_NODES", "kubesim-control-plane", "KUBESIM_NODE_TAINTS", "none"),
            List.of("kubesim-control-plane"),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void nodesComeFromTheEnvironment(Case c) {
    List<NodeConfig> nodes = NodeConfig.fromEnv(c.env(), "myhost");
    assertThat(nodes).extracting(NodeConfig::name).containsExactlyElementsOf(c.nodes());
    for (NodeConfig n : nodes) {
      assertThat(n.taints()).extracting(NodeConfigTest::text).containsExactlyElementsOf(c.taints());
      assertThat(n.ip()).isEqualTo("127.0.0.1");
      assertThat(n.cpu()).isEqualTo("4");
      assertThat(n.memory()).isEqualTo("8Gi");
      assertThat(n.pods()).isEqualTo(110);
    }
  }

  private static String text(Taint t) {
    return t.getKey() + "=" + t.getValue() + ":" + t.getEffect();
  }
}
