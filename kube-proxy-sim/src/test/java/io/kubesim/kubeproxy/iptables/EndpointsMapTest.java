package io.kubesim.kubeproxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointsMapTest {
  private static EndpointSliceBuilder slice(String name, String addressType) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace("default")
        .withName(name)
        .addToLabels(EndpointsMap.SERVICE_NAME_LABEL, "web")
        .endMetadata()
        .withAddressType(addressType)
        .addNewPort()
        .withName("http")
        .withPort(8080)
        .withProtocol("TCP")
        .endPort();
  }

  private static EndpointSlice withEndpoint(
      EndpointSliceBuilder slice, String ip, boolean ready, boolean terminating, String node) {
    return slice
        .addNewEndpoint()
        .withAddresses(ip)
        .withNewConditions()
        .withReady(ready)
        .withServing(true)
        .withTerminating(terminating)
        .endConditions()
        .withNodeName(node)
        .endEndpoint()
        .build();
  }

  @Test
  void endpointsOfAllSlicesAreSortedAsTextAndMarkedLocal() {
    Map<String, List<EndpointInfo>> map =
        EndpointsMap.of(
            List.of(
                withEndpoint(slice("web-1", "IPv4"), "10.244.1.9", true, false, "kubesim-worker"),
                withEndpoint(slice("web-2", "IPv4"), "10.244.1.10", true, false, "other")),
            "kubesim-worker");
    List<EndpointInfo> endpoints = map.get(EndpointsMap.key("default/web", "http", "TCP"));
    assertThat(endpoints)
        .extracting(EndpointInfo::address)
        .containsExactly("10.244.1.10:8080", "10.244.1.9:8080");
    assertThat(endpoints).extracting(EndpointInfo::local).containsExactly(false, true);
  }

  @Test
  void anAddressInTwoSlicesKeepsTheNonTerminatingOne() {
    Map<String, List<EndpointInfo>> map =
        EndpointsMap.of(
            List.of(
                withEndpoint(slice("web-1", "IPv4"), "10.244.1.9", true, false, "a"),
                withEndpoint(slice("web-2", "IPv4"), "10.244.1.9", false, true, "b")),
            "a");
    assertThat(map.get(EndpointsMap.key("default/web", "http", "TCP")))
        .singleElement()
        .satisfies(e -> assertThat(e.terminating()).isFalse());
  }

  @Test
  void slicesOfOtherAddressTypesOrWithoutAServiceAreIgnored() {
    EndpointSlice ipv6 = withEndpoint(slice("web-6", "IPv6"), "fd00::1", true, false, "a");
    EndpointSlice orphan = withEndpoint(slice("web-x", "IPv4"), "10.244.1.9", true, false, "a");
    orphan.getMetadata().setLabels(Map.of());
    assertThat(EndpointsMap.of(List.of(ipv6, orphan), "a")).isEmpty();
  }
}
