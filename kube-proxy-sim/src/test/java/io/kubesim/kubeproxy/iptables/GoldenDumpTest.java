package io.kubesim.kubeproxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole iptables-save dumps, one per Service shape: {@code scenarios/NAME.yaml} in, {@code
 * golden/NAME.txt} out. Any difference fails. To rewrite the golden files on purpose (and then read
 * the diff): {@code mvn -pl kube-proxy-sim test -Dtest=GoldenDumpTest -Dgolden.update=true}.
 */
class GoldenDumpTest {
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final Path GOLDEN_SOURCES = Path.of("src/test/resources/golden");

  record Case(String sentence, String scenario) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a ClusterIP Service with one endpoint DNATs to it", "clusterip-one-endpoint"),
        new Case(
            "a ClusterIP Service with three endpoints spreads over them with 1/3 and 1/2",
            "clusterip-three-endpoints"),
        new Case(
            "a Service whose only endpoint is not ready is rejected in the filter table",
            "clusterip-no-ready-endpoints"),
        new Case(
            "several ports, one with a named targetPort resolved in the slice, get a chain each",
            "several-ports"),
        new Case("a NodePort Service is reached through KUBE-NODEPORTS and KUBE-EXT", "nodeport"),
        new Case(
            "a NodePort Service without endpoints rejects its node port and external IP",
            "nodeport-no-endpoints"),
        new Case("a LoadBalancer Service captures its ingress IP", "loadbalancer"),
        new Case(
            "load balancer source ranges go through a KUBE-FW chain and KUBE-PROXY-FIREWALL",
            "loadbalancer-source-ranges"),
        new Case(
            "externalTrafficPolicy Local with a local endpoint keeps outside traffic on this node",
            "external-local-with-local-endpoint"),
        new Case(
            "externalTrafficPolicy Local without a local endpoint drops outside traffic",
            "external-local-without-local-endpoint"),
        new Case(
            "internalTrafficPolicy Local sends cluster IP traffic to the local endpoint only",
            "internal-local-with-local-endpoint"),
        new Case(
            "internalTrafficPolicy Local without a local endpoint drops cluster IP traffic",
            "internal-local-without-local-endpoint"),
        new Case("sessionAffinity ClientIP adds recent-list rules", "session-affinity"),
        new Case("headless and ExternalName Services get no rules", "headless-and-externalname"),
        new Case(
            "when no endpoint is ready the serving terminating ones are used",
            "terminating-endpoints"),
        new Case(
            "ready endpoints win over terminating and not-ready ones",
            "ready-and-terminating-endpoints"),
        new Case("an external IP is captured and marked for masquerade", "external-ip"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theDumpIsExactlyTheGoldenFile(Case c) throws IOException {
    String dump = IptablesSave.render(Scenarios.rules(c.scenario()), Scenarios.SAVED_AT);
    String resource = "golden/" + c.scenario() + ".txt";
    if (UPDATE) {
      Files.createDirectories(GOLDEN_SOURCES);
      Files.writeString(
          GOLDEN_SOURCES.resolve(c.scenario() + ".txt"), dump, StandardCharsets.UTF_8);
    }
    assertThat(dump).isEqualTo(Scenarios.read(resource));
  }
}
