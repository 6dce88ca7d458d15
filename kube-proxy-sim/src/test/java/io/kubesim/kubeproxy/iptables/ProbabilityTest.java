package io.kubesim.kubeproxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The statistic match's numbers: what kube-proxy writes (Go's %0.10f of 1/n), what the kernel keeps
 * (lround(2^31 p)) and what iptables-save prints (C's %.11f of that fraction). The expected values
 * were computed with python3 ('%.10f' % (1/n), round(0x80000000 * p), '%.11f' % (k / 0x80000000)).
 */
class ProbabilityTest {
  record Case(String sentence, int n, String kubeProxy, long kernel, String saved) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("one of two", 2, "0.5000000000", 1073741824L, "0.50000000000"),
        new Case("one of three", 3, "0.3333333333", 715827883L, "0.33333333349"),
        new Case("one of four", 4, "0.2500000000", 536870912L, "0.25000000000"),
        new Case("one of five", 5, "0.2000000000", 429496730L, "0.20000000019"),
        new Case("one of seven", 7, "0.1428571429", 306783378L, "0.14285714272"),
        new Case(
            "an exact tie rounds to even, as Go does (1/2048 = 0.00048828125)",
            2048,
            "0.0004882812",
            1048576L,
            "0.00048828125"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void kubeProxyKernelAndSavedFormsAgree(Case c) {
    Match.Statistic statistic = SyncContext.probability(c.n());
    assertThat(statistic.kubeProxyText()).isEqualTo(c.kubeProxy());
    assertThat(statistic.kernelValue()).isEqualTo(c.kernel());
    StringBuilder saved = new StringBuilder();
    statistic.appendTo(saved);
    assertThat(saved).hasToString(" -m statistic --mode random --probability " + c.saved());
  }

  @Test
  void threeEndpointsAreTakenWithOneThirdOneHalfAndTheRest() {
    RuleSet rules = Scenarios.rules("clusterip-three-endpoints");
    Chain svc =
        rules.table(TableName.NAT).orElseThrow().chains().stream()
            .filter(c -> c.name().startsWith("KUBE-SVC-"))
            .findFirst()
            .orElseThrow();
    List<Double> probabilities =
        svc.rules().stream()
            .filter(r -> r.target() instanceof Target.Jump j && j.chain().startsWith("KUBE-SEP-"))
            .map(
                r ->
                    r.matches().stream()
                        .filter(Match.Statistic.class::isInstance)
                        .map(m -> ((Match.Statistic) m).probability())
                        .findFirst()
                        .orElse(1.0))
            .toList();
    assertThat(probabilities).hasSize(3);
    assertThat(probabilities.get(0)).isCloseTo(1.0 / 3, offset(1e-9));
    assertThat(probabilities.get(1)).isEqualTo(0.5);
    assertThat(probabilities.get(2)).isEqualTo(1.0);
    // Each endpoint's share: p1, (1 - p1) p2, (1 - p1)(1 - p2); together exactly 1.
    double first = probabilities.get(0);
    double second = (1 - first) * probabilities.get(1);
    double third = (1 - first) * (1 - probabilities.get(1));
    assertThat(List.of(first, second, third))
        .allSatisfy(p -> assertThat(p).isCloseTo(1.0 / 3, offset(1e-9)));
    assertThat(first + second + third).isCloseTo(1.0, offset(1e-15));
  }
}
