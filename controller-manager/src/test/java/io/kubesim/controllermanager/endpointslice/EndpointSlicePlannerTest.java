package io.kubesim.controllermanager.endpointslice;

import static io.kubesim.controllermanager.endpointslice.EndpointObjects.pod;
import static io.kubesim.controllermanager.endpointslice.EndpointObjects.readyPod;
import static io.kubesim.controllermanager.endpointslice.EndpointObjects.service;
import static io.kubesim.controllermanager.endpointslice.EndpointObjects.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubesim.controllermanager.endpointslice.EndpointSlicePlanner.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EndpointSlicePlannerTest {
  private static Plan plan(List<Pod> pods, List<EndpointSlice> existing) {
    return EndpointSlicePlanner.plan(web(), pods, Map.of("n1", "zone-a"), existing, null);
  }

  /** The plan's creates as they would be stored: named, with a version. */
  private static List<EndpointSlice> stored(Plan plan) {
    List<EndpointSlice> out = new ArrayList<>();
    int i = 0;
    for (EndpointSlice slice : plan.creates()) {
      slice.getMetadata().setName("web-" + i++);
      slice.getMetadata().setResourceVersion("1");
      out.add(slice);
    }
    return out;
  }

  record ConditionCase(
      String name, Pod pod, boolean publishNotReady, List<Boolean> readyServingTerminating) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ConditionCase> conditions() {
    return Stream.of(
        new ConditionCase(
            "A ready pod is ready and serving",
            readyPod("a", 2),
            false,
            List.of(true, true, false)),
        new ConditionCase(
            "A pod failing readiness is neither",
            pod("a", 2, false).build(),
            false,
            List.of(false, false, false)),
        new ConditionCase(
            "A ready pod being deleted serves but is not ready, and is terminating",
            pod("a", 2, true)
                .editMetadata()
                .withDeletionTimestamp("2026-12-07T11:00:00Z")
                .endMetadata()
                .build(),
            false,
            List.of(false, true, true)),
        new ConditionCase(
            "publishNotReadyAddresses makes every pod ready and serving",
            pod("a", 2, false).build(),
            true,
            List.of(true, true, false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditions")
  void endpointConditionsFollowReadinessAndDeletion(ConditionCase c) {
    var service =
        service().editSpec().withPublishNotReadyAddresses(c.publishNotReady()).endSpec().build();
    Plan plan = EndpointSlicePlanner.plan(service, List.of(c.pod()), Map.of(), List.of(), null);
    Endpoint e = plan.creates().get(0).getEndpoints().get(0);
    assertThat(
            List.of(
                e.getConditions().getReady(),
                e.getConditions().getServing(),
                e.getConditions().getTerminating()))
        .isEqualTo(c.readyServingTerminating());
  }

  @Test
  void aSelectingServiceGetsOneSliceWithTheNamedPortResolvedAndTheControllersLabels() {
    Plan plan = plan(List.of(readyPod("a", 2), readyPod("b", 3)), List.of());
    assertThat(plan.creates()).hasSize(1);
    EndpointSlice slice = plan.creates().get(0);
    assertThat(slice.getMetadata().getGenerateName()).isEqualTo("web-");
    assertThat(slice.getMetadata().getLabels())
        .containsEntry("kubernetes.io/service-name", "web")
        .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
        .containsEntry("tier", "front")
        .doesNotContainKey("service.kubernetes.io/headless");
    assertThat(slice.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("Service");
    assertThat(slice.getAddressType()).isEqualTo("IPv4");
    assertThat(slice.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getPort()).isEqualTo(8080);
              assertThat(p.getProtocol()).isEqualTo("TCP");
            });
    assertThat(slice.getEndpoints())
        .extracting(
            e -> e.getAddresses().get(0),
            Endpoint::getNodeName,
            Endpoint::getZone,
            e -> e.getTargetRef().getName())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("10.244.1.2", "n1", "zone-a", "a"),
            org.assertj.core.groups.Tuple.tuple("10.244.1.3", "n1", "zone-a", "b"));
  }

  @Test
  void podsWithoutAnIpTerminalPodsAndPodsNotSelectedAreLeftOut() {
    Pod noIp = pod("a", 2, false).editStatus().withPodIP(null).endStatus().build();
    Pod done = pod("b", 3, false).editStatus().withPhase("Succeeded").endStatus().build();
    Pod other =
        pod("c", 4, true).editMetadata().withLabels(Map.of("app", "db")).endMetadata().build();
    Plan plan = plan(List.of(noIp, done, other), List.of());
    assertThat(plan.creates())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getEndpoints()).isNull();
              assertThat(s.getPorts()).isNull();
            });
  }

  @Test
  void aServiceWithoutEndpointsKeepsOnePlaceholderSliceAndNothingIsWrittenAgain() {
    List<EndpointSlice> first = stored(plan(List.of(), List.of()));
    assertThat(first).hasSize(1);
    assertThat(plan(List.of(), first).empty()).isTrue();
  }

  @Test
  void anUnchangedServiceWritesNothingAndAChangedPodUpdatesItsSliceInPlace() {
    List<EndpointSlice> slices =
        stored(plan(List.of(readyPod("a", 2), readyPod("b", 3)), List.of()));
    assertThat(plan(List.of(readyPod("a", 2), readyPod("b", 3)), slices).empty()).isTrue();

    Plan plan = plan(List.of(readyPod("a", 2), pod("b", 3, false).build()), slices);
    assertThat(plan.creates()).isEmpty();
    assertThat(plan.updates())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getMetadata().getName()).isEqualTo("web-0");
              assertThat(s.getMetadata().getResourceVersion()).isEqualTo("1");
              assertThat(s.getEndpoints().get(1).getConditions().getReady()).isFalse();
            });
  }

  @Test
  void twoHundredAndFiftyPodsTakeThreeSlicesOfAtMostAHundredAndAFullSliceIsNotTouched() {
    List<Pod> pods =
        IntStream.range(0, 250)
            .mapToObj(i -> readyPod(String.format("p%03d", i), i % 250))
            .toList();
    List<EndpointSlice> slices = stored(plan(pods, List.of()));
    assertThat(slices).extracting(s -> s.getEndpoints().size()).containsExactly(100, 100, 50);

    // one pod gone from the first slice, two new: the gap and the last slice take them
    List<Pod> next = new ArrayList<>(pods.subList(1, 250));
    next.add(readyPod("q1", 7));
    next.add(readyPod("q2", 8));
    Plan plan = plan(next, slices);
    assertThat(plan.creates()).isEmpty();
    assertThat(plan.deletes()).isEmpty();
    assertThat(plan.updates())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("web-0", "web-2");
    assertThat(plan.updates()).extracting(s -> s.getEndpoints().size()).containsExactly(100, 51);
  }

  @Test
  void podsWhoseNamedPortResolvesDifferentlyGoToDifferentSlices() {
    Pod other =
        pod("b", 3, true)
            .editSpec()
            .editFirstContainer()
            .editFirstPort()
            .withContainerPort(9090)
            .endPort()
            .endContainer()
            .endSpec()
            .build();
    Plan plan = plan(List.of(readyPod("a", 2), other), List.of());
    assertThat(plan.creates())
        .extracting(s -> s.getPorts().get(0).getPort())
        .containsExactlyInAnyOrder(8080, 9090);
  }

  @Test
  void aHeadlessServiceIsLabelledAndAPodWithItsSubdomainPublishesItsHostname() {
    var headless = service().editSpec().withClusterIP("None").endSpec().build();
    Pod pod =
        pod("web-0", 2, true)
            .editSpec()
            .withHostname("web-0")
            .withSubdomain("web")
            .endSpec()
            .build();
    EndpointSlice slice =
        EndpointSlicePlanner.plan(headless, List.of(pod), Map.of(), List.of(), null)
            .creates()
            .get(0);
    assertThat(slice.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
    assertThat(slice.getEndpoints().get(0).getHostname()).isEqualTo("web-0");
  }

  @Test
  void aServiceWithoutSelectorOrOfTypeExternalNameHasNoManagedSlices() {
    List<EndpointSlice> slices = stored(plan(List.of(readyPod("a", 2)), List.of()));
    var external =
        service()
            .editSpec()
            .withType("ExternalName")
            .withExternalName("example.com")
            .endSpec()
            .build();
    assertThat(
            EndpointSlicePlanner.plan(external, List.of(readyPod("a", 2)), Map.of(), slices, null)
                .deletes())
        .containsExactly("web-0");
    var manual = service().editSpec().withSelector(null).endSpec().build();
    assertThat(EndpointSlicePlanner.plan(manual, List.of(), Map.of(), List.of(), null).empty())
        .isTrue();
  }
}
