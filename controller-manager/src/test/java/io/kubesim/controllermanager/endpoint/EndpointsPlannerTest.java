package io.kubesim.controllermanager.endpoint;

import static io.kubesim.controllermanager.endpointslice.EndpointObjects.pod;
import static io.kubesim.controllermanager.endpointslice.EndpointObjects.readyPod;
import static io.kubesim.controllermanager.endpointslice.EndpointObjects.service;
import static io.kubesim.controllermanager.endpointslice.EndpointObjects.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EndpointsPlannerTest {
  @Test
  void readyPodsAreAddressesAndTheOthersNotReadyAddressesSortedByIp() {
    Endpoints e =
        EndpointsPlanner.desired(
            web(), List.of(readyPod("b", 3), pod("c", 4, false).build(), readyPod("a", 12)), "t");
    assertThat(e.getMetadata().getName()).isEqualTo("web");
    assertThat(e.getMetadata().getLabels()).containsEntry("tier", "front");
    assertThat(e.getSubsets())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getAddresses())
                  .extracting(EndpointAddress::getIp)
                  .containsExactly("10.244.1.12", "10.244.1.3");
              assertThat(s.getNotReadyAddresses())
                  .extracting(EndpointAddress::getIp)
                  .containsExactly("10.244.1.4");
              assertThat(s.getPorts())
                  .singleElement()
                  .satisfies(
                      p -> {
                        assertThat(p.getName()).isEqualTo("http");
                        assertThat(p.getPort()).isEqualTo(8080);
                      });
              assertThat(s.getAddresses().get(0).getTargetRef().getName()).isEqualTo("a");
              assertThat(s.getAddresses().get(0).getNodeName()).isEqualTo("n1");
            });
  }

  @Test
  void terminatingPodsAreLeftOutOfTheLegacyEndpoints() {
    Pod leaving =
        pod("a", 2, true)
            .editMetadata()
            .withDeletionTimestamp("2026-12-07T11:00:00Z")
            .endMetadata()
            .build();
    assertThat(EndpointsPlanner.desired(web(), List.of(leaving), null).getSubsets()).isEmpty();
  }

  @Test
  void aServiceWithoutSelectorIsLeftToItsUser() {
    assertThat(
            EndpointsPlanner.desired(
                service().editSpec().withSelector(null).endSpec().build(), List.of(), null))
        .isNull();
  }

  @Test
  void onlyTheTriggerTimeChangingIsNoChange() {
    Endpoints a =
        EndpointsPlanner.desired(web(), List.of(readyPod("a", 2)), "2026-12-07T10:00:00Z");
    Endpoints b =
        EndpointsPlanner.desired(web(), List.of(readyPod("a", 2)), "2026-12-07T10:05:00Z");
    assertThat(EndpointsPlanner.same(a, b)).isTrue();
    Endpoints c =
        EndpointsPlanner.desired(
            web(), List.of(pod("a", 2, false).build()), "2026-12-07T10:05:00Z");
    assertThat(EndpointsPlanner.same(a, c)).isFalse();
  }

  @Test
  void moreThanAThousandAddressesAreTruncatedAndSaySo() {
    List<Pod> pods = IntStream.range(0, 1001).mapToObj(i -> readyPod("p" + i, i % 250)).toList();
    Endpoints e = EndpointsPlanner.desired(web(), pods, null);
    assertThat(e.getSubsets().get(0).getAddresses()).hasSize(1000);
    assertThat(e.getMetadata().getAnnotations())
        .containsEntry("endpoints.kubernetes.io/over-capacity", "truncated");
  }
}
