package io.kubesim.apiserver.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LocalApiServicesTest {
  @Test
  void everyServedGroupVersionButTheAggregatorsOwnHasOne() {
    List<String> names =
        LocalApiServices.all().stream().map(s -> s.at("/metadata/name").asString()).toList();

    assertThat(names).hasSize(Resources.groupVersions().size() - 1);
    assertThat(names)
        .contains("v1.", "v1.apps", "v1.events.k8s.io")
        .doesNotContain("v1.apiregistration.k8s.io");
  }

  @Test
  void anApiServiceCarriesTheKubeApiserverPrioritiesAndTheAutoregisterLabel() {
    assertThat(LocalApiServices.of("batch", "v1"))
        .isEqualTo(
            Json.parse(
                """
                {"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService",
                 "metadata":{"name":"v1.batch",
                   "labels":{"kube-aggregator.kubernetes.io/automanaged":"onstart"}},
                 "spec":{"group":"batch","version":"v1","groupPriorityMinimum":17400,
                   "versionPriority":15}}"""
                    .getBytes(StandardCharsets.UTF_8)));
    JsonNode core = LocalApiServices.of("", "v1");
    assertThat(core.at("/metadata/name").asString()).isEqualTo("v1.");
    assertThat(core.path("spec").has("group")).isFalse();
    assertThat(core.at("/spec/groupPriorityMinimum").asInt()).isEqualTo(18000);
    assertThat(core.at("/spec/versionPriority").asInt()).isEqualTo(1);
  }

  @Test
  void groupsAreOrderedAsTheAggregatorListsThem() {
    List<String> groups =
        List.of("discovery.k8s.io", "apps", "apiregistration.k8s.io", "batch", "events.k8s.io")
            .stream()
            .sorted(LocalApiServices.GROUP_ORDER)
            .toList();

    assertThat(groups)
        .containsExactly(
            "apiregistration.k8s.io", "apps", "events.k8s.io", "batch", "discovery.k8s.io");
  }
}
