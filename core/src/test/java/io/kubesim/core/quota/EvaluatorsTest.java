package io.kubesim.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EvaluatorsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  record Case(String name, String resource, String object, Map<String, String> usage) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> usage() {
    return Stream.of(
        new Case(
            "a ClusterIP service uses one service and no node port",
            "services",
            "spec: {ports: [{port: 80}]}",
            Map.of(
                "count/services", "1",
                "services", "1",
                "services.nodeports", "0",
                "services.loadbalancers", "0")),
        new Case(
            "a NodePort service uses a node port per port",
            "services",
            "spec: {type: NodePort, ports: [{port: 80}, {port: 443}]}",
            Map.of(
                "count/services", "1",
                "services", "1",
                "services.nodeports", "2",
                "services.loadbalancers", "0")),
        new Case(
            "a LoadBalancer that allocates no node ports uses only those it names",
            "services",
            """
            spec:
              type: LoadBalancer
              allocateLoadBalancerNodePorts: false
              ports: [{port: 80, nodePort: 30080}, {port: 443}]
            """,
            Map.of(
                "count/services", "1",
                "services", "1",
                "services.nodeports", "1",
                "services.loadbalancers", "1")),
        new Case(
            "a claim uses its storage, also under its storage class",
            "persistentvolumeclaims",
            """
            spec:
              storageClassName: gold
              resources: {requests: {storage: 2Gi}}
            """,
            Map.of(
                "count/persistentvolumeclaims", "1",
                "persistentvolumeclaims", "1",
                "requests.storage", "2Gi",
                "gold.storageclass.storage.k8s.io/persistentvolumeclaims", "1",
                "gold.storageclass.storage.k8s.io/requests.storage", "2Gi")),
        new Case(
            "a claim expanded beyond its request uses the allocated size",
            "persistentvolumeclaims",
            """
            spec: {resources: {requests: {storage: 1Gi}}}
            status: {allocatedResources: {storage: 3Gi}}
            """,
            Map.of(
                "count/persistentvolumeclaims", "1",
                "persistentvolumeclaims", "1",
                "requests.storage", "3Gi")),
        new Case(
            "a claim's fractional bytes are rounded up",
            "persistentvolumeclaims",
            "spec: {resources: {requests: {storage: 1500m}}}",
            Map.of(
                "count/persistentvolumeclaims", "1",
                "persistentvolumeclaims", "1",
                "requests.storage", "2")),
        new Case(
            "a deployment is counted as count/deployments.apps",
            "deployments.apps",
            "spec: {replicas: 3}",
            Map.of("count/deployments.apps", "1")),
        new Case(
            "a config map is counted under its legacy name too",
            "configmaps",
            "data: {a: b}",
            Map.of("count/configmaps", "1", "configmaps", "1")));
  }

  @ParameterizedTest
  @MethodSource
  void usage(Case c) {
    Evaluator evaluator = Evaluators.forResource(c.resource());
    assertThat(Yaml.text(evaluator.usage(Yaml.of(c.object()), NOW))).isEqualTo(c.usage());
  }

  @Test
  void aQuotaNeedsTheEvaluatorsOfTheNamesItLimits() {
    List<String> resources =
        Evaluators.forNames(List.of("pods", "count/deployments.apps", "secrets", "nonsense"))
            .stream()
            .map(Evaluator::groupResource)
            .toList();
    assertThat(resources).containsExactlyInAnyOrder("pods", "deployments.apps", "secrets");
  }

  @Test
  void onlyACreateChangesAnObjectCountAndOnlyAResizeUpdatesAPod() {
    Evaluator counts = Evaluators.forResource("deployments.apps");
    assertThat(counts.handles("CREATE", null, null, null)).isTrue();
    assertThat(counts.handles("UPDATE", null, null, null)).isFalse();
    Evaluator pods = Evaluators.forResource("pods");
    assertThat(pods.handles("UPDATE", null, null, null)).isFalse();
    assertThat(pods.handles("UPDATE", "resize", null, null)).isTrue();
    assertThat(pods.handles("CREATE", "binding", null, null)).isFalse();
  }
}
