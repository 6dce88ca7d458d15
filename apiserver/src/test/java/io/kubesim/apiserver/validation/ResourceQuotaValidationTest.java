package io.kubesim.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ResourceQuotaValidationTest {
  record Case(String name, String spec, List<String> errors) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "the docs' quotas are valid",
            "{hard: {requests.cpu: \"1\", requests.memory: 1Gi, limits.cpu: \"2\","
                + " limits.memory: 2Gi, pods: \"2\", count/deployments.apps: \"1\","
                + " gold.storageclass.storage.k8s.io/requests.storage: 10Gi,"
                + " requests.nvidia.com/gpu: \"4\"}}",
            List.of()),
        new Case(
            "an unknown name is neither a resource nor one for quota",
            "{hard: {foo: \"1\", storage: 1Gi}}",
            List.of(
                "spec.hard[foo]: Invalid value: \"foo\": must be a standard resource type or"
                    + " fully qualified",
                "spec.hard[foo]: Invalid value: \"foo\": must be a standard resource for quota",
                "spec.hard[storage]: Invalid value: \"storage\": must be a standard resource for"
                    + " quota")),
        new Case(
            "a negative amount and a fraction of an object are invalid",
            "{hard: {requests.cpu: \"-1\", pods: 1500m}}",
            List.of(
                "spec.hard[pods]: Invalid value: resource.Quantity{i:resource.int64Amount{value:1500,"
                    + " scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:\"1500m\","
                    + " Format:\"DecimalSI\"}: must be an integer",
                "spec.hard[requests.cpu]: Invalid value: \"-1\": must be greater than or equal to"
                    + " 0")),
        new Case(
            "BestEffort limits only the number of pods",
            "{hard: {pods: \"5\", requests.cpu: \"1\"}, scopes: [BestEffort]}",
            List.of(
                "spec.scopes: Invalid value: []core.ResourceQuotaScope{\"BestEffort\"}:"
                    + " unsupported scope applied to resource")),
        new Case(
            "BestEffort and NotBestEffort conflict",
            "{hard: {pods: \"5\"}, scopes: [BestEffort, NotBestEffort]}",
            List.of(
                "spec.scopes: Invalid value: []core.ResourceQuotaScope{\"BestEffort\","
                    + " \"NotBestEffort\"}: conflicting scopes")),
        new Case(
            "an unknown scope is unsupported",
            "{hard: {pods: \"5\"}, scopes: [Everything]}",
            List.of(
                "spec.scopes: Invalid value: []core.ResourceQuotaScope{\"Everything\"}:"
                    + " unsupported scope")),
        new Case(
            "a PriorityClass selector with In needs values",
            "{hard: {pods: \"5\"}, scopeSelector: {matchExpressions: [{scopeName: PriorityClass,"
                + " operator: In}]}}",
            List.of(
                "spec.scopeSelector.matchExpressions.values: Required value: must be at least one"
                    + " value when `operator` is 'In' or 'NotIn' for scope selector")),
        new Case(
            "a Terminating selector must use Exists",
            "{hard: {pods: \"5\"}, scopeSelector: {matchExpressions: [{scopeName: Terminating,"
                + " operator: In, values: [x]}]}}",
            List.of(
                "spec.scopeSelector.matchExpressions.operator: Invalid value: \"In\": must be"
                    + " 'Exist' only operator when scope is any of ResourceQuotaScopeTerminating,"
                    + " ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort and"
                    + " ResourceQuotaScopeNotBestEffort")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aResourceQuota(Case c) {
    List<FieldError> errs = new ArrayList<>();
    ResourceQuotaValidation.resourceQuota(errs, Json.YAML.readTree("spec: " + c.spec()));
    assertThat(errs.stream().map(FieldError::text)).containsExactlyElementsOf(c.errors());
  }
}
