package io.kubesim.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutMathTest {
  record Case(
      String name,
      int replicas,
      Object surge,
      Object unavailable,
      int maxSurge,
      int maxUnavailable) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "25% of 10 is 3 to surge (rounded up) and 2 unavailable (rounded down)",
            10, "25%", "25%", 3, 2),
        new Case("25% of 4 is exactly 1 both ways", 4, "25%", "25%", 1, 1),
        new Case("25% of 1 surges 1 and allows 0 unavailable", 1, "25%", "25%", 1, 0),
        new Case("Absolute values are taken as they are", 3, 1, 0, 1, 0),
        new Case("Both resolving to zero makes one pod unavailable", 3, "10%", "0%", 1, 0),
        new Case("Zero and zero becomes zero and one", 5, 0, 0, 0, 1),
        new Case(
            "33% of 10 surges 4 (3.3 up) and allows 3 unavailable (3.3 down)",
            10, "33%", "33%", 4, 3),
        new Case("Unavailable is capped at the replicas", 2, 1, 5, 1, 2),
        new Case("A Deployment of 0 replicas allows 0 unavailable", 0, "25%", "25%", 0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fenceposts(Case c) {
    var d = World.deployment(c.replicas(), c.surge(), c.unavailable());

    assertThat(RolloutMath.maxSurge(d)).isEqualTo(c.maxSurge());
    assertThat(RolloutMath.maxUnavailable(d)).isEqualTo(c.maxUnavailable());
  }
}
