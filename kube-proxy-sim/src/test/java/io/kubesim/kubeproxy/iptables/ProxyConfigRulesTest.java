package io.kubesim.kubeproxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How kube-proxy's settings change the rules (the golden files use kind's). */
class ProxyConfigRulesTest {
  private static List<String> lines(RuleSet rules, TableName table, String chainPrefix) {
    return rules.table(table).orElseThrow().chains().stream()
        .filter(c -> c.name().startsWith(chainPrefix))
        .flatMap(c -> c.rules().stream().map(r -> r.toSaveLine(c.name())))
        .toList();
  }

  private static RuleSet rules(String scenario, ProxyConfig config) {
    return RuleGenerator.generate(Scenarios.load(scenario, config));
  }

  @Test
  void masqueradeAllMarksEveryClusterIpConnection() {
    RuleSet rules = rules("clusterip-one-endpoint", ProxyConfig.kind().withMasqueradeAll(true));
    assertThat(lines(rules, TableName.NAT, "KUBE-SVC-"))
        .first()
        .isEqualTo(
            "-A KUBE-SVC-CDGGSHYLG3RE2FKL -d 10.96.12.7/32 -p tcp -m comment --comment"
                + " \"default/web:http cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ");
  }

  @Test
  void withoutAClusterCidrNothingIsMasqueradedForComingFromOutsideThePodNetwork() {
    ProxyConfig noDetector = new ProxyConfig("", false, List.of(), true, 14, true, false, true);
    RuleSet rules = rules("external-local-with-local-endpoint", noDetector);
    assertThat(lines(rules, TableName.NAT, "KUBE-SVC-"))
        .noneMatch(l -> l.contains("KUBE-MARK-MASQ"));
    assertThat(lines(rules, TableName.NAT, "KUBE-EXT-")).noneMatch(l -> l.contains("pod traffic"));
  }

  @Test
  void withoutNfacctTheCountersAreLeftOut() {
    RuleSet rules = rules("nodeport", ProxyConfig.kind().withNfacct(false));
    assertThat(lines(rules, TableName.NAT, "KUBE-NODEPORTS"))
        .containsExactly(
            "-A KUBE-NODEPORTS -p tcp -m comment --comment \"default/web:http\" -m tcp --dport 30080"
                + " -j KUBE-EXT-CDGGSHYLG3RE2FKL");
    assertThat(lines(rules, TableName.FILTER, "KUBE-FORWARD"))
        .first()
        .isEqualTo("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP");
  }

  @Test
  void withoutLocalhostNodePortsLoopbackIsLeftOutOfTheNodePortJump() {
    ProxyConfig config =
        new ProxyConfig("10.244.0.0/16", false, List.of(), false, 14, true, false, true);
    RuleSet rules = rules("nodeport", config);
    assertThat(lines(rules, TableName.NAT, "KUBE-SERVICES"))
        .last()
        .isEqualTo(
            "-A KUBE-SERVICES ! -d 127.0.0.0/8 -m comment --comment \"kubernetes service nodeports;"
                + " NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL"
                + " -j KUBE-NODEPORTS");
    assertThat(lines(rules, TableName.NAT, "KUBE-NODEPORTS"))
        .noneMatch(l -> l.contains("127.0.0.0/8"));
  }

  @Test
  void nodePortAddressesGiveOneJumpPerMatchingNodeAddress() {
    ProxyConfig config =
        new ProxyConfig(
            "10.244.0.0/16", false, List.of("172.18.0.0/16"), true, 14, true, false, true);
    RuleSet rules = rules("nodeport", config);
    assertThat(lines(rules, TableName.NAT, "KUBE-SERVICES"))
        .last()
        .isEqualTo(
            "-A KUBE-SERVICES -d 172.18.0.3/32 -m comment --comment \"kubernetes service nodeports;"
                + " NOTE: this must be the last rule in this chain\" -j KUBE-NODEPORTS");
    // 127.0.0.1 is outside the given addresses, so localhost NodePorts are off.
    assertThat(lines(rules, TableName.FILTER, "KUBE-FIREWALL"))
        .containsExactly(
            "-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block incoming"
                + " localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
    assertThat(lines(rules, TableName.NAT, "KUBE-NODEPORTS")).noneMatch(l -> l.contains("nfacct"));
  }

  @Test
  void withoutTheKubeletsChainsKubeProxysOwnJumpComeFirst() {
    RuleSet rules = rules("clusterip-one-endpoint", ProxyConfig.kind().withKubeletChains(false));
    List<String> input = lines(rules, TableName.FILTER, "INPUT");
    assertThat(input).first().isEqualTo("-A INPUT -j KUBE-FIREWALL");
    assertThat(input).hasSize(4);
    assertThat(rules.table(TableName.MANGLE).orElseThrow().chains())
        .extracting(Chain::name)
        .doesNotContain("KUBE-IPTABLES-HINT", "KUBE-KUBELET-CANARY")
        .contains("KUBE-PROXY-CANARY");
  }
}
