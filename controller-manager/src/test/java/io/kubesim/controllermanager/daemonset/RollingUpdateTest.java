package io.kubesim.controllermanager.daemonset;

import static io.kubesim.controllermanager.TestPods.NOW;
import static io.kubesim.controllermanager.daemonset.Fixtures.daemonPod;
import static io.kubesim.controllermanager.daemonset.Fixtures.ds;
import static io.kubesim.controllermanager.daemonset.Fixtures.image;
import static io.kubesim.controllermanager.daemonset.Fixtures.names;
import static io.kubesim.controllermanager.daemonset.Fixtures.notReady;
import static io.kubesim.controllermanager.daemonset.Fixtures.strategy;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RollingUpdateTest {
  static final DaemonSet OLD = ds();

  static DaemonSet current(Object maxUnavailable, Object maxSurge) {
    return strategy(image(ds(), "agent:2", 2), maxUnavailable, maxSurge);
  }

  static Pod old(String node) {
    return daemonPod("old-" + node, OLD, node).build();
  }

  static Pod oldUnavailable(String node) {
    return notReady(daemonPod("old-" + node, OLD, node));
  }

  static Pod fresh(String node) {
    return daemonPod("new-" + node, current(1, 0), node).build();
  }

  static Pod freshUnavailable(String node) {
    return notReady(daemonPod("new-" + node, current(1, 0), node));
  }

  static Pod terminating(String node) {
    return daemonPod("old-" + node, OLD, node).deleting().build();
  }

  /** The node's pods by node name, in name order. */
  static Map<String, List<Pod>> onNodes(Object... nodeThenPods) {
    Map<String, List<Pod>> map = new TreeMap<>();
    for (int i = 0; i < nodeThenPods.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<Pod> pods = (List<Pod>) nodeThenPods[i + 1];
      map.put((String) nodeThenPods[i], pods);
    }
    return map;
  }

  record Case(
      String name,
      Object maxUnavailable,
      Object maxSurge,
      Map<String, List<Pod>> nodes,
      Set<String> notToRun,
      List<String> deletes,
      List<String> createOn) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "maxUnavailable 1 deletes one old pod of three",
            1,
            0,
            onNodes("a", List.of(old("a")), "b", List.of(old("b")), "c", List.of(old("c"))),
            Set.of(),
            List.of("old-a"),
            List.of()),
        new Case(
            "maxUnavailable 50% of four nodes deletes two old pods",
            "50%",
            0,
            onNodes(
                "a",
                List.of(old("a")),
                "b",
                List.of(old("b")),
                "c",
                List.of(old("c")),
                "d",
                List.of(old("d"))),
            Set.of(),
            List.of("old-a", "old-b"),
            List.of()),
        new Case(
            "maxUnavailable 10% of four nodes rounds up to one",
            "10%",
            0,
            onNodes(
                "a",
                List.of(old("a")),
                "b",
                List.of(old("b")),
                "c",
                List.of(old("c")),
                "d",
                List.of(old("d"))),
            Set.of(),
            List.of("old-a"),
            List.of()),
        new Case(
            "A node whose old pod is terminating counts as unavailable, so nothing else goes",
            1,
            0,
            onNodes("a", List.of(terminating("a")), "b", List.of(old("b"))),
            Set.of(),
            List.of(),
            List.of()),
        new Case(
            "A node without a pod yet counts as unavailable",
            1,
            0,
            onNodes("a", List.of(), "b", List.of(old("b"))),
            Set.of(),
            List.of(),
            List.of()),
        new Case(
            "A new pod that is not available yet holds the update",
            1,
            0,
            onNodes("a", List.of(freshUnavailable("a")), "b", List.of(old("b"))),
            Set.of(),
            List.of(),
            List.of()),
        new Case(
            "An old pod that is not available is replaced beyond the budget",
            1,
            0,
            onNodes(
                "a", List.of(old("a")), "b", List.of(oldUnavailable("b")), "c", List.of(old("c"))),
            Set.of(),
            List.of("old-b"),
            List.of()),
        new Case(
            "Both zero means maxUnavailable 1",
            0,
            0,
            onNodes("a", List.of(old("a")), "b", List.of(old("b"))),
            Set.of(),
            List.of("old-a"),
            List.of()),
        new Case(
            "maxSurge 1 starts one new pod beside an old one",
            0,
            1,
            onNodes("a", List.of(old("a")), "b", List.of(old("b"))),
            Set.of(),
            List.of(),
            List.of("a")),
        new Case(
            "maxSurge 1 waits while the surged pod is not available",
            0,
            1,
            onNodes("a", List.of(old("a"), freshUnavailable("a")), "b", List.of(old("b"))),
            Set.of(),
            List.of(),
            List.of()),
        new Case(
            "maxSurge deletes the old pod beside an available new one and surges on the next node",
            0,
            1,
            onNodes("a", List.of(old("a"), fresh("a")), "b", List.of(old("b"))),
            Set.of(),
            List.of("old-a"),
            List.of("b")),
        new Case(
            "maxSurge replaces an unavailable old pod at once, beyond the budget",
            0,
            1,
            onNodes(
                "a", List.of(old("a"), freshUnavailable("a")), "b", List.of(oldUnavailable("b"))),
            Set.of(),
            List.of(),
            List.of("b")),
        new Case(
            "maxSurge deletes an unavailable old pod on a node that should no longer run one",
            0,
            1,
            onNodes("a", List.of(oldUnavailable("a")), "b", List.of(fresh("b"))),
            Set.of("a"),
            List.of("old-a"),
            List.of()),
        new Case(
            "maxSurge keeps an available old pod on a node that should no longer run one until"
                + " the others are available",
            0,
            1,
            onNodes("a", List.of(old("a")), "b", List.of(freshUnavailable("b"))),
            Set.of("a"),
            List.of(),
            List.of()),
        new Case(
            "maxSurge lets that old pod go once every wanted node has an available pod",
            0,
            1,
            onNodes("a", List.of(old("a")), "b", List.of(fresh("b"))),
            Set.of("a"),
            List.of("old-a"),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void takesOneStep(Case c) {
    DaemonSet ds = current(c.maxUnavailable(), c.maxSurge());
    int desired = (int) c.nodes().keySet().stream().filter(n -> !c.notToRun().contains(n)).count();
    RollingUpdate.Step step =
        RollingUpdate.step(
            ds, c.nodes(), n -> !c.notToRun().contains(n), desired, Fixtures.hash(ds), NOW);
    assertThat(names(step.deletes())).as("deletes").containsExactlyElementsOf(c.deletes());
    assertThat(step.createOn()).as("creates on").containsExactlyElementsOf(c.createOn());
  }

  @Test
  void surgeAndUnavailabilityAreCountedInNodesRoundingPercentagesUp() {
    assertThat(RollingUpdate.budget(current("25%", 0), 10))
        .isEqualTo(new RollingUpdate.Budget(0, 3));
    assertThat(RollingUpdate.budget(current(0, "30%"), 10))
        .isEqualTo(new RollingUpdate.Budget(3, 0));
    assertThat(RollingUpdate.budget(current(0, 0), 0)).isEqualTo(new RollingUpdate.Budget(0, 0));
    assertThat(RollingUpdate.budget(Fixtures.onDelete(ds()), 10))
        .isEqualTo(new RollingUpdate.Budget(0, 1));
  }
}
