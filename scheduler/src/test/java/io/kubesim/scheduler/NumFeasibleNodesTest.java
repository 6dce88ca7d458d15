package io.kubesim.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NumFeasibleNodesTest {
  record Case(String name, int nodes, int expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a small cluster is searched whole", 4, 4),
        new Case("99 nodes are all searched", 99, 99),
        new Case("at 100 nodes the floor of 100 applies", 100, 100),
        new Case("at 1,000 nodes 42 percent are enough", 1000, 420),
        new Case("at 5,000 nodes 10 percent are enough", 5000, 500),
        new Case("at 10,000 nodes the 5 percent floor applies", 10000, 500));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void filteringStopsAfterEnoughFeasibleNodes(Case c) {
    assertThat(Scheduling.numFeasibleNodesToFind(c.nodes())).isEqualTo(c.expected());
  }
}
