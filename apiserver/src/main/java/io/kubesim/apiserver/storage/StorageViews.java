package io.kubesim.apiserver.storage;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Types served from another type's storage, converted on the way in and out, as kube-apiserver
 * serves events.k8s.io/v1 Events from the core/v1 Events' storage (pkg/apis/events/v1 conversions):
 * an Event written through either API is read, listed and watched through both.
 */
final class StorageViews {
  private static final ResourceType CORE_EVENTS = Resources.find("", "v1", "events").orElseThrow();
  private static final ResourceType EVENTS =
      Resources.find("events.k8s.io", "v1", "events").orElseThrow();

  /** events.k8s.io/v1 field → core/v1 field; the others have the same name in both. */
  private static final Map<String, String> EVENT_FIELDS =
      Map.of(
          "regarding", "involvedObject",
          "note", "message",
          "reportingController", "reportingComponent",
          "deprecatedSource", "source",
          "deprecatedFirstTimestamp", "firstTimestamp",
          "deprecatedLastTimestamp", "lastTimestamp",
          "deprecatedCount", "count");

  private static final Map<String, String> CORE_FIELDS =
      Map.of(
          "involvedObject", "regarding",
          "message", "note",
          "reportingComponent", "reportingController",
          "source", "deprecatedSource",
          "firstTimestamp", "deprecatedFirstTimestamp",
          "lastTimestamp", "deprecatedLastTimestamp",
          "count", "deprecatedCount");

  private StorageViews() {}

  /** The type whose storage {@code type} is a view of, or null when it has its own. */
  static ResourceType storageOf(ResourceType type) {
    return type == EVENTS ? CORE_EVENTS : null;
  }

  /** A stored object as the view's API shows it (a new tree; the stored one is not touched). */
  static ObjectNode toView(ResourceType view, ObjectNode stored) {
    return rename(stored, CORE_FIELDS, view.apiVersion());
  }

  /** An object of the view's API as the storage keeps it. */
  static ObjectNode toStorage(ResourceType view, ObjectNode object) {
    return rename(object, EVENT_FIELDS, storageOf(view).apiVersion());
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
}
