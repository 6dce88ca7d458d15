package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * pkg/apis/core/validation ValidateReplicationControllerSpec. Unlike the apps/v1 kinds, the
 * selector is a plain label map (equality only), it may change on update, and an empty one is only
 * "required" (the defaults have already copied the template's labels into it when there were any).
 */
final class ReplicationControllerValidation {
  private ReplicationControllerValidation() {}

  static void replicationController(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    Checks.nonNegative(errs, "spec.minReadySeconds", Json.integer(spec, "minReadySeconds"));
    Map<String, String> selector = GoValue.sorted(spec.path("selector"));
    if (selector.isEmpty()) {
      errs.add(FieldError.required("spec.selector", ""));
    }
    Checks.nonNegative(errs, "spec.replicas", Json.integer(spec, "replicas"));
    template(errs, spec.path("template"), selector);
  }

  /** ValidatePodTemplateSpecForRC: the template is required, labelled as selected, Always. */
  private static void template(
      List<FieldError> errs, JsonNode template, Map<String, String> selector) {
    if (!template.isObject()) {
      errs.add(FieldError.required("spec.template", ""));
      return;
    }
    JsonNode labels = template.path("metadata").path("labels");
    if (!selector.isEmpty()
        && !GoValue.sorted(labels).entrySet().containsAll(selector.entrySet())) {
      errs.add(
          FieldError.invalid(
              "spec.template.metadata.labels",
              GoValue.stringMap(labels),
              "`selector` does not match template `labels`"));
    }
    PodSpecValidation.template(errs, "spec.template", template);
    JsonNode podSpec = template.path("spec");
    if (Json.has(podSpec, "restartPolicy")) {
      String restart = Json.text(podSpec, "restartPolicy");
      if (!restart.equals("Always")) {
        errs.add(
            FieldError.notSupported(
                "spec.template.spec.restartPolicy", restart, List.of("Always")));
      }
    }
    Long deadline = Json.integer(podSpec, "activeDeadlineSeconds");
    if (deadline != null) {
      errs.add(
          FieldError.invalid(
              "spec.template.spec.activeDeadlineSeconds", deadline, "must not be specified"));
    }
  }
}
