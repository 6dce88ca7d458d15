package io.kubesim.apiserver.apply;

import io.kubesim.core.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of field paths: the fields an object sets, or that one manager owns. A path is a list of
 * path elements, each kept in its FieldsV1 spelling: {@code f:spec} (a field), {@code
 * k:{"name":"nginx"}} (the item of an associative list with that key), {@code v:"x"} (the item of a
 * set-like list with that value) and {@code i:0} (an item by index). A set holds both leaves and,
 * for list items, the item itself.
 *
 * <p>{@link #toFieldsV1()} and {@link #fromFieldsV1} convert to and from the tree stored in {@code
 * metadata.managedFields[].fieldsV1}: every path element is a key, a path in the set whose node has
 * children is marked with a {@code ".": {}} child, and one without children is {@code {}}.
 *
 * <p>Immutable.
 */
public final class FieldSet {
  private static final FieldSet EMPTY = new FieldSet(Set.of());
  private static final String SELF = ".";

  private final Set<List<String>> paths;

  private FieldSet(Set<List<String>> paths) {
    this.paths = paths;
  }

  public static FieldSet empty() {
    return EMPTY;
  }

  public static FieldSet of(Collection<List<String>> paths) {
    Set<List<String>> copy = new LinkedHashSet<>();
    for (List<String> path : paths) {
      copy.add(List.copyOf(path));
    }
    return new FieldSet(Collections.unmodifiableSet(copy));
  }

  public Set<List<String>> paths() {
    return paths;
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  public boolean contains(List<String> path) {
    return paths.contains(path);
  }

  /** True when some path of the set lies strictly below {@code prefix}. */
  public boolean hasBelow(List<String> prefix) {
    for (List<String> path : paths) {
      if (path.size() > prefix.size() && path.subList(0, prefix.size()).equals(prefix)) {
        return true;
      }
    }
    return false;
  }

  public FieldSet union(FieldSet other) {
    Set<List<String>> all = new LinkedHashSet<>(paths);
    all.addAll(other.paths);
    return new FieldSet(Collections.unmodifiableSet(all));
  }

  public FieldSet minus(FieldSet other) {
    Set<List<String>> rest = new LinkedHashSet<>(paths);
    rest.removeAll(other.paths);
    return new FieldSet(Collections.unmodifiableSet(rest));
  }

  public FieldSet intersect(FieldSet other) {
    Set<List<String>> both = new LinkedHashSet<>(paths);
    both.retainAll(other.paths);
    return new FieldSet(Collections.unmodifiableSet(both));
  }

  /** The FieldsV1 tree, children sorted by their path element. */
  public ObjectNode toFieldsV1() {
    Node root = new Node();
    for (List<String> path : paths) {
      Node node = root;
      for (String element : path) {
        node = node.children.computeIfAbsent(element, e -> new Node());
      }
      node.member = true;
    }
    return root.encode();
  }

  /** Reads a FieldsV1 tree; throws IllegalArgumentException when it is not one. */
  public static FieldSet fromFieldsV1(JsonNode fields) {
    if (fields == null || fields.isNull() || fields.isMissingNode()) {
      return EMPTY;
    }
    Set<List<String>> found = new LinkedHashSet<>();
    decode(fields, new ArrayList<>(), found);
    return new FieldSet(Collections.unmodifiableSet(found));
  }

  private static void decode(JsonNode node, List<String> path, Set<List<String>> found) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("FieldsV1 nodes must be objects, found " + node);
    }
    if (node.isEmpty() && !path.isEmpty()) {
      found.add(List.copyOf(path));
      return;
    }
    for (Map.Entry<String, JsonNode> child : node.properties()) {
      String element = child.getKey();
      if (element.equals(SELF)) {
        found.add(List.copyOf(path));
        continue;
      }
      if (element.length() < 2
          || element.charAt(1) != ':'
          || "fkvi".indexOf(element.charAt(0)) < 0) {
        throw new IllegalArgumentException("unknown path element " + element);
      }
      path.add(element);
      decode(child.getValue(), path, found);
      path.remove(path.size() - 1);
    }
  }

  /**
   * A path as the apiserver prints it in conflicts: {@code .spec.replicas}, {@code
   * .spec.containers[name="nginx"].image}, {@code .metadata.finalizers[="x"]}, {@code .args[0]}.
   */
  public static String describe(List<String> path) {
    StringBuilder out = new StringBuilder();
    for (String element : path) {
      String body = element.substring(2);
      switch (element.charAt(0)) {
        case 'f' -> out.append('.').append(body);
        case 'i' -> out.append('[').append(body).append(']');
        case 'v' -> out.append("[=").append(body).append(']');
        default -> {
          out.append('[');
          String separator = "";
          for (Map.Entry<String, JsonNode> key : Json.MAPPER.readTree(body).properties()) {
            out.append(separator).append(key.getKey()).append('=');
            out.append(Json.string(key.getValue()));
            separator = ",";
          }
          out.append(']');
        }
      }
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FieldSet set && set.paths.equals(paths);
  }

  @Override
  public int hashCode() {
    return paths.hashCode();
  }

  @Override
  public String toString() {
    return Json.string(toFieldsV1());
  }

  private static final class Node {
    final Map<String, Node> children = new TreeMap<>();
    boolean member;

    ObjectNode encode() {
      ObjectNode out = Json.object();
      if (member && !children.isEmpty()) {
        out.putObject(SELF);
      }
      children.forEach((element, child) -> out.set(element, child.encode()));
      return out;
    }
  }
}
