package io.kubesim.controllermanager.disruption;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.controllermanager.disruption.DisruptionPlanner.Budget;
import io.kubesim.controllermanager.disruption.DisruptionPlanner.IntOrPercent;
import io.kubesim.controllermanager.disruption.DisruptionPlanner.Plan;
import io.kubesim.controllermanager.disruption.DisruptionPlanner.PodState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Worked cases of the disruption controller's arithmetic. */
class DisruptionPlannerTest {
  private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

  record Case(
      String name,
      Budget budget,
      int ready,
      int unready,
      Long scale,
      long expected,
      long desired,
      long allowed) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Budget min(Object v) {
    return new Budget(IntOrPercent.parse(v), null);
  }

  private static Budget max(Object v) {
    return new Budget(null, IntOrPercent.parse(v));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("minAvailable 2 of 3 ready allows 1", min(2), 3, 0, null, 3, 2, 1),
        new Case("minAvailable 2 with one unready allows 0", min(2), 2, 1, null, 3, 2, 0),
        new Case("minAvailable 50% of 3 rounds up to 2", min("50%"), 3, 0, 3L, 3, 2, 1),
        new Case("minAvailable % counts the controller's scale", min("50%"), 2, 0, 4L, 4, 2, 0),
        new Case("maxUnavailable 1 of 3 allows 1", max(1), 3, 0, 3L, 3, 2, 1),
        new Case("maxUnavailable 34% of 3 rounds up to 2", max("34%"), 3, 0, 3L, 3, 1, 2),
        new Case("maxUnavailable 0 allows none", max(0), 3, 0, 3L, 3, 3, 0),
        new Case("maxUnavailable above the scale desires none", max(5), 3, 0, 3L, 3, 0, 3),
        new Case("pods without a controller allow nothing", max(1), 3, 0, null, 0, 0, 0));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void plans(Case c) {
    List<PodState> pods =
        Stream.concat(
                Stream.iterate(0, i -> i + 1)
                    .limit(c.ready())
                    .map(i -> new PodState("r" + i, true, false)),
                Stream.iterate(0, i -> i + 1)
                    .limit(c.unready())
                    .map(i -> new PodState("u" + i, false, false)))
            .toList();
    Plan plan = DisruptionPlanner.plan(c.budget(), pods, c.scale(), Map.of(), NOW);
    assertThat(plan.expectedPods()).isEqualTo(c.expected());
    assertThat(plan.desiredHealthy()).isEqualTo(c.desired());
    assertThat(plan.disruptionsAllowed()).isEqualTo(c.allowed());
  }

  @Test
  void anEvictedPodNotYetDeletedIsNotHealthyUntilItsEntryExpires() {
    List<PodState> pods =
        List.of(
            new PodState("a", true, false),
            new PodState("b", true, false),
            new PodState("c", true, false));
    Map<String, Instant> disrupted =
        Map.of("a", NOW.minusSeconds(30), "gone", NOW.minusSeconds(10));
    Plan plan = DisruptionPlanner.plan(min(2), pods, null, disrupted, NOW);
    assertThat(plan.currentHealthy()).isEqualTo(2);
    assertThat(plan.disruptionsAllowed()).isZero();
    // the entry of a pod that no longer exists is dropped; the other is rechecked when it expires
    assertThat(plan.disruptedPods()).containsOnlyKeys("a");
    assertThat(plan.recheckAt()).isEqualTo(NOW.plusSeconds(90));

    Plan later = DisruptionPlanner.plan(min(2), pods, null, disrupted, NOW.plusSeconds(120));
    assertThat(later.disruptedPods()).isEmpty();
    assertThat(later.disruptionsAllowed()).isEqualTo(1);
  }
}
