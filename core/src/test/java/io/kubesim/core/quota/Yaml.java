package io.kubesim.core.quota;

import io.kubesim.core.json.Json;
import io.kubesim.core.quantity.Quantity;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/** Test objects written as YAML, and resource lists as their canonical strings. */
final class Yaml {
  private Yaml() {}

  static ObjectNode of(String yaml) {
    return (ObjectNode) Json.YAML.readTree(yaml);
  }

  static Map<String, String> text(Map<String, Quantity> list) {
    Map<String, String> out = new TreeMap<>();
    list.forEach((name, q) -> out.put(name, q.canonical()));
    return out;
  }
}
