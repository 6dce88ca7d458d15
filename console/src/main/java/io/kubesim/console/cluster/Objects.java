package io.kubesim.console.cluster;

import io.kubesim.core.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Small readers of object fields the views share. */
final class Objects {
  private Objects() {}

  static String name(JsonNode o) {
    return o.path("metadata").path("name").asString("");
  }

  static String namespace(JsonNode o) {
    return o.path("metadata").path("namespace").asString("");
  }

  static String key(JsonNode o) {
    String ns = namespace(o);
    return ns.isEmpty() ? name(o) : ns + "/" + name(o);
  }

  /** The graph's and the page's id of an object: {@code Kind/namespace/name}. */
  static String id(String kind, JsonNode o) {
    return kind + "/" + namespace(o) + "/" + name(o);
  }

  static ArrayNode array() {
    return Json.MAPPER.createArrayNode();
  }

  static String uid(JsonNode o) {
    return o.path("metadata").path("uid").asString("");
  }
}
