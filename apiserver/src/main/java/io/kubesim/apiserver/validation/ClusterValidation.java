package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Namespace, Node, Lease and core/v1 Event. */
final class ClusterValidation {
  private ClusterValidation() {}

  static void namespace(List<FieldError> errs, JsonNode obj) {
    List<String> finalizers = Json.strings(obj.path("spec").path("finalizers"));
    for (String f : finalizers) {
      if (!f.contains("/") && !f.equals("kubernetes")) {
        errs.add(
            FieldError.invalid(
                "spec.finalizers",
                f,
                "name is neither a standard finalizer name nor is it fully qualified"));
      } else {
        Checks.qualifiedName(errs, "spec.finalizers", f);
      }
    }
  }

  static void node(List<FieldError> errs, JsonNode obj) {
    List<JsonNode> taints = Json.items(obj.path("spec").path("taints"));
    for (int i = 0; i < taints.size(); i++) {
      JsonNode t = taints.get(i);
      String p = "spec.taints[" + i + "]";
      Checks.qualifiedName(errs, p + ".key", Json.text(t, "key"));
      String value = Json.text(t, "value");
      List<String> msgs = io.kubesim.core.selector.LabelValidation.valueErrors(value);
      if (!msgs.isEmpty()) {
        errs.add(FieldError.invalid(p + ".value", value, String.join(";", msgs)));
      }
      Checks.oneOf(
          errs,
          p + ".effect",
          Json.text(t, "effect"),
          List.of("NoSchedule", "PreferNoSchedule", "NoExecute"));
    }
  }

  static void lease(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    Long duration = Json.integer(spec, "leaseDurationSeconds");
    if (duration != null && duration <= 0) {
      errs.add(FieldError.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
    }
    Checks.nonNegative(errs, "spec.leaseTransitions", Json.integer(spec, "leaseTransitions"));
  }

  /** legacyValidateEvent for core/v1 events. */
  static void event(List<FieldError> errs, JsonNode obj) {
    String namespace = Json.text(obj.path("metadata"), "namespace");
    String involved = Json.text(obj.path("involvedObject"), "namespace");
    if (Json.text(obj, "eventTime").isEmpty()) {
      boolean ok =
          involved.isEmpty()
              ? namespace.isEmpty() || namespace.equals("default")
              : namespace.equals(involved);
      if (!ok) {
        errs.add(
            FieldError.invalid(
                "involvedObject.namespace", involved, "does not match event.namespace"));
      }
    } else {
      if (involved.isEmpty() && !namespace.equals("default") && !namespace.equals("kube-system")) {
        errs.add(
            FieldError.invalid(
                "involvedObject.namespace", involved, "does not match event.namespace"));
      }
      String controller = Json.text(obj, "reportingComponent");
      if (controller.isEmpty()) {
        errs.add(FieldError.required("reportingComponent", ""));
      }
      Checks.qualifiedName(errs, "reportingComponent", controller);
      if (Json.text(obj, "reportingInstance").isEmpty()) {
        errs.add(FieldError.required("reportingInstance", ""));
      }
      if (Json.text(obj, "action").isEmpty()) {
        errs.add(FieldError.required("action", ""));
      }
      if (Json.text(obj, "reason").isEmpty()) {
        errs.add(FieldError.required("reason", ""));
      }
    }
  }
}
