package io.kubesim.apiserver.validation;

import io.kubesim.core.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A bad value that prints the way Go's field.Error prints a non-scalar value: {@code %#v} for maps
 * and slices, {@code String()} for types that implement fmt.Stringer (label selectors,
 * IntOrString).
 */
public record GoValue(String text) {

  @Override
  public String toString() {
    return text;
  }

  /** {@code map[string]string{"a":"b", "c":"d"}}, keys sorted as fmt sorts them. */
  static GoValue stringMap(JsonNode map) {
    if (map == null || !map.isObject()) {
      return new GoValue("map[string]string(nil)");
    }
    StringBuilder sb = new StringBuilder("map[string]string{");
    boolean first = true;
    for (Map.Entry<String, String> e : sorted(map).entrySet()) {
      sb.append(first ? "" : ", ")
          .append(LabelValidation.goQuote(e.getKey()))
          .append(':')
          .append(LabelValidation.goQuote(e.getValue()));
      first = false;
    }
    return new GoValue(sb.append('}').toString());
  }

  /** {@code []string{"a", "b"}}. */
  public static GoValue stringSlice(List<String> values) {
    List<String> quoted = new ArrayList<>();
    for (String v : values) {
      quoted.add(LabelValidation.goQuote(v));
    }
    return new GoValue("[]string{" + String.join(", ", quoted) + "}");
  }

  /**
   * A {@code *metav1.LabelSelector} as 1.32's field.Error prints it: the pointer is dereferenced
   * first, and the value type has no String() method (the generated one has a pointer receiver), so
   * it is Go's {@code %#v}: {@code v1.LabelSelector{MatchLabels:map[string]string{"app":"web"},
   * MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}. A field absent from the JSON is a nil
   * map or slice; one present but empty is an empty, non-nil one.
   */
  static GoValue selector(JsonNode selector) {
    JsonNode labels = selector.path("matchLabels");
    String labelText = labels.isObject() ? stringMap(labels).text() : "map[string]string(nil)";
    JsonNode exprs = selector.path("matchExpressions");
    StringBuilder sb =
        new StringBuilder("v1.LabelSelector{MatchLabels:")
            .append(labelText)
            .append(", MatchExpressions:");
    if (!exprs.isArray()) {
      sb.append("[]v1.LabelSelectorRequirement(nil)");
    } else {
      sb.append("[]v1.LabelSelectorRequirement{");
      boolean first = true;
      for (JsonNode expr : Json.items(exprs)) {
        JsonNode values = expr.path("values");
        String valueText =
            values.isArray() ? stringSlice(Json.strings(values)).text() : "[]string(nil)";
        sb.append(first ? "" : ", ")
            .append("v1.LabelSelectorRequirement{Key:")
            .append(LabelValidation.goQuote(Json.text(expr, "key")))
            .append(", Operator:")
            .append(LabelValidation.goQuote(Json.text(expr, "operator")))
            .append(", Values:")
            .append(valueText)
            .append('}');
        first = false;
      }
      sb.append('}');
    }
    return new GoValue(sb.append('}').toString());
  }

  /** {@code (*intstr.IntOrString).String()}: the number or the string, unquoted. */
  static GoValue intOrString(JsonNode value) {
    return new GoValue(value.isNumber() ? String.valueOf(value.asLong()) : value.asString(""));
  }

  static Map<String, String> sorted(JsonNode map) {
    Map<String, String> out = new TreeMap<>();
    if (map != null && map.isObject()) {
      for (Map.Entry<String, JsonNode> e : map.properties()) {
        out.put(e.getKey(), e.getValue().asString(""));
      }
    }
    return out;
  }
}
