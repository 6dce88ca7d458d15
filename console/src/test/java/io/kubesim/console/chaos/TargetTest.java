package io.kubesim.console.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TargetTest {
  private static final Set<String> NODES = Set.of("kubesim-control-plane", "kubesim-worker2");

  record Case(String name, Kind kind, String target, Target expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a node kill waits for the node",
            Kind.KILL_NODE,
            "kubesim-worker2",
            new Target.Node("kubesim-worker2")),
        new Case(
            "a partition waits for the node",
            Kind.PARTITION,
            "kubesim-worker2",
            new Target.Node("kubesim-worker2")),
        new Case(
            "a kill of a node's kubelet waits for the node",
            Kind.KILL,
            "kubesim-worker2",
            new Target.Node("kubesim-worker2")),
        new Case(
            "the launcher's apiserver is the kube-apiserver pod",
            Kind.KILL,
            "apiserver",
            new Target.Component("kube-apiserver")),
        new Case(
            "compose's first scheduler replica is the component's own manifest",
            Kind.KILL,
            "scheduler-1",
            new Target.Component("kube-scheduler")),
        new Case(
            "compose's second controller-manager has a manifest of its own",
            Kind.KILL,
            "controller-manager-2",
            new Target.Component("kube-controller-manager-2")),
        new Case(
            "kube-proxy is the kube-proxy pods",
            Kind.KILL,
            "kube-proxy",
            new Target.Component("kube-proxy")),
        new Case(
            "the ingress controller keeps its name",
            Kind.KILL,
            "ingress-nginx-controller",
            new Target.Component("ingress-nginx-controller")),
        new Case(
            "kube-state-metrics has no pod to watch",
            Kind.KILL,
            "kube-state-metrics",
            new Target.Unseen("kube-state-metrics")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void of(Case c) {
    assertThat(Target.of(c.kind(), c.target(), NODES)).isEqualTo(c.expected());
  }
}
