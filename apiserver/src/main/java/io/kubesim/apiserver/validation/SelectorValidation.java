package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.selector.LabelSelector;
import io.kubesim.core.selector.SelectorException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** metav1 validation of label selectors, and matching a selector against template labels. */
final class SelectorValidation {
  private SelectorValidation() {}

  /** ValidateLabelSelector (strict values). */
  static void validate(List<FieldError> errs, String path, JsonNode selector) {
    if (selector == null || !selector.isObject()) {
      return;
    }
    ObjectMetaValidation.labels(errs, path + ".matchLabels", selector.path("matchLabels"));
    List<JsonNode> exprs = Json.items(selector.path("matchExpressions"));
    for (int i = 0; i < exprs.size(); i++) {
      JsonNode expr = exprs.get(i);
      String p = path + ".matchExpressions[" + i + "]";
      String op = Json.text(expr, "operator");
      List<String> values = Json.strings(expr.path("values"));
      switch (op) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) {
            errs.add(
                FieldError.required(
                    p + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            errs.add(
                FieldError.forbidden(
                    p + ".values",
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
          }
        }
        default ->
            errs.add(FieldError.invalid(p + ".operator", op, "not a valid selector operator"));
      }
      Checks.qualifiedName(errs, p + ".key", Json.text(expr, "key"));
      for (int v = 0; v < values.size(); v++) {
        Checks.labelValue(errs, p + ".values[" + v + "]", values.get(v));
      }
    }
  }

  static boolean empty(JsonNode selector) {
    return Json.emptyObject(selector.path("matchLabels"))
        && Json.items(selector.path("matchExpressions")).isEmpty();
  }

  /** The selector as a LabelSelector, or null when it does not convert (Go: invalid selector). */
  static LabelSelector parse(JsonNode selector) {
    try {
      return LabelSelector.fromObject(selector);
    } catch (SelectorException e) {
      return null;
    }
  }

  static boolean matches(LabelSelector selector, JsonNode labels) {
    Map<String, String> set = GoValue.sorted(labels);
    return selector.matches(set);
  }
}
