package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Pod create and update rules (ValidatePodCreate, ValidatePodUpdate). */
final class PodValidation {
  private PodValidation() {}

  static final String UPDATE_FORBIDDEN =
      "pod updates may not change fields other than `spec.containers[*].image`,"
          + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only"
          + " additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to"
          + " be set to 1 if it was previously negative)";

  static void create(List<FieldError> errs, JsonNode pod) {
    PodSpecValidation.spec(errs, "spec", pod.path("spec"));
  }

  /**
   * The spec may only change in the images, activeDeadlineSeconds (set or lowered), added
   * tolerations and terminationGracePeriodSeconds from negative to 1. Go appends a cmp.Diff of the
   * two specs after a newline; that diff is not reproduced here.
   */
  static void update(List<FieldError> errs, JsonNode pod, JsonNode old) {
    JsonNode spec = pod.path("spec");
    JsonNode oldSpec = old.path("spec");
    Long deadline = Json.integer(spec, "activeDeadlineSeconds");
    Long oldDeadline = Json.integer(oldSpec, "activeDeadlineSeconds");
    if (deadline != null) {
      if (deadline < 0 || deadline > Integer.MAX_VALUE) {
        errs.add(
            FieldError.invalid(
                "spec.activeDeadlineSeconds",
                deadline,
                "must be between 0 and 2147483647, inclusive"));
        return;
      }
      if (oldDeadline != null && oldDeadline < deadline) {
        errs.add(
            FieldError.invalid(
                "spec.activeDeadlineSeconds",
                deadline,
                "must be less than or equal to previous value"));
        return;
      }
    } else if (oldDeadline != null) {
      errs.add(
          FieldError.invalid(
              "spec.activeDeadlineSeconds",
              new GoValue("null"),
              "must not update from a positive integer to nil value"));
    }
    ObjectNode munged = spec.isObject() ? ((ObjectNode) spec).deepCopy() : null;
    if (munged == null) {
      return;
    }
    for (String list : List.of("containers", "initContainers")) {
      JsonNode mine = munged.path(list);
      List<JsonNode> theirs = Json.items(oldSpec.path(list));
      if (mine instanceof ArrayNode arr) {
        for (int i = 0; i < arr.size() && i < theirs.size(); i++) {
          if (arr.get(i) instanceof ObjectNode c) {
            c.set("image", theirs.get(i).get("image"));
          }
        }
      }
    }
    copy(munged, oldSpec, "activeDeadlineSeconds");
    // tolerations: only additions; the old ones must still be there unchanged
    List<JsonNode> oldTols = Json.items(oldSpec.path("tolerations"));
    List<JsonNode> newTols = Json.items(spec.path("tolerations"));
    boolean onlyAdded = true;
    for (JsonNode t : oldTols) {
      onlyAdded &= newTols.stream().anyMatch(n -> Checks.same(n, t));
    }
    if (onlyAdded) {
      copy(munged, oldSpec, "tolerations");
    }
    Long grace = Json.integer(spec, "terminationGracePeriodSeconds");
    Long oldGrace = Json.integer(oldSpec, "terminationGracePeriodSeconds");
    if (grace != null && grace == 1 && oldGrace != null && oldGrace < 0) {
      copy(munged, oldSpec, "terminationGracePeriodSeconds");
    }
    if (!Checks.same(munged, oldSpec)) {
      errs.add(FieldError.forbidden("spec", UPDATE_FORBIDDEN));
    }
  }

  private static void copy(ObjectNode target, JsonNode from, String field) {
    if (Json.has(from, field)) {
      target.set(field, from.get(field));
    } else {
      target.remove(field);
    }
  }
}
