package io.kubesim.apiserver.patch;

import io.kubesim.apiserver.patch.StrategicMergeSchema.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}).
 *
 * <p>Hand-written: no Java library implements strategic merge patch, so this follows the behaviour
 * of k8s.io/apimachinery pkg/util/strategicpatch (as the apiserver calls it: nulls not in the
 * original are dropped, parallel deletion lists are applied). The per-field strategies come from
 * {@link StrategicMergeSchema}, a table built from the Go struct tags.
 *
 * <ul>
 *   <li>Maps merge recursively; a {@code null} value deletes the key; a value of another shape than
 *       the original's replaces it.
 *   <li>Lists replace unless the schema says {@code merge}: lists of objects merge element by
 *       element on their merge key (new elements are added), lists of primitives become the union
 *       of both without duplicates.
 *   <li>{@code $patch: replace} in a map replaces the map; {@code $patch: delete} removes it;
 *       {@code $patch: merge} is the default. In a merged list, an element {@code {"$patch":
 *       "replace"}} makes the list the patch's other elements, and {@code {"<key>": v, "$patch":
 *       "delete"}} removes the element with that key.
 *   <li>{@code $retainKeys: [...]} drops the original's keys not listed (after which the patch
 *       merges); every non-null field of the patch map must be listed.
 *   <li>{@code $deleteFromPrimitiveList/<field>: [...]} removes those values from the list.
 *   <li>{@code $setElementOrder/<field>: [...]} gives the final order: the listed elements in that
 *       order, with elements only on the server interleaved after the listed ones they followed in
 *       the original (apimachinery's normalizeElementOrder). Without it, patch elements keep the
 *       patch's order and server-only elements are inserted before the first patch element that
 *       comes after them in the original; new elements then come first, as in Kubernetes.
 * </ul>
 *
 * <p>Differences from Kubernetes, all because objects are stored as JSON trees rather than decoded
 * into Go structs (which silently drop unknown keys): no directive key ever reaches the result,
 * even inside values the original did not have, and {@code $patch: delete} on a map removes the key
 * instead of leaving an empty map.
 *
 * <p>Neither input is modified; the result is a fresh tree.
 */
public final class StrategicMergePatch {
  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String SET_ORDER = "$setElementOrder/";
  private static final String DELETE_FROM = "$deleteFromPrimitiveList/";
  private static final JsonNodeFactory NODES = io.kubesim.core.json.Json.NODES;

  private StrategicMergePatch() {}

  public static boolean supports(String group, String kind) {
    return StrategicMergeSchema.forKind(group, kind) != null;
  }

  public static JsonNode apply(JsonNode target, JsonNode patch, String group, String kind) {
    Map<String, Rule> schema = StrategicMergeSchema.forKind(group, kind);
    if (schema == null) {
      throw new PatchException("strategic merge patch is not supported for " + kind);
    }
    if (patch == null || !patch.isObject()) {
      throw new PatchException("a strategic merge patch must be a JSON object");
    }
    ObjectNode original =
        target != null && target.isObject() ? (ObjectNode) target.deepCopy() : NODES.objectNode();
    ObjectNode result = new Merger(schema).mergeMap(original, patch, "");
    return result == null ? NODES.objectNode() : result;
  }

  /** One application of a patch; works on its own copy of the original, never on the patch. */
  private record Merger(Map<String, Rule> schema) {

    private Rule rule(String path) {
      return schema.getOrDefault(path, Rule.REPLACE);
    }

    /**
     * Merges a patch map into {@code original} (owned, may be modified). Returns the merged map, or
     * null when the patch says {@code $patch: delete}.
     */
    ObjectNode mergeMap(ObjectNode original, JsonNode patch, String path) {
      JsonNode directive = patch.get(PATCH);
      if (directive != null) {
        switch (directive.isString() ? directive.asString() : "") {
          case "replace":
            return mergeFields(NODES.objectNode(), patch, path);
          case "delete":
            return null;
          case "merge":
            break;
          default:
            throw bad(path, "unknown $patch directive " + directive);
        }
      }
      return mergeFields(original, patch, path);
    }

    private ObjectNode mergeFields(ObjectNode original, JsonNode patch, String path) {
      JsonNode retain = patch.get(RETAIN_KEYS);
      if (retain != null) {
        retainKeys(original, patch, retain, path);
      }
      Set<String> ordered = new HashSet<>();
      for (Map.Entry<String, JsonNode> field : patch.properties()) {
        if (field.getKey().startsWith(SET_ORDER)) {
          String name = directiveTarget(field.getKey(), SET_ORDER, path);
          setElementOrder(original, patch, name, field.getValue(), path);
          ordered.add(name);
        }
      }
      List<Map.Entry<String, JsonNode>> deletions = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : patch.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        if (key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ORDER)) {
          continue;
        }
        if (key.startsWith(DELETE_FROM)) {
          deletions.add(field);
          continue;
        }
        if (key.startsWith("$")) {
          throw bad(path, "unknown directive " + key);
        }
        if (ordered.contains(key)) {
          continue;
        }
        String childPath = child(path, key);
        JsonNode current = original.get(key);
        if (value.isNull()) {
          original.remove(key);
        } else if (current != null && current.isObject() && value.isObject()) {
          put(original, key, mergeMap((ObjectNode) current, value, childPath));
        } else if (current != null && current.isArray() && value.isArray()) {
          original.set(key, mergeList((ArrayNode) current, value, childPath));
        } else {
          put(original, key, fresh(value, childPath));
        }
      }
      for (Map.Entry<String, JsonNode> deletion : deletions) {
        String name = directiveTarget(deletion.getKey(), DELETE_FROM, path);
        if (!deletion.getValue().isArray()) {
          throw bad(path, deletion.getKey() + " must be a list");
        }
        JsonNode current = original.get(name);
        if (current != null && current.isArray()) {
          ArrayNode kept = NODES.arrayNode();
          for (JsonNode element : current) {
            if (!contains(deletion.getValue(), element)) {
              kept.add(element);
            }
          }
          original.set(name, kept);
        }
      }
      return original;
    }

    private void retainKeys(ObjectNode original, JsonNode patch, JsonNode retain, String path) {
      if (!retain.isArray()) {
        throw bad(path, "$retainKeys must be a list of field names");
      }
      Set<String> keep = new HashSet<>();
      for (JsonNode name : retain) {
        if (!name.isString()) {
          throw bad(path, "$retainKeys must be a list of field names");
        }
        keep.add(name.asString());
      }
      for (Map.Entry<String, JsonNode> field : patch.properties()) {
        String key = field.getKey();
        if (field.getValue().isNull() || key.startsWith("$")) {
          continue;
        }
        if (!keep.contains(key)) {
          throw bad(path, "field " + key + " is in the patch but not in $retainKeys " + retain);
        }
      }
      original.retain(keep);
    }

    /** A patch value that has nothing to merge with, with its directives applied. */
    private JsonNode fresh(JsonNode value, String path) {
      if (value.isObject()) {
        return mergeMap(NODES.objectNode(), value, path);
      }
      if (value.isArray()) {
        return mergeList(NODES.arrayNode(), value, path);
      }
      return value.deepCopy();
    }

    private ArrayNode mergeList(ArrayNode original, JsonNode patch, String path) {
      Rule rule = rule(path);
      if (!rule.merge()) {
        return replaceList(patch, path);
      }
      if (original.isEmpty() && patch.isEmpty()) {
        return original;
      }
      boolean objects = objectElements(path, original, patch);
      List<JsonNode> serverOrder = elements(original);
      List<JsonNode> merged;
      List<JsonNode> patchOrder;
      String key = rule.mergeKey();
      if (!objects) {
        merged = new ArrayList<>();
        for (JsonNode element : concat(serverOrder, elements(patch))) {
          if (indexOf(merged, element, null) < 0) {
            merged.add(element.deepCopy());
          }
        }
        patchOrder = elements(patch);
      } else {
        if (key == null) {
          throw bad(path, "cannot merge a list of objects without a merge key");
        }
        patchOrder = new ArrayList<>();
        boolean replace = false;
        for (JsonNode element : patch) {
          JsonNode directive = element.get(PATCH);
          if (directive == null) {
            patchOrder.add(element);
            continue;
          }
          switch (directive.isString() ? directive.asString() : "") {
            case "delete" -> {
              JsonNode value = mergeKeyOf(element, key, path);
              serverOrder.removeIf(existing -> sameValue(existing.get(key), value));
            }
            case "replace" -> replace = true;
            case "merge" -> throw bad(path, "merging lists cannot yet be specified in the patch");
            default -> throw bad(path, "unknown $patch directive " + directive);
          }
        }
        if (replace) {
          serverOrder = new ArrayList<>();
          for (JsonNode element : patchOrder) {
            serverOrder.add(mergeMap(NODES.objectNode(), element, path + "[]"));
          }
          patchOrder = List.of();
        }
        merged = new ArrayList<>(serverOrder);
        for (JsonNode element : patchOrder) {
          JsonNode value = mergeKeyOf(element, key, path);
          int at = -1;
          for (int i = 0; i < merged.size() && at < 0; i++) {
            if (sameValue(merged.get(i).get(key), value)) {
              at = i;
            }
          }
          if (at >= 0) {
            merged.set(at, mergeMap((ObjectNode) merged.get(at), element, path + "[]"));
          } else {
            merged.add(mergeMap(NODES.objectNode(), element, path + "[]"));
          }
        }
      }
      return toArray(order(merged, patchOrder, serverOrder, objects ? key : null, path));
    }

    /**
     * A list with replace strategy: the patch's list, its object elements cleaned of directives.
     */
    private ArrayNode replaceList(JsonNode patch, String path) {
      ArrayNode result = NODES.arrayNode();
      for (JsonNode element : patch) {
        if (element.isObject()) {
          if (element.size() == 1 && element.has(PATCH)) {
            continue; // a bare list marker such as {"$patch": "replace"}
          }
          ObjectNode clean = mergeMap(NODES.objectNode(), element, path + "[]");
          if (clean != null) {
            result.add(clean);
          }
        } else {
          result.add(element.deepCopy());
        }
      }
      return result;
    }

    /**
     * Puts the merged list in order: elements named in {@code patchOrder} in that order, the others
     * in their {@code serverOrder} order, the two interleaved as apimachinery does.
     */
    private List<JsonNode> order(
        List<JsonNode> merged,
        List<JsonNode> patchOrder,
        List<JsonNode> serverOrder,
        String key,
        String path) {
      List<JsonNode> patchItems = new ArrayList<>();
      List<JsonNode> serverOnly = new ArrayList<>();
      for (JsonNode element : merged) {
        if (key != null) {
          mergeKeyOf(element, key, path);
        }
        (indexOf(patchOrder, element, key) >= 0 ? patchItems : serverOnly).add(element);
      }
      sortBy(patchItems, patchOrder, key);
      sortBy(serverOnly, serverOrder, key);
      List<JsonNode> result = new ArrayList<>(merged.size());
      int left = 0;
      int right = 0;
      while (left < serverOnly.size() || right < patchItems.size()) {
        if (right >= patchItems.size()) {
          result.add(serverOnly.get(left++));
        } else if (left >= serverOnly.size()) {
          result.add(patchItems.get(right++));
        } else {
          int l = indexOf(serverOrder, serverOnly.get(left), key);
          int r = indexOf(serverOrder, patchItems.get(right), key);
          result.add(l >= 0 && r >= 0 && l < r ? serverOnly.get(left++) : patchItems.get(right++));
        }
      }
      return result;
    }

    private void sortBy(List<JsonNode> items, List<JsonNode> order, String key) {
      items.sort(
          Comparator.comparingInt(
              item -> {
                int at = indexOf(order, item, key);
                return at < 0 ? Integer.MAX_VALUE : at;
              }));
    }

    private void setElementOrder(
        ObjectNode original, JsonNode patch, String name, JsonNode order, String path) {
      String childPath = child(path, name);
      if (!order.isArray()) {
        throw bad(childPath, "$setElementOrder/" + name + " must be a list");
      }
      JsonNode current = original.get(name);
      JsonNode patchList = patch.get(name);
      if (current != null && !current.isArray()) {
        throw bad(childPath, "$setElementOrder/" + name + " applies to a field that is not a list");
      }
      if (patchList != null && !patchList.isArray()) {
        throw bad(childPath, "$setElementOrder/" + name + " goes with a list, not " + patchList);
      }
      if (current == null && patchList == null) {
        return;
      }
      String key = rule(childPath).mergeKey();
      boolean objects = false;
      for (JsonNode element : concat(elements(current), elements(patchList))) {
        objects |= element.isObject();
      }
      if (objects && key != null) {
        for (JsonNode element : order) {
          mergeKeyOf(element, key, childPath);
        }
      }
      if (patchList != null && !(objects && key == null)) {
        validateOrder(patchList, order, objects ? key : null, childPath);
      }
      ArrayNode merged =
          current == null
              ? mergeList(NODES.arrayNode(), patchList, childPath)
              : patchList == null
                  ? (ArrayNode) current
                  : mergeList((ArrayNode) current, patchList, childPath);
      if (objects && key == null) {
        original.set(name, merged); // no merge key known: nothing to order by
        return;
      }
      List<JsonNode> sorted =
          order(
              elements(merged),
              elements(order),
              elements(current),
              objects ? key : null,
              childPath);
      original.set(name, toArray(sorted));
    }

    /** The patch list's elements (deletions aside) must appear in $setElementOrder, in order. */
    private void validateOrder(JsonNode patchList, JsonNode order, String key, String path) {
      List<JsonNode> items = new ArrayList<>();
      for (JsonNode element : patchList) {
        if (!(element.isObject() && element.has(PATCH))) {
          items.add(element);
        }
      }
      int p = 0;
      int s = 0;
      while (p < items.size() && s < order.size()) {
        JsonNode item = items.get(p);
        JsonNode wanted = order.get(s);
        boolean same =
            key == null
                ? sameValue(item, wanted)
                : sameValue(mergeKeyOf(item, key, path), wanted.get(key));
        if (same) {
          p++;
        }
        s++;
      }
      if (p < items.size() && order.size() > 0) {
        throw bad(
            path,
            "the order in the patch list "
                + patchList
                + " doesn't match $setElementOrder "
                + order);
      }
    }

    private boolean objectElements(String path, JsonNode... lists) {
      JsonNodeType seen = null;
      for (JsonNode list : lists) {
        for (JsonNode element : list) {
          if (element.isArray()) {
            throw bad(path, "lists of lists are not supported");
          }
          JsonNodeType type = element.getNodeType();
          if (seen != null && seen != type) {
            throw bad(path, "list elements are not all of the same type: " + list);
          }
          seen = type;
        }
      }
      return seen == JsonNodeType.OBJECT;
    }
  }

  private static JsonNode mergeKeyOf(JsonNode element, String key, String path) {
    JsonNode value = element.isObject() ? element.get(key) : null;
    if (value == null || value.isNull()) {
      throw bad(path, "element " + element + " has no merge key \"" + key + "\"");
    }
    return value;
  }

  /** Where {@code element} is in {@code list}: by its merge key value, or by value without one. */
  private static int indexOf(List<JsonNode> list, JsonNode element, String key) {
    JsonNode wanted = key == null ? element : element.get(key);
    for (int i = 0; i < list.size(); i++) {
      if (sameValue(key == null ? list.get(i) : list.get(i).get(key), wanted)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(JsonNode list, JsonNode element) {
    for (JsonNode candidate : list) {
      if (sameValue(candidate, element)) {
        return true;
      }
    }
    return false;
  }

  /** JSON equality, with 80 and 80.0 the same number (Kubernetes decodes both to float64). */
  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static String directiveTarget(String key, String prefix, String path) {
    String name = key.substring(prefix.length());
    if (name.isEmpty()) {
      throw bad(path, "directive " + key + " names no field");
    }
    return name;
  }

  private static void put(ObjectNode object, String key, JsonNode value) {
    if (value == null) {
      object.remove(key);
    } else {
      object.set(key, value);
    }
  }

  private static List<JsonNode> elements(JsonNode list) {
    List<JsonNode> result = new ArrayList<>();
    if (list != null) {
      list.forEach(result::add);
    }
    return result;
  }

  private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
    List<JsonNode> result = new ArrayList<>(a);
    result.addAll(b);
    return result;
  }

  private static ArrayNode toArray(List<JsonNode> elements) {
    ArrayNode array = NODES.arrayNode();
    elements.forEach(array::add);
    return array;
  }

  private static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static PatchException bad(String path, String message) {
    return new PatchException(
        "invalid strategic merge patch" + (path.isEmpty() ? "" : " at " + path) + ": " + message);
  }
}
