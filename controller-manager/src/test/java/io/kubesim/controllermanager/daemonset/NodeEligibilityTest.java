package io.kubesim.controllermanager.daemonset;

import static io.kubesim.controllermanager.daemonset.Fixtures.CONTROL_PLANE_TAINT;
import static io.kubesim.controllermanager.daemonset.Fixtures.ds;
import static io.kubesim.controllermanager.daemonset.Fixtures.node;
import static io.kubesim.controllermanager.daemonset.Fixtures.nodeSelector;
import static io.kubesim.controllermanager.daemonset.Fixtures.tolerate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeEligibilityTest {

  record Case(
      String name,
      UnaryOperator<DaemonSet> ds,
      Node node,
      boolean shouldRun,
      boolean shouldContinueRunning) {
    @Override
    public String toString() {
      return name;
    }
  }

  static UnaryOperator<DaemonSet> affinity(String operator, String key, String... values) {
    return ds -> {
      ds.getSpec()
          .getTemplate()
          .getSpec()
          .setAffinity(
              new AffinityBuilder()
                  .withNewNodeAffinity()
                  .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                  .addNewNodeSelectorTerm()
                  .addNewMatchExpression()
                  .withKey(key)
                  .withOperator(operator)
                  .withValues(values)
                  .endMatchExpression()
                  .endNodeSelectorTerm()
                  .endRequiredDuringSchedulingIgnoredDuringExecution()
                  .endNodeAffinity()
                  .build());
      return ds;
    };
  }

  static Stream<Case> cases() {
    UnaryOperator<DaemonSet> plain = UnaryOperator.identity();
    return Stream.of(
        new Case("A plain node runs the pod", plain, node("w1").build(), true, true),
        new Case(
            "The control plane's NoSchedule taint keeps a new pod off but lets one there stay",
            plain,
            Fixtures.controlPlane(),
            false,
            true),
        new Case(
            "A toleration of the control-plane taint puts the pod on the control plane",
            ds -> tolerate(ds, CONTROL_PLANE_TAINT, "NoSchedule"),
            Fixtures.controlPlane(),
            true,
            true),
        new Case(
            "A cordoned node still runs the pod: every daemon pod tolerates unschedulable",
            plain,
            node("w1").cordoned().build(),
            true,
            true),
        new Case(
            "A node that is not ready keeps and gets its pod (not-ready NoExecute is tolerated)",
            plain,
            node("w1").taint("node.kubernetes.io/not-ready", "NoExecute").build(),
            true,
            true),
        new Case(
            "An unreachable node's NoSchedule taint keeps a new pod off, the old one stays",
            plain,
            node("w1")
                .taint("node.kubernetes.io/unreachable", "NoSchedule")
                .taint("node.kubernetes.io/unreachable", "NoExecute")
                .build(),
            false,
            true),
        new Case(
            "Disk, memory and PID pressure are tolerated",
            plain,
            node("w1")
                .taint("node.kubernetes.io/disk-pressure", "NoSchedule")
                .taint("node.kubernetes.io/memory-pressure", "NoSchedule")
                .taint("node.kubernetes.io/pid-pressure", "NoSchedule")
                .build(),
            true,
            true),
        new Case(
            "A node whose network is unavailable gets only host-network daemon pods",
            plain,
            node("w1").taint("node.kubernetes.io/network-unavailable", "NoSchedule").build(),
            false,
            true),
        new Case(
            "A host-network daemon pod tolerates an unavailable network",
            ds -> {
              ds.getSpec().getTemplate().getSpec().setHostNetwork(true);
              return ds;
            },
            node("w1").taint("node.kubernetes.io/network-unavailable", "NoSchedule").build(),
            true,
            true),
        new Case(
            "An untolerated NoExecute taint evicts the pod",
            plain,
            node("w1").taint("dedicated", "NoExecute").build(),
            false,
            false),
        new Case(
            "A PreferNoSchedule taint does not keep the pod off",
            plain,
            node("w1").taint("dedicated", "PreferNoSchedule").build(),
            true,
            true),
        new Case(
            "A node selector that matches the node's labels runs the pod",
            ds -> nodeSelector(ds, "disktype", "ssd"),
            node("w1").label("disktype", "ssd").build(),
            true,
            true),
        new Case(
            "A node selector that does not match keeps the pod off and evicts it",
            ds -> nodeSelector(ds, "disktype", "ssd"),
            node("w1").label("disktype", "hdd").build(),
            false,
            false),
        new Case(
            "Required node affinity In matches a node with the label value",
            affinity("In", "zone", "a", "b"),
            node("w1").label("zone", "b").build(),
            true,
            true),
        new Case(
            "Required node affinity NotIn matches a node without the label",
            affinity("NotIn", "zone", "a"),
            node("w1").build(),
            true,
            true),
        new Case(
            "Required node affinity Gt compares the label as a number",
            affinity("Gt", "cores", "8"),
            node("w1").label("cores", "4").build(),
            false,
            false),
        new Case(
            "A template bound to another node by name runs nowhere else",
            ds -> {
              ds.getSpec().getTemplate().getSpec().setNodeName("w2");
              return ds;
            },
            node("w1").build(),
            false,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesWhetherTheNodeRunsThePod(Case c) {
    NodeEligibility.Verdict verdict = NodeEligibility.of(c.ds().apply(ds())).verdict(c.node());
    assertThat(verdict)
        .isEqualTo(new NodeEligibility.Verdict(c.shouldRun(), c.shouldContinueRunning()));
  }
}
