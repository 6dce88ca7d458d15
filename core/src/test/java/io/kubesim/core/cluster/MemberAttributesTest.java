package io.kubesim.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MemberAttributesTest {
  record Case(String name, String process, Map<String, String> env, Map<String, String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "the scheduler runs on kind's control-plane node by default",
            "scheduler",
            Map.of(),
            Map.of(
                MemberAttributes.COMPONENT,
                "kube-scheduler",
                MemberAttributes.NODES,
                "kubesim-control-plane")),
        new Case(
            "the controller-manager follows KUBESIM_CONTROL_PLANE_NODE",
            "controller-manager",
            Map.of("KUBESIM_CONTROL_PLANE_NODE", "cp1"),
            Map.of(
                MemberAttributes.COMPONENT,
                "kube-controller-manager",
                MemberAttributes.NODES,
                "cp1")),
        new Case(
            "kube-proxy runs on each of its KUBESIM_NODES",
            "kube-proxy",
            Map.of("KUBESIM_NODES", "a, b,c"),
            Map.of(MemberAttributes.COMPONENT, "kube-proxy", MemberAttributes.NODES, "a,b,c")),
        new Case(
            "CoreDNS runs on the control-plane node, where kind schedules its pods",
            "coredns",
            Map.of(),
            Map.of(
                MemberAttributes.COMPONENT,
                "coredns",
                MemberAttributes.NODES,
                "kubesim-control-plane")),
        new Case(
            "the ingress controller runs on the control-plane node, as kind's manifest puts it",
            "ingress-nginx-controller",
            Map.of("KUBESIM_CONTROL_PLANE_NODE", "cp1"),
            Map.of(
                MemberAttributes.COMPONENT,
                "ingress-nginx-controller",
                MemberAttributes.NODES,
                "cp1")),
        new Case("a kubelet announces nothing", "kubelet", Map.of("KUBESIM_NODES", "a"), Map.of()),
        new Case("kube-state-metrics announces nothing", "kube-state-metrics", Map.of(), Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aProcessAnnouncesTheComponentItPlaysAndItsNodes(Case c) {
    assertThat(MemberAttributes.forProcess(c.process(), c.env()))
        .containsExactlyInAnyOrderEntriesOf(c.expected());
  }

  @Test
  void anAnnouncedNodeListReadsBackWithoutBlanks() {
    assertThat(MemberAttributes.nodes(" a,,b ")).containsExactly("a", "b");
    assertThat(MemberAttributes.nodes(null)).isEmpty();
  }

  @Test
  void theApiServerAlsoAnnouncesTheEndpointItAdvertises() {
    assertThat(MemberAttributes.forApiServer(Map.of(), "10.0.0.2:6443"))
        .containsEntry(MemberAttributes.COMPONENT, "kube-apiserver")
        .containsEntry(MemberAttributes.NODES, "kubesim-control-plane")
        .containsEntry(MemberAttributes.ENDPOINT, "10.0.0.2:6443");
  }
}
