package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** apimachinery pkg/api/validation/objectmeta.go: names, labels, annotations, immutability. */
final class ObjectMetaValidation {
  private ObjectMetaValidation() {}

  static final int TOTAL_ANNOTATION_SIZE = 256 * 1024;

  /** ValidateObjectMeta for a top-level object with the kind's name rule. */
  static void validate(
      List<FieldError> errs, JsonNode obj, NameValidation.Rule rule, boolean namespaced) {
    validate(errs, obj, name -> NameValidation.check(rule, name), namespaced);
  }

  /** ValidateObjectMeta with a name function of the kind's own (an APIService's). */
  static void validate(
      List<FieldError> errs,
      JsonNode obj,
      Function<String, List<String>> nameCheck,
      boolean namespaced) {
    JsonNode meta = obj.path("metadata");
    String generateName = Json.text(meta, "generateName");
    if (!generateName.isEmpty()) {
      for (String msg : nameCheck.apply(maskTrailingDash(generateName))) {
        errs.add(FieldError.invalid("metadata.generateName", generateName, msg));
      }
    }
    String name = Json.text(meta, "name");
    if (name.isEmpty()) {
      errs.add(FieldError.required("metadata.name", "name or generateName is required"));
    } else {
      for (String msg : nameCheck.apply(name)) {
        errs.add(FieldError.invalid("metadata.name", name, msg));
      }
    }
    String namespace = Json.text(meta, "namespace");
    if (namespaced) {
      if (namespace.isEmpty()) {
        errs.add(FieldError.required("metadata.namespace", ""));
      } else {
        for (String msg : NameValidation.check(NameValidation.Rule.LABEL, namespace)) {
          errs.add(FieldError.invalid("metadata.namespace", namespace, msg));
        }
      }
    } else if (!namespace.isEmpty()) {
      errs.add(FieldError.forbidden("metadata.namespace", "not allowed on this type"));
    }
    Checks.nonNegative(errs, "metadata.generation", Json.integer(meta, "generation"));
    labels(errs, "metadata.labels", meta.path("labels"));
    annotations(errs, "metadata.annotations", meta.path("annotations"));
  }

  /** ValidateLabels: one error per message, all on the map's path (no key index). */
  static void labels(List<FieldError> errs, String path, JsonNode labels) {
    for (Map.Entry<String, JsonNode> e : Json.entries(labels)) {
      Checks.qualifiedName(errs, path, e.getKey());
      Checks.labelValue(errs, path, e.getValue().asString(""));
    }
  }

  /** ValidateAnnotations: keys are qualified names (case-insensitive); total size 256 KiB. */
  static void annotations(List<FieldError> errs, String path, JsonNode annotations) {
    long total = 0;
    for (Map.Entry<String, JsonNode> e : Json.entries(annotations)) {
      String key = e.getKey();
      for (String msg :
          io.kubesim.core.selector.LabelValidation.keyErrors(key.toLowerCase(Locale.ROOT))) {
        errs.add(FieldError.invalid(path, key, msg));
      }
      total += key.getBytes(StandardCharsets.UTF_8).length;
      total += e.getValue().asString("").getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > TOTAL_ANNOTATION_SIZE) {
      errs.add(FieldError.tooLong(path, TOTAL_ANNOTATION_SIZE));
    }
  }

  /**
   * ValidateObjectMetaUpdate: name, namespace, uid and creationTimestamp may not change. An absent
   * uid or creationTimestamp is not an error: the apiserver copies them from the stored object
   * before validating (rest.BeforeUpdate).
   */
  static void update(List<FieldError> errs, JsonNode obj, JsonNode old) {
    JsonNode meta = obj.path("metadata");
    JsonNode oldMeta = old.path("metadata");
    String name = Json.text(meta, "name");
    if (!name.equals(Json.text(oldMeta, "name"))) {
      errs.add(FieldError.invalid("metadata.name", name, Checks.IMMUTABLE));
    }
    String namespace = Json.text(meta, "namespace");
    if (!namespace.equals(Json.text(oldMeta, "namespace"))) {
      errs.add(FieldError.invalid("metadata.namespace", namespace, Checks.IMMUTABLE));
    }
    String uid = Json.text(meta, "uid");
    if (!uid.isEmpty() && !uid.equals(Json.text(oldMeta, "uid"))) {
      errs.add(FieldError.invalid("metadata.uid", uid, Checks.IMMUTABLE));
    }
    String created = Json.text(meta, "creationTimestamp");
    if (!created.isEmpty() && !created.equals(Json.text(oldMeta, "creationTimestamp"))) {
      errs.add(
          FieldError.invalid(
              "metadata.creationTimestamp", new GoValue(goTime(created)), Checks.IMMUTABLE));
    }
  }

  /** NameIsDNSSubdomain(name, prefix=true) masks one trailing dash of a generateName. */
  private static String maskTrailingDash(String name) {
    if (name.length() > 1 && name.endsWith("-")) {
      return name.substring(0, name.length() - 2) + "a";
    }
    return name;
  }

  /** metav1.Time's String(): {@code 2024-01-01 00:00:00 +0000 UTC}. */
  static String goTime(String rfc3339) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(rfc3339).withOffsetSameInstant(ZoneOffset.UTC);
      return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + " +0000 UTC";
    } catch (RuntimeException e) {
      return rfc3339;
    }
  }
}
