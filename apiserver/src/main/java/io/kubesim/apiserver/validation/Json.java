package io.kubesim.apiserver.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Small null-tolerant readers over the object JSON. */
final class Json {
  private Json() {}

  /** The string at {@code field}, or "" when absent or null. */
  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? "" : v.asString("");
  }

  static boolean has(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && !v.isNull() && !v.isMissingNode();
  }

  /** The integer at {@code field}, or null when absent. */
  static Long integer(JsonNode node, String field) {
    return has(node, field) && node.get(field).isNumber() ? node.get(field).asLong() : null;
  }

  static List<JsonNode> items(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode n : array.values()) {
        out.add(n);
      }
    }
    return out;
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : items(array)) {
      out.add(n.asString(""));
    }
    return out;
  }

  static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    if (object != null && object.isObject()) {
      out.addAll(object.properties());
    }
    return out;
  }

  static boolean emptyObject(JsonNode node) {
    return node == null || !node.isObject() || node.isEmpty();
  }
}
