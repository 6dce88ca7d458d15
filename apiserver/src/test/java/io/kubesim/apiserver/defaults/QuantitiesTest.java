package io.kubesim.apiserver.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class QuantitiesTest {

  @ParameterizedTest(name = "{0} {1}: {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          v1   | pods                   | {"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"0.1","memory":"1024Mi"}}}]}} | /spec/containers/0/resources/requests | {"cpu":"100m","memory":"1Gi"}
          v1   | pods                   | {"spec":{"initContainers":[{"name":"a","resources":{"limits":{"cpu":2}}}]}}                   | /spec/initContainers/0/resources/limits | {"cpu":"2"}
          v1   | pods                   | {"spec":{"overhead":{"cpu":"1000m"}}}                                                        | /spec/overhead | {"cpu":"1"}
          apps/v1 | deployments         | {"spec":{"template":{"spec":{"containers":[{"name":"a","resources":{"limits":{"memory":"0.5Gi"}}}]}}}} | /spec/template/spec/containers/0/resources/limits | {"memory":"512Mi"}
          v1   | persistentvolumeclaims | {"spec":{"resources":{"requests":{"storage":"1e3"}}}}                                        | /spec/resources/requests | {"storage":"1e3"}
          v1   | resourcequotas         | {"spec":{"hard":{"pods":"10","requests.cpu":"1500m"}}}                                       | /spec/hard | {"pods":"10","requests.cpu":"1500m"}
          v1   | nodes                  | {"status":{"capacity":{"memory":"8388608Ki","cpu":"4"}}}                                     | /status/capacity | {"memory":"8Gi","cpu":"4"}
          v1   | pods                   | {"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1x"}}}]}}                  | /spec/containers/0/resources/requests | {"cpu":"1x"}
          """)
  void quantityFieldsAreStoredCanonically(
      String groupVersion, String plural, String object, String pointer, String expected) {
    String group = groupVersion.contains("/") ? groupVersion.split("/")[0] : "";
    String version = groupVersion.contains("/") ? groupVersion.split("/")[1] : groupVersion;
    ObjectNode tree =
        (ObjectNode) Json.parse(object.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Quantities.canonicalise(Resources.find(group, version, plural).orElseThrow(), tree);
    assertThat(tree.at(pointer))
        .isEqualTo(Json.parse(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
