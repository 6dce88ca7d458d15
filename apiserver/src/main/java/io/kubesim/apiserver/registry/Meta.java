package io.kubesim.apiserver.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Small accessors for {@code metadata}, so handlers read like the Go registry code. */
public final class Meta {
  private Meta() {}

  public static ObjectNode of(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    if (metadata instanceof ObjectNode m) {
      return m;
    }
    return object.putObject("metadata");
  }

  public static String name(JsonNode object) {
    return object.path("metadata").path("name").asString("");
  }

  public static String namespace(JsonNode object) {
    return object.path("metadata").path("namespace").asString("");
  }

  public static String uid(JsonNode object) {
    return object.path("metadata").path("uid").asString("");
  }

  public static String resourceVersion(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asString("");
  }

  public static boolean terminating(JsonNode object) {
    return object.path("metadata").hasNonNull("deletionTimestamp");
  }

  public static Map<String, String> labels(JsonNode object) {
    Map<String, String> labels = new LinkedHashMap<>();
    object
        .path("metadata")
        .path("labels")
        .properties()
        .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
    return labels;
  }

  /**
   * Drops the ObjectMeta collections that are empty: they are {@code omitempty} in Go, so a real
   * server decodes {@code "annotations": {}} (for example from kubectl rollout undo's json patch)
   * and writes the object back without the field.
   */
  public static void dropEmptyCollections(ObjectNode object) {
    if (object.get("metadata") instanceof ObjectNode metadata) {
      for (String field :
          java.util.List.of(
              "labels", "annotations", "ownerReferences", "finalizers", "managedFields")) {
        JsonNode value = metadata.get(field);
        if (value != null && (value.isNull() || (value.isContainer() && value.isEmpty()))) {
          metadata.remove(field);
        }
      }
    }
  }

  /** RFC 3339 with whole seconds, as metav1.Time serialises. */
  public static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
