package io.kubesim.kubeproxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chain names against values computed by kube-proxy's algorithm outside this code, here with
 * python3: {@code base64.b32encode(hashlib.sha256(b"default/kubernetes:httpstcp").digest())[:16]}
 * gives NPX46M4PTMTKRN6Y. The kube-dns ones also appear in iptables-save dumps of real clusters
 * (KUBE-SVC-TCOU7JCQXEZGVUNU, KUBE-SEP-6E7XQMQ4RAYOWTTM for 10.244.0.3:53).
 */
class ChainNamesTest {
  record Case(String sentence, String servicePort, String protocol, String endpoint, String chain) {
    @Override
    public String toString() {
      return sentence;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "the kubernetes Service's https port",
            "default/kubernetes:https",
            "tcp",
            null,
            "KUBE-SVC-NPX46M4PTMTKRN6Y"),
        new Case(
            "kube-dns over UDP",
            "kube-system/kube-dns:dns",
            "udp",
            null,
            "KUBE-SVC-TCOU7JCQXEZGVUNU"),
        new Case(
            "kube-dns over TCP",
            "kube-system/kube-dns:dns-tcp",
            "tcp",
            null,
            "KUBE-SVC-ERIFXISQEP7F7OF4"),
        new Case(
            "an endpoint chain adds ip:port to the hashed text",
            "kube-system/kube-dns:dns",
            "udp",
            "10.244.0.3:53",
            "KUBE-SEP-6E7XQMQ4RAYOWTTM"),
        new Case(
            "the golden files' web Service",
            "default/web:http",
            "tcp",
            null,
            "KUBE-SVC-CDGGSHYLG3RE2FKL"),
        new Case(
            "one of its endpoints",
            "default/web:http",
            "tcp",
            "10.244.1.5:8080",
            "KUBE-SEP-AFGSLHOD2HFNCBX4"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theNameIsKubeProxys(Case c) {
    String name =
        c.endpoint() == null
            ? ChainNames.CLUSTER_POLICY + ChainNames.portProtoHash(c.servicePort(), c.protocol())
            : ChainNames.endpointChain(c.servicePort(), c.protocol(), c.endpoint());
    assertThat(name).isEqualTo(c.chain());
  }
}
