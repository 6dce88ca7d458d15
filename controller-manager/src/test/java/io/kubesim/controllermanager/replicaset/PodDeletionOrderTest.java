package io.kubesim.controllermanager.replicaset;

import static io.kubesim.controllermanager.TestPods.NOW;
import static io.kubesim.controllermanager.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.controllermanager.TestPods;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each case gives pods in the expected deletion order; the test shuffles them and ranks. */
class PodDeletionOrderTest {

  record Case(String name, List<TestPods> expectedOrder, List<TestPods> relatedOnly) {
    Case(String name, TestPods... expectedOrder) {
      this(name, List.of(expectedOrder), List.of());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "An unscheduled pod goes before a scheduled one",
            pod("unscheduled").node(null).readyFor(60),
            pod("scheduled").readyFor(60)),
        new Case(
            "Pending goes before Unknown, which goes before Running",
            pod("pending").phase("Pending"),
            pod("unknown").phase("Unknown"),
            pod("running").phase("Running")),
        new Case(
            "A pod that is not ready goes before a ready one",
            pod("not-ready"),
            pod("ready").readyFor(60)),
        new Case(
            "A lower pod-deletion-cost goes first",
            pod("cheap").readyFor(60).annotation(PodDeletionOrder.DELETION_COST, "-10"),
            pod("default").readyFor(60),
            pod("dear").readyFor(60).annotation(PodDeletionOrder.DELETION_COST, "100")),
        new Case(
            "A pod doubled up on a node goes before a pod alone on its node",
            List.of(pod("crowded").node("n1").readyFor(60), pod("alone").node("n2").readyFor(60)),
            List.of(pod("sibling").node("n1").readyFor(60))),
        new Case(
            "The pod ready more recently goes first",
            pod("ready-1m").readyFor(60),
            pod("ready-1h").readyFor(3600)),
        new Case(
            "More restarts go first when readiness ties",
            pod("crashy").readyFor(60).restarts(5),
            pod("steady").readyFor(60)),
        new Case(
            "The newest pod goes first", pod("new").ageSeconds(10), pod("old").ageSeconds(10_000)),
        new Case(
            "Ages in the same power-of-two bucket tie and fall back to the uid",
            pod("a-50s").ageSeconds(50), // 2^35 ns = 34.4 s <= 40 s, 50 s < 2^36 ns = 68.7 s
            pod("b-40s").ageSeconds(40)),
        new Case(
            "Phase outranks readiness and age",
            pod("pending-old").phase("Pending").ageSeconds(10_000),
            pod("running-new-not-ready").ageSeconds(1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ranks(Case c) {
    List<Pod> expected = c.expectedOrder().stream().map(TestPods::build).toList();
    List<Pod> related = new ArrayList<>(expected);
    c.relatedOnly().forEach(p -> related.add(p.build()));
    for (int seed = 0; seed < 5; seed++) {
      List<Pod> shuffled = new ArrayList<>(expected);
      Collections.shuffle(shuffled, new java.util.Random(seed));

      List<Pod> picked = PodDeletionOrder.pick(shuffled, related, expected.size() - 1, NOW);

      assertThat(picked)
          .extracting(p -> p.getMetadata().getName())
          .containsExactlyElementsOf(
              expected.subList(0, expected.size() - 1).stream()
                  .map(p -> p.getMetadata().getName())
                  .toList());
    }
  }
}
