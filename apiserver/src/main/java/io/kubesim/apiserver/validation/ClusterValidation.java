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
  /** A core/v1 Event: the legacy rules, which every Event passes whichever API wrote it. */
  static void event(List<FieldError> errs, JsonNode obj) {
    legacyEvent(errs, obj, "involvedObject", "reportingComponent", "message");
  }

  /**
   * An events.k8s.io/v1 Event created through that API: the legacy rules and the strict ones of
   * pkg/apis/core/validation/events.go. The paths name the internal (core) fields, as the real
   * messages do ("count: Invalid value: \"\": needs to be unset").
   */
  static void eventsV1Create(List<FieldError> errs, JsonNode obj) {
    legacyEvent(errs, obj, "regarding", "reportingController", "note");
    eventSeries(errs, obj);
    if (Json.text(obj, "eventTime").isEmpty()) {
      errs.add(FieldError.required("eventTime", ""));
    }
    String type = Json.text(obj, "type");
    if (!type.equals("Normal") && !type.equals("Warning")) {
      errs.add(FieldError.invalid("type", "", "has invalid value: " + type));
    }
    unset(errs, obj, "deprecatedFirstTimestamp", "firstTimestamp");
    unset(errs, obj, "deprecatedLastTimestamp", "lastTimestamp");
    if (obj.path("deprecatedCount").asInt(0) != 0) {
      errs.add(FieldError.invalid("count", "", "needs to be unset"));
    }
    JsonNode source = obj.path("deprecatedSource");
    if (!Json.text(source, "component").isEmpty() || !Json.text(source, "host").isEmpty()) {
      errs.add(FieldError.invalid("source", "", "needs to be unset"));
    }
  }

  /** An update through events.k8s.io/v1: the legacy rules, and what was reported stays. */
  static void eventsV1Update(List<FieldError> errs, JsonNode obj, JsonNode old) {
    legacyEvent(errs, obj, "regarding", "reportingController", "note");
    if (!Checks.same(obj.path("series"), old.path("series"))) {
      eventSeries(errs, obj);
    }
    String[][] fields = {
      {"regarding", "involvedObject"},
      {"reason", "reason"},
      {"note", "message"},
      {"deprecatedSource", "source"},
      {"deprecatedFirstTimestamp", "firstTimestamp"},
      {"deprecatedLastTimestamp", "lastTimestamp"},
      {"deprecatedCount", "count"},
      {"type", "type"},
      {"eventTime", "eventTime"},
      {"action", "action"},
      {"related", "related"},
      {"reportingController", "reportingController"},
      {"reportingInstance", "reportingInstance"}
    };
    for (String[] f : fields) {
      JsonNode now = obj.path(f[0]);
      Checks.immutable(errs, f[1], now, old.path(f[0]), now.isValueNode() ? now.asString() : now);
    }
  }

  private static void legacyEvent(
      List<FieldError> errs,
      JsonNode obj,
      String involvedField,
      String controllerField,
      String messageField) {
    String namespace = Json.text(obj.path("metadata"), "namespace");
    String involved = Json.text(obj.path(involvedField), "namespace");
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
      return;
    }
    if (involved.isEmpty() && !namespace.equals("default") && !namespace.equals("kube-system")) {
      errs.add(
          FieldError.invalid(
              "involvedObject.namespace", involved, "does not match event.namespace"));
    }
    String controller = Json.text(obj, controllerField);
    if (controller.isEmpty()) {
      errs.add(FieldError.required("reportingController", ""));
    }
    Checks.qualifiedName(errs, "reportingController", controller);
    limited(errs, "reportingInstance", Json.text(obj, "reportingInstance"), 128);
    limited(errs, "action", Json.text(obj, "action"), 128);
    limited(errs, "reason", Json.text(obj, "reason"), 128);
    if (Json.text(obj, messageField).length() > 1024) {
      errs.add(FieldError.invalid("message", "", "can have at most 1024 characters"));
    }
  }

  /** Required, and at most {@code max} characters. */
  private static void limited(List<FieldError> errs, String path, String value, int max) {
    if (value.isEmpty()) {
      errs.add(FieldError.required(path, ""));
    } else if (value.length() > max) {
      errs.add(FieldError.invalid(path, "", "can have at most " + max + " characters"));
    }
  }

  private static void eventSeries(List<FieldError> errs, JsonNode obj) {
    JsonNode series = obj.path("series");
    if (!series.isObject()) {
      return;
    }
    if (series.path("count").asInt(0) < 2) {
      errs.add(FieldError.invalid("series.count", "", "should be at least 2"));
    }
    if (Json.text(series, "lastObservedTime").isEmpty()) {
      errs.add(FieldError.required("series.lastObservedTime", ""));
    }
  }

  private static void unset(List<FieldError> errs, JsonNode obj, String field, String path) {
    if (!Json.text(obj, field).isEmpty()) {
      errs.add(FieldError.invalid(path, "", "needs to be unset"));
    }
  }
}
