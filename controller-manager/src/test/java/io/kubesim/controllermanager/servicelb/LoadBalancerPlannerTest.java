package io.kubesim.controllermanager.servicelb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.controllermanager.Event;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class LoadBalancerPlannerTest {
  private static final LoadBalancerPlanner.Pool POOL =
      LoadBalancerPlanner.Pool.parse("172.18.255.200-172.18.255.201");

  record Case(
      String name,
      String service,
      Set<String> taken,
      Boolean finalizer,
      String ip,
      List<String> reasons) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "A new LoadBalancer gets the finalizer and the lowest free address",
            "{\"spec\":{\"type\":\"LoadBalancer\"}}",
            Set.of("172.18.255.200"),
            true,
            "172.18.255.201",
            List.of("EnsuringLoadBalancer", "EnsuredLoadBalancer")),
        new Case(
            "A free spec.loadBalancerIP in the pool is honoured",
            "{\"spec\":{\"type\":\"LoadBalancer\",\"loadBalancerIP\":\"172.18.255.201\"}}",
            Set.of(),
            true,
            "172.18.255.201",
            List.of("EnsuringLoadBalancer", "EnsuredLoadBalancer")),
        new Case(
            "An empty pool leaves the Service pending with a warning",
            "{\"spec\":{\"type\":\"LoadBalancer\"}}",
            Set.of("172.18.255.200", "172.18.255.201"),
            true,
            null,
            List.of("EnsuringLoadBalancer", "SyncLoadBalancerFailed")),
        new Case(
            "A Service with its address and finalizer needs nothing",
            "{\"metadata\":{\"finalizers\":[\"service.kubernetes.io/load-balancer-cleanup\"]},\"spec\":{\"type\":\"LoadBalancer\"},"
                + "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"172.18.255.200\"}]}}}",
            Set.of(),
            null,
            null,
            List.of()),
        new Case(
            "A deleted LoadBalancer lets its finalizer go",
            "{\"metadata\":{\"deletionTimestamp\":\"2026-12-07T10:00:00Z\",\"finalizers\":[\"service.kubernetes.io/load-balancer-cleanup\"]},"
                + "\"spec\":{\"type\":\"LoadBalancer\"}}",
            Set.of(),
            false,
            null,
            List.of()),
        new Case(
            "A Service turned ClusterIP lets its finalizer go",
            "{\"metadata\":{\"finalizers\":[\"service.kubernetes.io/load-balancer-cleanup\"]},\"spec\":{\"type\":\"ClusterIP\"}}",
            Set.of(),
            false,
            null,
            List.of()),
        new Case(
            "A LoadBalancer of another class is not ours",
            "{\"spec\":{\"type\":\"LoadBalancer\",\"loadBalancerClass\":\"example.com/lb\"}}",
            Set.of(),
            null,
            null,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    JsonNode service = Json.parse(c.service().getBytes(StandardCharsets.UTF_8));
    LoadBalancerPlanner.Plan plan = LoadBalancerPlanner.plan(service, c.taken(), POOL);
    assertThat(plan.finalizer()).isEqualTo(c.finalizer());
    assertThat(plan.ip()).isEqualTo(c.ip());
    assertThat(plan.events()).extracting(Event::reason).isEqualTo(c.reasons());
  }
}
