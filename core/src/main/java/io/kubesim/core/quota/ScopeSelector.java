package io.kubesim.core.quota;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One ScopedResourceSelectorRequirement: a scope (BestEffort, Terminating, PriorityClass ...), an
 * operator (In, NotIn, Exists, DoesNotExist) and values. A quota's {@code spec.scopes} are each an
 * Exists requirement.
 */
public record ScopeSelector(String scopeName, String operator, List<String> values) {
  public static final String EXISTS = "Exists";

  /** spec.scopes as Exists requirements, then spec.scopeSelector.matchExpressions. */
  public static List<ScopeSelector> of(JsonNode quota) {
    JsonNode spec = quota.path("spec");
    List<ScopeSelector> out = new ArrayList<>();
    for (JsonNode scope : spec.path("scopes")) {
      out.add(new ScopeSelector(scope.asString(""), EXISTS, List.of()));
    }
    for (JsonNode expression : spec.path("scopeSelector").path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asString("")));
      out.add(
          new ScopeSelector(
              expression.path("scopeName").asString(""),
              expression.path("operator").asString(""),
              values));
    }
    return out;
  }

  /**
   * The requirement as a label selector on {@code {scopeName: value}} (value null: the label is
   * absent): In needs the value among values, NotIn needs it absent or not among them.
   */
  public boolean matchesValue(String value) {
    return switch (operator) {
      case EXISTS -> value != null;
      case "DoesNotExist" -> value == null;
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      default -> false;
    };
  }
}
