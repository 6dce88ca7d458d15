package io.kubesim.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class QuotaUsageTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private static final List<JsonNode> PODS =
      List.of(
          Yaml.of(
              "spec: {containers: [{name: a, resources: {requests: {cpu: 400m, memory: 1Gi}}}]}"),
          Yaml.of(
              "spec: {activeDeadlineSeconds: 30, containers: [{name: a, resources: {requests: {cpu: 300m}}}]}"),
          Yaml.of(
              "spec: {containers: [{name: a, resources: {requests: {cpu: 500m}}}]}\n"
                  + "status: {phase: Succeeded}"),
          Yaml.of("spec: {containers: [{name: b}]}"));

  record Case(String name, String quota, Map<String, String> used) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "running pods are summed and a finished one is not",
            "spec: {hard: {pods: \"10\", requests.cpu: \"2\"}}",
            Map.of("pods", "3", "requests.cpu", "700m")),
        new Case(
            "count/pods counts every stored pod",
            "spec: {hard: {count/pods: \"10\"}}",
            Map.of("count/pods", "4")),
        new Case(
            "a Terminating quota sees only pods with a deadline",
            "spec: {hard: {pods: \"10\"}, scopes: [Terminating]}",
            Map.of("pods", "1")),
        new Case(
            "a BestEffort quota sees only pods without requests",
            "spec: {hard: {pods: \"10\"}, scopes: [BestEffort]}",
            Map.of("pods", "1")),
        new Case(
            "a tracked resource nothing uses is zero",
            "spec: {hard: {limits.memory: 1Gi, services: \"5\"}}",
            Map.of("limits.memory", "0", "services", "0")),
        new Case(
            "a resource no evaluator measures is left out",
            "spec: {hard: {pods: \"10\", example.com/thing: \"1\"}}",
            Map.of("pods", "3")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void usageOfANamespace(Case c) {
    Map<String, io.kubesim.core.quantity.Quantity> used =
        QuotaUsage.calculate(
            Yaml.of(c.quota()), resource -> resource.equals("pods") ? PODS : List.of(), NOW);
    assertThat(Yaml.text(used)).isEqualTo(c.used());
  }
}
