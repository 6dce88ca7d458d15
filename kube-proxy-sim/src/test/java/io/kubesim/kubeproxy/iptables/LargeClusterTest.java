package io.kubesim.kubeproxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Above 1000 endpoints kube-proxy leaves the comments off endpoint rules to shrink its rules. */
class LargeClusterTest {
  private static List<String> ruleLines(int services) {
    // 100 Services x 10 endpoints is exactly the threshold; one more Service crosses it.
    RuleSet rules = RuleGenerator.generate(GeneratorTiming.snapshot(services));
    return rules.table(TableName.NAT).orElseThrow().chains().stream()
        .filter(c -> c.name().startsWith("KUBE-SEP-") || c.name().startsWith("KUBE-SVC-"))
        .flatMap(c -> c.rules().stream().map(r -> r.toSaveLine(c.name())))
        .toList();
  }

  @Test
  void atTheThresholdEndpointRulesKeepTheirComments() {
    assertThat(ruleLines(100))
        .filteredOn(l -> l.contains("-j KUBE-SEP-") || l.contains("DNAT"))
        .allMatch(l -> l.contains("--comment"));
  }

  @Test
  void aboveItEndpointRulesLoseTheirCommentsButTheMasqueradeRuleKeepsIts() {
    List<String> lines = ruleLines(101);
    assertThat(lines)
        .filteredOn(
            l -> l.contains("-j KUBE-SEP-") || l.contains("DNAT") || l.startsWith("-A KUBE-SEP-"))
        .isNotEmpty()
        .noneMatch(l -> l.contains("--comment"));
    assertThat(lines)
        .filteredOn(l -> l.contains("cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ"))
        .hasSize(101);
  }
}
