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
record GoValue(String text) {

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
  static GoValue stringSlice(List<String> values) {
    List<String> quoted = new ArrayList<>();
    for (String v : values) {
      quoted.add(LabelValidation.goQuote(v));
    }
    return new GoValue("[]string{" + String.join(", ", quoted) + "}");
  }

  /** The generated {@code (*metav1.LabelSelector).String()}. */
  static GoValue selector(JsonNode selector) {
    StringBuilder sb = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
    for (Map.Entry<String, String> e : sorted(selector.path("matchLabels")).entrySet()) {
      sb.append(e.getKey()).append(": ").append(e.getValue()).append(',');
    }
    sb.append("},MatchExpressions:[]LabelSelectorRequirement{");
    for (JsonNode expr : Json.items(selector.path("matchExpressions"))) {
      List<String> values = Json.strings(expr.path("values"));
      sb.append("LabelSelectorRequirement{Key:")
          .append(Json.text(expr, "key"))
          .append(",Operator:")
          .append(Json.text(expr, "operator"))
          .append(",Values:[")
          .append(String.join(" ", values))
          .append("],},");
    }
    return new GoValue(sb.append("},}").toString());
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
