package io.kubesim.apiserver.patch;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 7386 JSON merge patch: a {@code null} member deletes the key, an object merges recursively
 * into the target's object (or into an empty object when the target has none there), anything else
 * (arrays included) replaces the target value.
 *
 * <p>Neither input is modified: the stored object is shared with concurrent readers, so the result
 * is always a fresh tree (no node of it is shared with the patch either).
 */
public final class JsonMergePatch {
  private JsonMergePatch() {}

  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || patch.isMissingNode()) {
      return target == null ? NullNode.getInstance() : target.deepCopy();
    }
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : io.kubesim.core.json.Json.NODES.objectNode();
    mergeInto(result, patch);
    return result;
  }

  /** Merges {@code patch} (an object) into {@code owned}, a tree this class may modify. */
  private static void mergeInto(ObjectNode owned, JsonNode patch) {
    for (Map.Entry<String, JsonNode> member : patch.properties()) {
      String key = member.getKey();
      JsonNode value = member.getValue();
      if (value.isNull()) {
        owned.remove(key);
      } else if (value.isObject()) {
        JsonNode existing = owned.get(key);
        ObjectNode child =
            existing != null && existing.isObject()
                ? (ObjectNode) existing
                : io.kubesim.core.json.Json.NODES.objectNode();
        mergeInto(child, value);
        owned.set(key, child);
      } else {
        owned.set(key, value.deepCopy());
      }
    }
  }
}
