package io.kubesim.apiserver.defaults;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Tree helpers for defaulting. They never throw on a tree of the wrong shape (validation reports
 * that later) and never replace a value the user set.
 *
 * <p>Two notions of "unset", as Go has them: a pointer field ({@code *int32}, {@code *string}) is
 * unset when absent or null; a plain field ({@code string}, {@code int32}) is also unset when it
 * holds its zero value ("" or 0), because Go cannot tell that apart from absent.
 */
final class Fields {
  private Fields() {}

  /**
   * One default for one field: the value, and whether the Go field is a plain (non-pointer) one.
   */
  record Fill(String field, JsonNode value, boolean plain) {
    /** A pointer field: filled only when absent or null. */
    static Fill pointer(String field, String value) {
      return new Fill(field, StringNode.valueOf(value), false);
    }

    static Fill pointer(String field, int value) {
      return new Fill(field, IntNode.valueOf(value), false);
    }

    static Fill pointer(String field, boolean value) {
      return new Fill(field, BooleanNode.valueOf(value), false);
    }

    /** A plain field: filled when absent, null or the zero value. */
    static Fill plain(String field, String value) {
      return new Fill(field, StringNode.valueOf(value), true);
    }

    static Fill plain(String field, int value) {
      return new Fill(field, IntNode.valueOf(value), true);
    }

    void applyTo(ObjectNode node) {
      if (node != null && (plain ? unsetOrZero(node, field) : unset(node, field))) {
        node.set(field, value.deepCopy());
      }
    }
  }

  static void fill(ObjectNode node, List<Fill> fills) {
    for (Fill fill : fills) {
      fill.applyTo(node);
    }
  }

  /** Absent or null. */
  static boolean unset(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull();
  }

  /** Absent, null, "" or 0: the Go zero value of a plain field. */
  static boolean unsetOrZero(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    return value == null
        || value.isNull()
        || (value.isString() && value.asString().isEmpty())
        || (value.isNumber() && value.asDouble() == 0);
  }

  /** The object at {@code field}, or null when absent or not an object. */
  static ObjectNode object(ObjectNode parent, String field) {
    if (parent == null) {
      return null;
    }
    JsonNode value = parent.get(field);
    return value instanceof ObjectNode object ? object : null;
  }

  /** The object at a dotted path, or null when any step is absent or not an object. */
  static ObjectNode path(ObjectNode root, String dottedPath) {
    ObjectNode at = root;
    for (String step : dottedPath.split("\\.")) {
      at = object(at, step);
    }
    return at;
  }

  /**
   * The object at {@code field}, created empty when absent or null (a Go struct that is not a
   * pointer always exists); null when the field holds something that is not an object.
   */
  static ObjectNode ensure(ObjectNode parent, String field) {
    if (parent == null) {
      return null;
    }
    if (unset(parent, field)) {
      ObjectNode created = io.kubesim.core.json.Json.NODES.objectNode();
      parent.set(field, created);
      return created;
    }
    return object(parent, field);
  }

  /** Like {@link #ensure} along a dotted path. */
  static ObjectNode ensurePath(ObjectNode root, String dottedPath) {
    ObjectNode at = root;
    for (String step : dottedPath.split("\\.")) {
      at = ensure(at, step);
    }
    return at;
  }

  /** The object elements of the array at {@code field}; empty when absent or not an array. */
  static List<ObjectNode> objects(ObjectNode parent, String field) {
    List<ObjectNode> out = new ArrayList<>();
    if (parent != null && parent.get(field) instanceof ArrayNode array) {
      for (JsonNode element : array) {
        if (element instanceof ObjectNode object) {
          out.add(object);
        }
      }
    }
    return out;
  }

  /** The text of a string field, or "" when absent or not a string. */
  static String text(ObjectNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isString() ? value.asString() : "";
  }

  /** A non-empty array field. */
  static boolean nonEmptyArray(ObjectNode node, String field) {
    return node != null && node.get(field) instanceof ArrayNode array && !array.isEmpty();
  }
}
