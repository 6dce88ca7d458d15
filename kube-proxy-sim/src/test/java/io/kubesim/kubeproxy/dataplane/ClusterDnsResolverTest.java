package io.kubesim.kubeproxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterDnsResolverTest {
  record Case(String name, String host, List<String> tried) {}

  @Test
  void namesAreTriedAsAPodInDefaultWithNdotsFiveTriesThem() {
    List<Case> cases =
        List.of(
            new Case(
                "a short name takes the whole search list first",
                "web",
                List.of(
                    "web.default.svc.cluster.local.",
                    "web.svc.cluster.local.",
                    "web.cluster.local.",
                    "web.")),
            new Case(
                "a name with a namespace too (fewer than five dots)",
                "web.prod",
                List.of(
                    "web.prod.default.svc.cluster.local.",
                    "web.prod.svc.cluster.local.",
                    "web.prod.cluster.local.",
                    "web.prod.")),
            new Case(
                "an absolute name is asked as it is",
                "web-0.nginx.default.svc.cluster.local.",
                List.of("web-0.nginx.default.svc.cluster.local.")),
            new Case(
                "five dots or more: the name alone, without the search list",
                "a.b.c.d.e.f",
                List.of("a.b.c.d.e.f.")));
    for (Case c : cases) {
      assertThat(ClusterDnsResolver.candidates(c.host())).as(c.name()).isEqualTo(c.tried());
    }
  }

  private static EndpointSlice slice(String ns, String service, boolean ready) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(service + "-abcde")
        .addToLabels("kubernetes.io/service-name", service)
        .endMetadata()
        .addNewPort()
        .withName("dns-tcp")
        .withProtocol("TCP")
        .withPort(1053)
        .endPort()
        .addNewPort()
        .withName("dns")
        .withProtocol("UDP")
        .withPort(1053)
        .endPort()
        .addNewEndpoint()
        .withAddresses("127.0.0.1")
        .withNewConditions()
        .withReady(ready)
        .endConditions()
        .endEndpoint()
        .build();
  }

  @Test
  void theServerIsAReadyEndpointOfKubeDnsUdpPort() {
    assertThat(ClusterDnsResolver.server(List.of(slice("kube-system", "kube-dns", true))))
        .isEqualTo(new InetSocketAddress("127.0.0.1", 1053));
    assertThat(ClusterDnsResolver.server(List.of(slice("kube-system", "kube-dns", false))))
        .as("not ready: no server, the proxy falls back to the Service map")
        .isNull();
    assertThat(ClusterDnsResolver.server(List.of(slice("default", "kube-dns", true))))
        .as("another namespace's kube-dns is not the cluster DNS")
        .isNull();
  }
}
