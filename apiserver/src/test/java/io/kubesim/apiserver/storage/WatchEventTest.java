package io.kubesim.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class WatchEventTest {
  private static final ResourceType CONFIGMAPS = Resources.find("", "v1", "configmaps").get();

  @ParameterizedTest
  @ValueSource(strings = {WatchEvent.ADDED, WatchEvent.MODIFIED, WatchEvent.DELETED})
  void theLineFromTheStoredBytesIsTheLineSerializedWhole(String type) {
    String json =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\","
            + "\"namespace\":\"default\",\"resourceVersion\":\"7\"},"
            + "\"data\":{\"k\":\"\u00fc \\\"quoted\\\"\"}}";
    ObjectNode object = (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
    byte[] whole = new WatchEvent(type, CONFIGMAPS, object, null, 7).line();
    byte[] fromBytes = new WatchEvent(type, CONFIGMAPS, object, null, 7, Json.bytes(object)).line();
    assertThat(new String(fromBytes, StandardCharsets.UTF_8))
        .isEqualTo(new String(whole, StandardCharsets.UTF_8))
        .endsWith("}}\n");
  }
}
