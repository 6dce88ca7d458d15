package io.kubesim.apiserver.validation;

import io.kubesim.apiserver.resource.EventsV1;
import io.kubesim.core.api.FieldError;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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

  /**
   * legacyValidateEvent: the rules every Event passes, whichever API wrote it. Paths name the
   * internal fields, as the real messages do (reportingController, stored as reportingComponent).
   */
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
      return;
    }
    if (involved.isEmpty() && !namespace.equals("default") && !namespace.equals("kube-system")) {
      errs.add(
          FieldError.invalid(
              "involvedObject.namespace", involved, "does not match event.namespace"));
    }
    String controller = Json.text(obj, "reportingComponent");
    if (controller.isEmpty()) {
      errs.add(FieldError.required("reportingController", ""));
    }
    Checks.qualifiedName(errs, "reportingController", controller);
    limited(errs, "reportingInstance", Json.text(obj, "reportingInstance"), 128);
    limited(errs, "action", Json.text(obj, "action"), 128);
    limited(errs, "reason", Json.text(obj, "reason"), 128);
    if (Json.text(obj, "message").length() > 1024) {
      errs.add(FieldError.invalid("message", "", "can have at most 1024 characters"));
    }
  }

  /**
   * An Event created through events.k8s.io/v1: the legacy rules and the strict ones of
   * pkg/apis/core/validation/events.go, checked on its core form as the real ones are on the
   * internal type ("count: Invalid value: \"\": needs to be unset").
   */
  static void eventsV1Create(List<FieldError> errs, JsonNode eventsV1) {
    ObjectNode obj = EventsV1.toCore((ObjectNode) eventsV1);
    event(errs, obj);
    eventSeries(errs, obj);
    if (Json.text(obj, "eventTime").isEmpty()) {
      errs.add(FieldError.required("eventTime", ""));
    }
    String type = Json.text(obj, "type");
    if (!type.equals("Normal") && !type.equals("Warning")) {
      errs.add(FieldError.invalid("type", "", "has invalid value: " + type));
    }
    for (String field : List.of("firstTimestamp", "lastTimestamp")) {
      if (!Json.text(obj, field).isEmpty()) {
        errs.add(FieldError.invalid(field, "", "needs to be unset"));
      }
    }
    if (obj.path("count").asInt(0) != 0) {
      errs.add(FieldError.invalid("count", "", "needs to be unset"));
    }
    JsonNode source = obj.path("source");
    if (!Json.text(source, "component").isEmpty() || !Json.text(source, "host").isEmpty()) {
      errs.add(FieldError.invalid("source", "", "needs to be unset"));
    }
  }

  /** An update through events.k8s.io/v1: the legacy rules, and what was reported stays. */
  static void eventsV1Update(List<FieldError> errs, JsonNode eventsV1, JsonNode oldEventsV1) {
    ObjectNode obj = EventsV1.toCore((ObjectNode) eventsV1);
    ObjectNode old = EventsV1.toCore((ObjectNode) oldEventsV1);
    event(errs, obj);
    if (!Checks.same(obj.path("series"), old.path("series"))) {
      eventSeries(errs, obj);
    }
    for (String field : REPORTED) {
      JsonNode now = obj.path(field);
      String path = field.equals("reportingComponent") ? "reportingController" : field;
      Checks.immutable(errs, path, now, old.path(field), now.isValueNode() ? now.asString() : now);
    }
  }

  /** What an Event reported, in the order ValidateEventUpdate checks it. */
  private static final List<String> REPORTED =
      List.of(
          "involvedObject",
          "reason",
          "message",
          "source",
          "firstTimestamp",
          "lastTimestamp",
          "count",
          "type",
          "eventTime",
          "action",
          "related",
          "reportingComponent",
          "reportingInstance");

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
}
