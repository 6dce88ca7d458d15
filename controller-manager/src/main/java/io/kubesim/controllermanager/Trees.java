package io.kubesim.controllermanager;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.controller.Keys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers over the JSON trees the informers hold, for the controllers' I/O shells. */
public final class Trees {
  private Trees() {}

  /**
   * A fabric8 object from an informer's tree, with apiVersion and kind set (a list item may lack
   * them; owner references and events need them).
   */
  public static <T> T typed(ObjectNode node, String apiVersion, String kind, Class<T> type) {
    ObjectNode copy = node;
    if (!node.has("kind") || !node.has("apiVersion")) {
      copy = node.deepCopy();
      copy.put("apiVersion", apiVersion);
      copy.put("kind", kind);
    }
    return ApiClient.as(copy, type);
  }

  /** The tree with apiVersion and kind set, for an event's involvedObject. */
  public static ObjectNode withKind(ObjectNode node, String apiVersion, String kind) {
    if (node.has("kind") && node.has("apiVersion")) {
      return node;
    }
    ObjectNode copy = node.deepCopy();
    copy.put("apiVersion", apiVersion);
    copy.put("kind", kind);
    return copy;
  }

  public static String namespace(JsonNode object) {
    return object.path("metadata").path("namespace").asString("");
  }

  public static String name(JsonNode object) {
    return object.path("metadata").path("name").asString("");
  }

  public static String uid(JsonNode object) {
    return object.path("metadata").path("uid").asString("");
  }

  public static String resourceVersion(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asString("");
  }

  public static boolean deleting(JsonNode object) {
    return !object.path("metadata").path("deletionTimestamp").asString("").isEmpty();
  }

  /**
   * The key ({@code namespace/name}) of the object's controller when it is of {@code kind}, or
   * null.
   */
  public static String controllerKey(JsonNode object, String kind) {
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return kind.equals(ref.path("kind").asString(""))
            ? Keys.of(namespace(object), ref.path("name").asString(""))
            : null;
      }
    }
    return null;
  }

  /** metadata.labels as a map. */
  public static java.util.Map<String, String> labels(JsonNode object) {
    java.util.Map<String, String> labels = new java.util.HashMap<>();
    object
        .path("metadata")
        .path("labels")
        .properties()
        .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
    return labels;
  }

  /** True when the object has an owner reference marked controller. */
  public static boolean hasController(JsonNode object) {
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  /** The object's ownerReferences array, created when absent. */
  public static ArrayNode ownerReferences(ObjectNode object) {
    ObjectNode metadata = (ObjectNode) object.path("metadata");
    return metadata.get("ownerReferences") instanceof ArrayNode refs
        ? refs
        : metadata.putArray("ownerReferences");
  }

  /** A short text for a failure in an event message: the apiserver's message when there is one. */
  public static String message(Throwable failure) {
    return failure.getMessage() == null ? failure.toString() : failure.getMessage();
  }
}
