package io.kubesim.apiserver.resource;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * events.k8s.io/v1 Event ↔ core/v1 Event, as pkg/apis/events/v1's conversions: the same object with
 * seven fields renamed. The storage serves the one API from the other's objects, and validation
 * checks both on the core form, as kube-apiserver checks its internal type.
 */
public final class EventsV1 {
  /** events.k8s.io/v1 field → core/v1 field; the others have the same name in both. */
  private static final Map<String, String> TO_CORE =
      Map.of(
          "regarding", "involvedObject",
          "note", "message",
          "reportingController", "reportingComponent",
          "deprecatedSource", "source",
          "deprecatedFirstTimestamp", "firstTimestamp",
          "deprecatedLastTimestamp", "lastTimestamp",
          "deprecatedCount", "count");

  private static final Map<String, String> FROM_CORE = inverse(TO_CORE);

  private EventsV1() {}

  /** An events.k8s.io/v1 Event as a core/v1 one (a new tree). */
  public static ObjectNode toCore(ObjectNode event) {
    return rename(event, TO_CORE, "v1");
  }

  /** A core/v1 Event as events.k8s.io/v1 shows it (a new tree). */
  public static ObjectNode fromCore(ObjectNode event) {
    return rename(event, FROM_CORE, "events.k8s.io/v1");
  }

  private static ObjectNode rename(ObjectNode from, Map<String, String> names, String apiVersion) {
    ObjectNode to = from.objectNode();
    for (Map.Entry<String, JsonNode> field : from.properties()) {
      String name = field.getKey();
      JsonNode value = name.equals("apiVersion") ? to.stringNode(apiVersion) : field.getValue();
      to.set(names.getOrDefault(name, name), value.deepCopy());
    }
    return to;
  }

  private static Map<String, String> inverse(Map<String, String> map) {
    Map<String, String> inverse = new HashMap<>();
    map.forEach((k, v) -> inverse.put(v, k));
    return Map.copyOf(inverse);
  }
}
