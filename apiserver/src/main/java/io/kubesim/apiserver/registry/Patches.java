package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.patch.JsonMergePatch;
import io.kubesim.apiserver.patch.PatchException;
import io.kubesim.apiserver.patch.StrategicMergePatch;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a PATCH body of the three classic Kubernetes patch types to the current object
 * (server-side apply is {@link io.kubesim.apiserver.apply.ServerSideApply}).
 */
public final class Patches {
  private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON2 =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** Server-side apply; not a patch of this class: see {@link Writes} and the apply package. */
  public static final String APPLY = "application/apply-patch+yaml";

  private Patches() {}

  public static ObjectNode apply(
      String mediaType, ObjectNode current, JsonNode patch, ResourceType type) {
    try {
      JsonNode result =
          switch (mediaType) {
            case "application/json-patch+json" -> jsonPatch(current, patch);
            case "application/merge-patch+json" -> JsonMergePatch.apply(current, patch);
            case "application/strategic-merge-patch+json" -> {
              if (!StrategicMergePatch.supports(type.group(), type.kind())) {
                throw Status.unsupportedMediaType(mediaType);
              }
              yield StrategicMergePatch.apply(current, patch, type.group(), type.kind());
            }
            default -> throw Status.unsupportedMediaType(mediaType);
          };
      if (!(result instanceof ObjectNode object)) {
        throw Status.badRequest("the patch did not produce an object");
      }
      return object;
    } catch (PatchException e) {
      throw Status.failure(422, "Invalid", e.getMessage(), Meta.name(current), type.qualified());
    }
  }

  /**
   * RFC 6902 through zjsonpatch, which works on Jackson 2 trees; the trees cross over as text
   * (patches are small and rare next to reads).
   */
  private static JsonNode jsonPatch(ObjectNode current, JsonNode patch) {
    if (!patch.isArray()) {
      throw Status.badRequest("json patch must be a JSON array of operations");
    }
    try {
      com.fasterxml.jackson.databind.JsonNode target = JACKSON2.readTree(Json.string(current));
      com.fasterxml.jackson.databind.JsonNode ops = JACKSON2.readTree(Json.string(patch));
      com.fasterxml.jackson.databind.JsonNode result =
          io.fabric8.zjsonpatch.JsonPatch.apply(ops, target);
      return Json.MAPPER.readTree(JACKSON2.writeValueAsString(result));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw Status.badRequest(e.getOriginalMessage());
    } catch (RuntimeException e) {
      throw Status.failure(
          422,
          "Invalid",
          "the json patch could not be applied: " + e.getMessage(),
          Meta.name(current),
          null);
    }
  }
}
