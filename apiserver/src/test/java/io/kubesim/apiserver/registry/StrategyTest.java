package io.kubesim.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class StrategyTest {
  private static ObjectNode parse(String text) {
    return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aNodeIsCreatedWithTheStatusItsKubeletRegistersIt() {
    ObjectNode node =
        parse("{\"metadata\":{\"name\":\"n\"},\"status\":{\"capacity\":{\"cpu\":\"4\"}}}");
    Strategy.forType(Resources.find("", "v1", "nodes").orElseThrow()).prepareForCreate(node);
    assertThat(node.at("/status/capacity/cpu").asString()).isEqualTo("4");
  }

  @Test
  void otherKindsWithAStatusSubresourceStartWithoutTheClientsStatus() {
    ObjectNode deployment = parse("{\"metadata\":{\"name\":\"d\"},\"status\":{\"replicas\":3}}");
    Strategy.forType(Resources.find("apps", "v1", "deployments").orElseThrow())
        .prepareForCreate(deployment);
    assertThat(deployment.has("status")).isFalse();
  }
}
