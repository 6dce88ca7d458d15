package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * pkg/apis/policy/validation (PodDisruptionBudget) and pkg/apis/scheduling/validation
 * (PriorityClass): the two kinds that tell the cluster how much disruption and preemption to allow.
 */
final class PolicyValidation {
  private PolicyValidation() {}

  /** The built-in classes, SystemPriorityClasses() in pkg/apis/scheduling. */
  static final Map<String, Long> SYSTEM_CLASSES =
      Map.of("system-node-critical", 2000001000L, "system-cluster-critical", 2000000000L);

  static final long HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000L;

  static void podDisruptionBudget(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    JsonNode min = spec.get("minAvailable");
    JsonNode max = spec.get("maxUnavailable");
    if (set(min) && set(max)) {
      // Go prints the struct with its pointers; the values say more.
      errs.add(
          FieldError.invalid(
              "spec",
              new GoValue(
                  "policy.PodDisruptionBudgetSpec{MinAvailable:"
                      + GoValue.intOrString(min)
                      + ", MaxUnavailable:"
                      + GoValue.intOrString(max)
                      + "}"),
              "minAvailable and maxUnavailable cannot be both set"));
    }
    for (String field : new String[] {"minAvailable", "maxUnavailable"}) {
      JsonNode v = spec.get(field);
      WorkloadValidation.intOrPercent(errs, "spec." + field, v);
      WorkloadValidation.notOver100(errs, "spec." + field, v);
    }
    SelectorValidation.validate(errs, "spec.selector", spec.get("selector"));
    JsonNode policy = spec.get("unhealthyPodEvictionPolicy");
    if (set(policy)) {
      Checks.oneOf(
          errs,
          "spec.unhealthyPodEvictionPolicy",
          policy.asString(""),
          List.of("AlwaysAllow", "IfHealthyBudget"));
    }
  }

  static void priorityClass(List<FieldError> errs, JsonNode obj) {
    String name = Json.text(obj.path("metadata"), "name");
    long value = obj.path("value").asLong(0);
    if (name.startsWith("system-")) {
      String why = systemClassError(name, value, obj.path("globalDefault").asBoolean(false));
      if (why != null) {
        errs.add(
            FieldError.forbidden(
                "metadata.name",
                "priority class names with 'system-' prefix are reserved for system use only."
                    + " error: "
                    + why));
      }
    } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
      errs.add(
          FieldError.forbidden(
              "value",
              "maximum allowed value of a user defined priority is "
                  + HIGHEST_USER_DEFINABLE_PRIORITY));
    }
    JsonNode preemption = obj.get("preemptionPolicy");
    if (set(preemption)) {
      Checks.oneOf(
          errs,
          "preemptionPolicy",
          preemption.asString(""),
          List.of("Never", "PreemptLowerPriority"));
    }
  }

  static void priorityClassUpdate(List<FieldError> errs, JsonNode obj, JsonNode old) {
    if (obj.path("value").asLong(0) != old.path("value").asLong(0)) {
      errs.add(FieldError.forbidden("value", "may not be changed in an update."));
    }
    Checks.immutable(
        errs,
        "preemptionPolicy",
        obj.get("preemptionPolicy"),
        old.get("preemptionPolicy"),
        obj.path("preemptionPolicy").asString(""));
  }

  /** IsKnownSystemPriorityClass: null when the class is one of the built-ins, as built in. */
  private static String systemClassError(String name, long value, boolean globalDefault) {
    Long expected = SYSTEM_CLASSES.get(name);
    if (expected == null) {
      return name + " is not a known system priority class";
    }
    if (expected != value) {
      return "value of " + name + " PriorityClass must be " + expected;
    }
    if (globalDefault) {
      return "globalDefault of " + name + " PriorityClass must be false";
    }
    return null;
  }

  private static boolean set(JsonNode v) {
    return v != null && !v.isNull();
  }
}
