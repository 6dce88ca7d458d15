package io.kubesim.kubeproxy.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.kubesim.kubeproxy.iptables.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Packets through the golden scenarios' rules, seen from the node kubesim-worker (172.18.0.3, pods
 * 10.244.1.0/24 of the cluster's 10.244.0.0/16): the chains met on the first way the packet can go,
 * and where it ends up with what chance.
 */
class TraceTest {
  private static final String POD = "10.244.1.10";
  private static final String OUTSIDER = "192.168.1.50";
  private static final String NODE = Scenarios.NODE_IP;
  private static final double THIRD = 1.0 / 3;

  /**
   * @param path the chains of the first outcome, hashed names cut to their kind, repeats merged
   * @param endpoints the chance of each endpoint; empty when the packet is not translated
   * @param verdict the verdict when no endpoint is reached (REJECT, DROP, ACCEPT)
   */
  record Case(
      String sentence,
      String scenario,
      Packet packet,
      String path,
      Map<String, Double> endpoints,
      Verdict verdict,
      boolean masquerade) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  private static Packet pod(String ip, int port) {
    return Packet.tcp(POD, ip, port, Origin.POD);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a pod reaches each of three endpoints with probability 1/3",
            "clusterip-three-endpoints",
            pod("10.96.12.7", 80),
            "nat PREROUTING > KUBE-SERVICES > KUBE-SVC > KUBE-SEP | filter FORWARD"
                + " | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", THIRD, "10.244.2.9:8080", THIRD, "10.244.3.4:8080", THIRD),
            Verdict.DNAT,
            false),
        new Case(
            "the node itself reaching a cluster IP is masqueraded",
            "clusterip-one-endpoint",
            Packet.tcp(NODE, "10.96.12.7", 80, Origin.NODE),
            "nat OUTPUT > KUBE-SERVICES > KUBE-SVC > KUBE-MARK-MASQ > KUBE-SVC > KUBE-SEP"
                + " | filter OUTPUT | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", 1.0),
            Verdict.DNAT,
            true),
        new Case(
            "an endpoint reaching itself through its Service is masqueraded (hairpin)",
            "clusterip-one-endpoint",
            Packet.tcp("10.244.1.5", "10.96.12.7", 80, Origin.POD),
            "nat PREROUTING > KUBE-SERVICES > KUBE-SVC > KUBE-SEP > KUBE-MARK-MASQ > KUBE-SEP"
                + " | filter FORWARD > KUBE-FORWARD | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", 1.0),
            Verdict.DNAT,
            true),
        new Case(
            "a cluster IP whose endpoint is not ready is rejected",
            "clusterip-no-ready-endpoints",
            pod("10.96.12.7", 80),
            "nat PREROUTING | filter FORWARD > KUBE-SERVICES",
            Map.of(),
            Verdict.REJECT,
            false),
        new Case(
            "a port the Service does not have is no service at all",
            "clusterip-one-endpoint",
            pod("10.96.12.7", 81),
            "nat PREROUTING | filter FORWARD | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of(),
            Verdict.ACCEPT,
            false),
        new Case(
            "the UDP port of a several-port Service is its own chain",
            "several-ports",
            new Packet(POD, "10.96.40.2", 53, "udp", Origin.POD),
            "nat PREROUTING > KUBE-SERVICES > KUBE-SVC > KUBE-SEP | filter FORWARD"
                + " | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.7:5353", 0.5, "10.244.2.3:5353", 0.5),
            Verdict.DNAT,
            false),
        new Case(
            "a node port from outside goes to any endpoint, masqueraded",
            "nodeport",
            Packet.tcp(OUTSIDER, NODE, 30080, Origin.EXTERNAL),
            "nat PREROUTING > KUBE-SERVICES > KUBE-NODEPORTS > KUBE-EXT > KUBE-MARK-MASQ > KUBE-EXT"
                + " > KUBE-SVC > KUBE-SEP | filter FORWARD > KUBE-FORWARD"
                + " | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", 0.5, "10.244.2.9:8080", 0.5),
            Verdict.DNAT,
            true),
        new Case(
            "a node port on 127.0.0.1 from the node works and is counted",
            "nodeport",
            Packet.tcp("127.0.0.1", "127.0.0.1", 30080, Origin.NODE),
            "nat OUTPUT > KUBE-SERVICES > KUBE-NODEPORTS > KUBE-EXT > KUBE-MARK-MASQ > KUBE-EXT"
                + " > KUBE-SVC > KUBE-SEP | filter OUTPUT | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", 0.5, "10.244.2.9:8080", 0.5),
            Verdict.DNAT,
            true),
        new Case(
            "a node port without endpoints is rejected",
            "nodeport-no-endpoints",
            Packet.tcp(OUTSIDER, NODE, 30080, Origin.EXTERNAL),
            "nat PREROUTING > KUBE-SERVICES | filter INPUT > KUBE-EXTERNAL-SERVICES",
            Map.of(),
            Verdict.REJECT,
            false),
        new Case(
            "a load balancer IP from outside reaches the endpoints, masqueraded",
            "loadbalancer",
            Packet.tcp(OUTSIDER, "172.18.0.100", 80, Origin.EXTERNAL),
            "nat PREROUTING > KUBE-SERVICES > KUBE-EXT > KUBE-MARK-MASQ > KUBE-EXT > KUBE-SVC"
                + " > KUBE-SEP | filter FORWARD > KUBE-FORWARD | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", 0.5, "10.244.2.9:8080", 0.5),
            Verdict.DNAT,
            true),
        new Case(
            "a load balancer client inside the source ranges passes the KUBE-FW chain",
            "loadbalancer-source-ranges",
            Packet.tcp(OUTSIDER, "172.18.0.100", 80, Origin.EXTERNAL),
            "nat PREROUTING > KUBE-SERVICES > KUBE-FW > KUBE-EXT > KUBE-MARK-MASQ > KUBE-EXT"
                + " > KUBE-SVC > KUBE-SEP | filter FORWARD > KUBE-FORWARD"
                + " | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", 1.0),
            Verdict.DNAT,
            true),
        new Case(
            "a load balancer client outside the source ranges is dropped by KUBE-PROXY-FIREWALL",
            "loadbalancer-source-ranges",
            Packet.tcp("10.0.0.1", "172.18.0.100", 80, Origin.EXTERNAL),
            "nat PREROUTING > KUBE-SERVICES > KUBE-FW" + " | filter FORWARD > KUBE-PROXY-FIREWALL",
            Map.of(),
            Verdict.DROP,
            false),
        new Case(
            "externalTrafficPolicy Local sends outside traffic to the local endpoint only,"
                + " keeping the client's address",
            "external-local-with-local-endpoint",
            Packet.tcp(OUTSIDER, NODE, 30080, Origin.EXTERNAL),
            "nat PREROUTING > KUBE-SERVICES > KUBE-NODEPORTS > KUBE-EXT > KUBE-SVL > KUBE-SEP"
                + " | filter FORWARD | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", 1.0),
            Verdict.DNAT,
            false),
        new Case(
            "a pod reaching a Local load balancer IP is short-circuited to every endpoint",
            "external-local-with-local-endpoint",
            pod("172.18.0.100", 80),
            "nat PREROUTING > KUBE-SERVICES > KUBE-EXT > KUBE-SVC > KUBE-SEP | filter FORWARD"
                + " | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", 0.5, "10.244.2.9:8080", 0.5),
            Verdict.DNAT,
            false),
        new Case(
            "externalTrafficPolicy Local without a local endpoint drops the node port",
            "external-local-without-local-endpoint",
            Packet.tcp(OUTSIDER, NODE, 30080, Origin.EXTERNAL),
            "nat PREROUTING > KUBE-SERVICES > KUBE-NODEPORTS"
                + " | filter INPUT > KUBE-EXTERNAL-SERVICES",
            Map.of(),
            Verdict.DROP,
            false),
        new Case(
            "externalTrafficPolicy Local without a local endpoint drops the load balancer IP",
            "external-local-without-local-endpoint",
            Packet.tcp(OUTSIDER, "172.18.0.100", 80, Origin.EXTERNAL),
            "nat PREROUTING > KUBE-SERVICES" + " | filter FORWARD > KUBE-EXTERNAL-SERVICES",
            Map.of(),
            Verdict.DROP,
            false),
        new Case(
            "the node itself still reaches a Local node port without a local endpoint",
            "external-local-without-local-endpoint",
            Packet.tcp(NODE, NODE, 30080, Origin.NODE),
            "nat OUTPUT > KUBE-SERVICES > KUBE-NODEPORTS > KUBE-EXT > KUBE-MARK-MASQ > KUBE-EXT"
                + " > KUBE-SVC > KUBE-SEP | filter OUTPUT | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.2.9:8080", 0.5, "10.244.3.4:8080", 0.5),
            Verdict.DNAT,
            true),
        new Case(
            "internalTrafficPolicy Local keeps cluster IP traffic on this node",
            "internal-local-with-local-endpoint",
            pod("10.96.12.7", 80),
            "nat PREROUTING > KUBE-SERVICES > KUBE-SVL > KUBE-SEP | filter FORWARD"
                + " | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", 1.0),
            Verdict.DNAT,
            false),
        new Case(
            "internalTrafficPolicy Local without a local endpoint drops cluster IP traffic",
            "internal-local-without-local-endpoint",
            pod("10.96.12.7", 80),
            "nat PREROUTING | filter FORWARD > KUBE-SERVICES",
            Map.of(),
            Verdict.DROP,
            false),
        new Case(
            "serving terminating endpoints take the traffic when none is ready",
            "terminating-endpoints",
            pod("10.96.12.7", 80),
            "nat PREROUTING > KUBE-SERVICES > KUBE-SVC > KUBE-SEP | filter FORWARD"
                + " | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", 0.5, "10.244.2.9:8080", 0.5),
            Verdict.DNAT,
            false),
        new Case(
            "an external IP from outside is masqueraded",
            "external-ip",
            Packet.tcp(OUTSIDER, "203.0.113.10", 80, Origin.EXTERNAL),
            "nat PREROUTING > KUBE-SERVICES > KUBE-EXT > KUBE-MARK-MASQ > KUBE-EXT > KUBE-SVC"
                + " > KUBE-SEP | filter FORWARD > KUBE-FORWARD | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of("10.244.1.5:8080", 1.0),
            Verdict.DNAT,
            true),
        new Case(
            "a headless Service's pod is reached directly, untouched",
            "headless-and-externalname",
            pod("10.244.1.8", 5432),
            "nat PREROUTING | filter FORWARD | nat POSTROUTING > KUBE-POSTROUTING",
            Map.of(),
            Verdict.ACCEPT,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void thePacketGoesWhereTheRulesSend(Case c) {
    Trace trace = PacketTracer.trace(Scenarios.rules(c.scenario()), c.packet());

    assertThat(path(trace.outcomes().get(0))).isEqualTo(c.path());
    assertThat(trace.outcomes().stream().mapToDouble(Outcome::probability).sum())
        .isCloseTo(1.0, offset(1e-12));
    Map<String, Double> endpoints = trace.endpointProbabilities();
    assertThat(endpoints).containsOnlyKeys(c.endpoints().keySet());
    c.endpoints().forEach((e, p) -> assertThat(endpoints.get(e)).isCloseTo(p, offset(1e-9)));
    assertThat(trace.probabilityOf(c.verdict())).isCloseTo(1.0, offset(1e-12));
    assertThat(trace.outcomes()).allMatch(o -> o.masquerade() == c.masquerade());
  }

  /**
   * {@code nat PREROUTING > KUBE-SERVICES > KUBE-SVC | filter FORWARD}: the chains in which a rule
   * matched (a chain entered and left without a match, and policies, are not shown).
   */
  static String path(Outcome outcome) {
    List<String> parts = new ArrayList<>();
    String table = null;
    String last = null;
    for (Step step : outcome.steps()) {
      if (!step.taken()) {
        continue;
      }
      String chain = step.chain().replaceAll("^(KUBE-(SVC|SVL|SEP|EXT|FW))-.*", "$1");
      String tableName = step.table().text();
      if (!tableName.equals(table)) {
        parts.add((table == null ? "" : " | ") + tableName + " " + chain);
      } else if (!chain.equals(last)) {
        parts.add(" > " + chain);
      }
      table = tableName;
      last = chain;
    }
    return String.join("", parts);
  }
}
