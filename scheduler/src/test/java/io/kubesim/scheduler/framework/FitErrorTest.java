package io.kubesim.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitErrorTest {

  @Test
  void countsAreSortedAsStringsSoTenComesBeforeTwo() {
    Map<String, Status> statuses = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      statuses.put(
          "cpu-" + i, Status.unschedulable("NodeResourcesFit", List.of("Insufficient cpu")));
    }
    statuses.put("m1", Status.unschedulable("NodeResourcesFit", List.of("Insufficient memory")));
    statuses.put("m2", Status.unschedulable("NodeResourcesFit", List.of("Insufficient memory")));
    assertThat(new FitError(12, statuses, "").message())
        .isEqualTo("0/12 nodes are available: 10 Insufficient cpu, 2 Insufficient memory.");
  }

  @Test
  void aNodeWithSeveralReasonsCountsForEach() {
    Map<String, Status> statuses =
        Map.of(
            "w1",
            Status.unschedulable(
                "NodeResourcesFit", List.of("Insufficient cpu", "Insufficient memory")));
    assertThat(new FitError(1, statuses, "preemption: x").message())
        .isEqualTo(
            "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: x");
  }
}
