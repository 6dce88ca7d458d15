package io.kubesim.apiserver.apply;

import io.kubesim.apiserver.apply.ApplySchema.ListRule;
import io.kubesim.apiserver.apply.ApplySchema.ListType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Walks JSON objects along {@link FieldSet} paths: which fields are set, read, remove, merge. */
final class Fields {
  /** Object metadata the apiserver never tracks (k8s.io/apiserver fieldmanager stripMeta). */
  private static final Set<String> UNTRACKED_META =
      Set.of(
          "f:name",
          "f:namespace",
          "f:uid",
          "f:resourceVersion",
          "f:generation",
          "f:creationTimestamp",
          "f:managedFields",
          "f:selfLink",
          "f:deletionTimestamp",
          "f:deletionGracePeriodSeconds");

  /** Compares numbers by value, so that 3 read from YAML equals 3 read from storage. */
  static final Comparator<JsonNode> SAME =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  private Fields() {}

  /** Whether a path is tracked on the main resource ({@code subresource} null) or on one. */
  static boolean tracked(List<String> path, String subresource) {
    if (path.isEmpty()) {
      return false;
    }
    String top = path.get(0);
    if ("status".equals(subresource)) {
      return top.equals("f:status");
    }
    if (top.equals("f:apiVersion") || top.equals("f:kind") || top.equals("f:status")) {
      return false;
    }
    return !(top.equals("f:metadata") && path.size() > 1 && UNTRACKED_META.contains(path.get(1)));
  }

  /**
   * The fields an object sets: leaves, list items, empty maps, atomic lists and maps (every field
   * is new against nothing).
   */
  static FieldSet of(JsonNode object, ApplySchema schema, String subresource) {
    return changedFields(null, object, schema, subresource);
  }

  /**
   * The fields {@code after} sets that are new or changed against {@code before} (null: all of
   * them), each kept when {@link #changed} would say so, in one walk of both objects instead of a
   * walk from the root for every path: an update's managed fields are computed on every write, and
   * lists made that quadratic (a Node's images, a Pod's conditions).
   */
  static FieldSet changedFields(
      JsonNode before, JsonNode after, ApplySchema schema, String subresource) {
    Set<List<String>> found = new LinkedHashSet<>();
    List<String> path = new ArrayList<>();
    if ("status".equals(subresource)) {
      JsonNode status = present(after.get("status"));
      if (status != null) {
        path.add("f:status");
        diff(present(child(before, "status")), status, path, "status", schema, found);
      }
    } else {
      for (Map.Entry<String, JsonNode> field : after.properties()) {
        String name = field.getKey();
        if (field.getValue().isNull() || !tracked(List.of("f:" + name), subresource)) {
          continue;
        }
        path.add("f:" + name);
        diff(
            present(child(before, name)),
            field.getValue(),
            path,
            ApplySchema.child("", name),
            schema,
            found);
        path.remove(path.size() - 1);
      }
    }
    found.removeIf(p -> !tracked(p, subresource));
    return FieldSet.of(found);
  }

  private static JsonNode child(JsonNode node, String name) {
    return node != null && node.isObject() ? node.get(name) : null;
  }

  private static JsonNode present(JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }

  /** The fields {@code b} sets, with {@code a} the same place in the other object (or null). */
  private static void diff(
      JsonNode a,
      JsonNode b,
      List<String> path,
      String sp,
      ApplySchema schema,
      Set<List<String>> found) {
    if (b.isObject()) {
      if (schema.atomicMap(sp) || (b.isEmpty() && !path.isEmpty())) {
        leaf(a, b, path, sp, schema, found);
        return;
      }
      for (Map.Entry<String, JsonNode> field : b.properties()) {
        if (field.getValue().isNull()) {
          continue;
        }
        String name = field.getKey();
        path.add("f:" + name);
        diff(
            present(child(a, name)),
            field.getValue(),
            path,
            ApplySchema.child(sp, name),
            schema,
            found);
        path.remove(path.size() - 1);
      }
      return;
    }
    if (b.isArray()) {
      ListRule rule = schema.list(sp);
      if (rule.type() == ListType.ATOMIC || b.isEmpty()) {
        leaf(a, b, path, sp, schema, found);
        return;
      }
      Map<String, JsonNode> before = new java.util.HashMap<>();
      if (a != null && a.isArray()) {
        for (JsonNode item : a) {
          before.putIfAbsent(element(item, rule), item);
        }
      }
      for (JsonNode item : b) {
        String element = element(item, rule);
        JsonNode old;
        if (element.startsWith("i:")) {
          int index = Integer.parseInt(element.substring(2));
          old = a != null && a.isArray() && index < a.size() ? a.get(index) : null;
        } else {
          old = before.get(element);
        }
        path.add(element);
        if (old == null) {
          found.add(List.copyOf(path)); // an item present on both sides is not changed itself
        }
        if (rule.type() == ListType.MAP && item.isObject()) {
          diff(old, item, path, sp + "[]", schema, found);
        }
        path.remove(path.size() - 1);
      }
      return;
    }
    leaf(a, b, path, sp, schema, found);
  }

  private static String element(JsonNode item, ListRule rule) {
    return rule.type() == ListType.SET
        ? ApplySchema.valueElement(item)
        : ApplySchema.keyElement(item, rule);
  }

  /** A field {@code b} sets: kept when {@link #changed} would call it changed. */
  private static void leaf(
      JsonNode a,
      JsonNode b,
      List<String> path,
      String sp,
      ApplySchema schema,
      Set<List<String>> found) {
    boolean changed;
    if (a == null) {
      changed = true;
    } else if (!path.get(path.size() - 1).startsWith("f:")) {
      changed = false; // a list item present on both sides
    } else if (a.isObject() && b.isObject() && !a.isEmpty() && !b.isEmpty()) {
      changed = schema.atomicMap(sp) && !a.equals(SAME, b);
    } else {
      changed = !a.equals(SAME, b);
    }
    if (changed) {
      found.add(List.copyOf(path));
    }
  }

  /** The value at a path, or null. */
  static JsonNode at(JsonNode root, List<String> path, ApplySchema schema) {
    JsonNode node = root;
    String sp = "";
    for (String element : path) {
      if (node == null) {
        return null;
      }
      if (element.startsWith("f:")) {
        String name = element.substring(2);
        node = node.isObject() ? node.get(name) : null;
        if (node != null && node.isNull()) {
          node = null;
        }
        sp = ApplySchema.child(sp, name);
      } else {
        int index = indexOf(node, element, sp, schema);
        node = index < 0 ? null : node.get(index);
        sp = sp + "[]";
      }
    }
    return node;
  }

  private static int indexOf(JsonNode list, String element, String sp, ApplySchema schema) {
    if (!list.isArray()) {
      return -1;
    }
    if (element.startsWith("i:")) {
      int index = Integer.parseInt(element.substring(2));
      return index < list.size() ? index : -1;
    }
    ListRule rule = schema.list(sp);
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String candidate =
          element.startsWith("v:")
              ? ApplySchema.valueElement(item)
              : ApplySchema.keyElement(item, rule);
      if (candidate.equals(element)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether the field at a path differs between two objects: it appeared or went away, or, for a
   * leaf or atomic value, its value changed. Maps and list items present on both sides are not
   * changed themselves; their own fields are.
   */
  static boolean changed(JsonNode before, JsonNode after, List<String> path, ApplySchema schema) {
    JsonNode a = before == null ? null : at(before, path, schema);
    JsonNode b = after == null ? null : at(after, path, schema);
    if (a == null || b == null) {
      return a != b;
    }
    String last = path.get(path.size() - 1);
    if (!last.startsWith("f:")) {
      return false;
    }
    if (a.isObject() && b.isObject() && !a.isEmpty() && !b.isEmpty()) {
      return !schema.atomicMap(schemaPath(path)) ? false : !a.equals(SAME, b);
    }
    return !a.equals(SAME, b);
  }

  static String schemaPath(List<String> path) {
    String sp = "";
    for (String element : path) {
      sp = element.startsWith("f:") ? ApplySchema.child(sp, element.substring(2)) : sp + "[]";
    }
    return sp;
  }

  /**
   * Removes the field or item at a path; maps left empty by the removal go too (as Go types with
   * omitempty would drop them).
   */
  static void remove(ObjectNode root, List<String> path, ApplySchema schema) {
    if (path.isEmpty()) {
      return;
    }
    List<String> parentPath = path.subList(0, path.size() - 1);
    JsonNode parent = at(root, parentPath, schema);
    if (parent == null) {
      return;
    }
    String last = path.get(path.size() - 1);
    if (last.startsWith("f:")) {
      if (!(parent instanceof ObjectNode map) || map.remove(last.substring(2)) == null) {
        return;
      }
    } else {
      int index = indexOf(parent, last, schemaPath(parentPath), schema);
      if (index < 0) {
        return;
      }
      ((ArrayNode) parent).remove(index);
    }
    if (parent.isObject() && parent.isEmpty() && parentPath.size() > 1) {
      remove(root, parentPath, schema);
    }
  }

  /**
   * The structured merge of an applied configuration into the live object: maps merge field by
   * field, associative lists item by item on their keys (live order kept, new items appended), sets
   * become the union, and atomic lists, atomic maps and scalars take the applied value.
   */
  static JsonNode merge(JsonNode live, JsonNode applied, String sp, ApplySchema schema) {
    if (live == null || live.isNull()) {
      return applied.deepCopy();
    }
    if (live.isObject() && applied.isObject() && !schema.atomicMap(sp)) {
      ObjectNode out = (ObjectNode) live.deepCopy();
      for (Map.Entry<String, JsonNode> field : applied.properties()) {
        String name = field.getKey();
        out.set(name, merge(live.get(name), field.getValue(), ApplySchema.child(sp, name), schema));
      }
      return out;
    }
    if (live.isArray() && applied.isArray()) {
      ListRule rule = schema.list(sp);
      if (rule.type() == ListType.SET) {
        ArrayNode out = (ArrayNode) live.deepCopy();
        for (JsonNode item : applied) {
          if (indexOf(out, ApplySchema.valueElement(item), sp, schema) < 0) {
            out.add(item.deepCopy());
          }
        }
        return out;
      }
      if (rule.type() == ListType.MAP) {
        ArrayNode out = (ArrayNode) live.deepCopy();
        for (JsonNode item : applied) {
          int index = indexOf(out, ApplySchema.keyElement(item, rule), sp, schema);
          if (index < 0) {
            out.add(item.deepCopy());
          } else {
            out.set(index, merge(out.get(index), item, sp + "[]", schema));
          }
        }
        return out;
      }
    }
    return applied.deepCopy();
  }

  /** Drops null values from a tree (an applied null sets nothing). */
  static void stripNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> nulls = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (field.getValue().isNull()) {
          nulls.add(field.getKey());
        } else {
          stripNulls(field.getValue());
        }
      }
      nulls.forEach(object::remove);
    } else if (node instanceof ArrayNode array) {
      array.forEach(Fields::stripNulls);
    }
  }
}
