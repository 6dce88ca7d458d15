package io.kubesim.apiserver.apply;

import io.kubesim.apiserver.patch.StrategicMergeSchema;
import io.kubesim.apiserver.patch.StrategicMergeSchema.Rule;
import io.kubesim.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The list and map types server-side apply needs, read from the strategic merge table: a list with
 * a merge key is an associative list ({@code +listType=map}) keyed by it, a merge list without a
 * key is a set ({@code +listType=set}), every other list is atomic. Where the {@code +listMapKey}s
 * of the Go types differ from the {@code patchMergeKey} (container and service ports also key on
 * {@code protocol}, which defaults to TCP; topology spread constraints also on {@code
 * whenUnsatisfiable}) the table below overrides it. Label selectors of workloads are atomic maps
 * ({@code +structType=atomic}), as is a ReplicationController's label map ({@code
 * +mapType=atomic}). Kinds without a table (custom resources) have only atomic lists.
 */
final class ApplySchema {
  enum ListType {
    ATOMIC,
    SET,
    MAP
  }

  /** How one list merges; {@code defaults} are the values of key fields an item may omit. */
  record ListRule(ListType type, List<String> keys, Map<String, JsonNode> defaults) {
    static final ListRule ATOMIC = new ListRule(ListType.ATOMIC, List.of(), Map.of());
  }

  private static final Map<String, JsonNode> TCP = Map.of("protocol", StringNode.valueOf("TCP"));

  private static final Set<String> ATOMIC_SELECTORS =
      Set.of(
          "/ReplicationController",
          "apps/Deployment",
          "apps/ReplicaSet",
          "apps/StatefulSet",
          "apps/DaemonSet",
          "batch/Job");

  private final Map<String, Rule> rules;
  private final boolean atomicSelector;

  private ApplySchema(Map<String, Rule> rules, boolean atomicSelector) {
    this.rules = rules;
    this.atomicSelector = atomicSelector;
  }

  static ApplySchema forKind(String group, String kind) {
    Map<String, Rule> rules = StrategicMergeSchema.forKind(group, kind);
    String key = (group == null ? "" : group) + "/" + kind;
    return new ApplySchema(rules == null ? Map.of() : rules, ATOMIC_SELECTORS.contains(key));
  }

  /** The rule of the list at a schema path ({@code spec.template.spec.containers[].ports}). */
  ListRule list(String path) {
    if (path.endsWith("containers[].ports") || path.endsWith("Containers[].ports")) {
      return new ListRule(ListType.MAP, List.of("containerPort", "protocol"), TCP);
    }
    if (path.equals("spec.ports") && rules.containsKey("spec.ports")) {
      return new ListRule(ListType.MAP, List.of("port", "protocol"), TCP);
    }
    if (path.endsWith("topologySpreadConstraints")) {
      return new ListRule(ListType.MAP, List.of("topologyKey", "whenUnsatisfiable"), Map.of());
    }
    Rule rule = rules.get(path);
    if (rule == null || !rule.merge()) {
      return ListRule.ATOMIC;
    }
    if (rule.mergeKey() == null) {
      return new ListRule(ListType.SET, List.of(), Map.of());
    }
    return new ListRule(ListType.MAP, List.of(rule.mergeKey()), Map.of());
  }

  boolean atomicMap(String path) {
    return atomicSelector && path.equals("spec.selector");
  }

  /** The path element of an item of an associative list: keys sorted, defaults filled in. */
  static String keyElement(JsonNode item, ListRule rule) {
    Map<String, JsonNode> key = new TreeMap<>();
    for (String field : rule.keys()) {
      JsonNode value = item.get(field);
      if (value == null || value.isNull()) {
        value = rule.defaults().get(field);
      }
      if (value != null) {
        key.put(field, value);
      }
    }
    ObjectNode out = Json.object();
    key.forEach(out::set);
    return "k:" + Json.string(out);
  }

  static String valueElement(JsonNode item) {
    return "v:" + Json.string(item);
  }

  static String child(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
