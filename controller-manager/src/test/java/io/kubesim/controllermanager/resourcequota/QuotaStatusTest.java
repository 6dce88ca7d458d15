package io.kubesim.controllermanager.resourcequota;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class QuotaStatusTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private static ObjectNode yaml(String text) {
    return (ObjectNode) Json.YAML.readTree(text);
  }

  private static final Map<String, List<JsonNode>> NAMESPACE =
      Map.of(
          "pods",
          List.of(
              yaml("spec: {containers: [{name: a, resources: {requests: {cpu: 400m}}}]}"),
              yaml("spec: {containers: [{name: a}]}\nstatus: {phase: Failed}")),
          "deployments.apps",
          List.of(yaml("metadata: {name: web}")));

  record Case(String name, String quota, String status) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a new quota gets its hard limits and the namespace's usage",
            "spec: {hard: {pods: \"2\", requests.cpu: \"1\"}}",
            "{hard: {pods: \"2\", requests.cpu: \"1\"}, used: {pods: \"1\", requests.cpu: 400m}}"),
        new Case(
            "a quota whose status says it already is left alone",
            "spec: {hard: {pods: \"2\"}}\nstatus: {hard: {pods: \"2\"}, used: {pods: \"1\"}}",
            null),
        new Case(
            "an over-charge left by admission is given back",
            "spec: {hard: {pods: \"2\"}}\nstatus: {hard: {pods: \"2\"}, used: {pods: \"2\"}}",
            "{hard: {pods: \"2\"}, used: {pods: \"1\"}}"),
        new Case(
            "a changed spec changes hard, and a name no longer hard leaves used",
            "spec: {hard: {count/deployments.apps: \"3\"}}\n"
                + "status: {hard: {pods: \"2\"}, used: {pods: \"1\"}}",
            "{hard: {count/deployments.apps: \"3\"}, used: {count/deployments.apps: \"1\"}}"),
        new Case(
            "a count the controller cannot list keeps its last usage",
            "spec: {hard: {count/widgets.example.com: \"3\"}}\n"
                + "status: {hard: {count/widgets.example.com: \"3\"},"
                + " used: {count/widgets.example.com: \"2\"}}",
            null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theStatusToWrite(Case c) {
    ObjectNode next = QuotaStatus.next(yaml(c.quota()), NAMESPACE::get, NOW);
    assertThat(next).isEqualTo(c.status() == null ? null : yaml(c.status()));
  }
}
