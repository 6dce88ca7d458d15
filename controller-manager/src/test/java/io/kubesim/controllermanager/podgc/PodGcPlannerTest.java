package io.kubesim.controllermanager.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.controllermanager.podgc.PodGcPlanner.Delete;
import io.kubesim.controllermanager.podgc.PodGcPlanner.PodInfo;
import io.kubesim.controllermanager.podgc.PodGcPlanner.Reason;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodGcPlannerTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private static PodInfo pod(String name, String node, String phase, boolean terminating, int age) {
    return new PodInfo(
        "default", name, "uid-" + name, node, phase, terminating, T0.minusSeconds(age));
  }

  @Test
  void aPodOfAGoneNodeGoesOnlyAfterTheNodeHasBeenMissingForFortySeconds() {
    Map<String, Instant> missing = new HashMap<>();
    List<PodInfo> pods =
        List.of(pod("a", "gone", "Running", false, 100), pod("b", "here", "Running", false, 100));
    assertThat(PodGcPlanner.plan(Set.of("here"), pods, missing, 10, T0)).isEmpty();
    assertThat(PodGcPlanner.plan(Set.of("here"), pods, missing, 10, T0.plusSeconds(39))).isEmpty();
    assertThat(PodGcPlanner.plan(Set.of("here"), pods, missing, 10, T0.plusSeconds(40)))
        .extracting(d -> d.pod().name(), Delete::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", Reason.ORPHANED));
  }

  @Test
  void aNodeThatComesBackInTimeKeepsItsPods() {
    Map<String, Instant> missing = new HashMap<>();
    List<PodInfo> pods = List.of(pod("a", "flaky", "Running", false, 100));
    PodGcPlanner.plan(Set.of(), pods, missing, 10, T0);
    PodGcPlanner.plan(Set.of("flaky"), pods, missing, 10, T0.plusSeconds(30));
    assertThat(PodGcPlanner.plan(Set.of(), pods, missing, 10, T0.plusSeconds(50))).isEmpty();
  }

  @Test
  void anUnscheduledTerminatingPodGoesAtOnce() {
    assertThat(
            PodGcPlanner.plan(
                Set.of(), List.of(pod("p", "", "Pending", true, 5)), new HashMap<>(), 10, T0))
        .extracting(Delete::reason)
        .containsExactly(Reason.UNSCHEDULED_TERMINATING);
  }

  @Test
  void terminatedPodsBeyondTheThresholdGoOldestFirst() {
    List<PodInfo> pods =
        List.of(
            pod("new", "n", "Succeeded", false, 10),
            pod("old", "n", "Failed", false, 300),
            pod("mid", "n", "Succeeded", false, 100),
            pod("run", "n", "Running", false, 1000));
    assertThat(PodGcPlanner.plan(Set.of("n"), pods, new HashMap<>(), 1, T0))
        .extracting(d -> d.pod().name())
        .containsExactly("old", "mid");
  }
}
