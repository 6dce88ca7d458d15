package io.kubesim.core.json;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The JSON and YAML mappers. Jackson 3, because fabric8 kubernetes-model 8 is built on it, so the
 * same trees can be turned into typed objects when a kind needs typed access.
 */
public final class Json {
  /** Rejects duplicate keys, as the Kubernetes strict decoder reports them. */
  public static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .nodeFactory(CompactNodes.INSTANCE)
          .build();

  /** Its trees are {@link CompactNodes}: every process keeps many of them. */
  public static final JsonMapper MAPPER =
      JsonMapper.builder().nodeFactory(CompactNodes.INSTANCE).build();

  public static final YAMLMapper YAML =
      YAMLMapper.builder().nodeFactory(CompactNodes.INSTANCE).build();

  /** The factory of every tree built here; use it instead of {@code JsonNodeFactory.instance}. */
  public static final JsonNodeFactory NODES = CompactNodes.INSTANCE;

  private Json() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static JsonNode parse(byte[] bytes) {
    return MAPPER.readTree(bytes);
  }

  public static byte[] bytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  public static String string(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  public static <T> T convert(JsonNode node, Class<T> type) {
    return MAPPER.treeToValue(node, type);
  }

  /** The text at a dotted path such as {@code metadata.name}, or "" when absent. */
  public static String text(JsonNode node, String dottedPath) {
    JsonNode at = at(node, dottedPath);
    return at.isValueNode() ? at.asString() : "";
  }

  /** The node at a dotted path; a missing node when any step is absent. */
  public static JsonNode at(JsonNode node, String dottedPath) {
    JsonNode at = node;
    for (String step : dottedPath.split("\\.")) {
      at = at.path(step);
    }
    return at;
  }
}
