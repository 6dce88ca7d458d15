package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** ConfigMap and Secret. */
final class ConfigValidation {
  private ConfigValidation() {}

  static final int MAX_SIZE = 1024 * 1024;

  static void configMap(List<FieldError> errs, JsonNode obj) {
    long total = 0;
    JsonNode binary = obj.path("binaryData");
    for (Map.Entry<String, JsonNode> e : Json.entries(obj.path("data"))) {
      Checks.configKey(errs, "data[" + e.getKey() + "]", e.getKey());
      if (binary.has(e.getKey())) {
        errs.add(
            FieldError.invalid(
                "data[" + e.getKey() + "]", e.getKey(), "duplicate of key present in binaryData"));
      }
      total += e.getValue().asString("").getBytes(StandardCharsets.UTF_8).length;
    }
    for (Map.Entry<String, JsonNode> e : Json.entries(binary)) {
      Checks.configKey(errs, "binaryData[" + e.getKey() + "]", e.getKey());
      total += decodedLength(e.getValue());
    }
    if (total > MAX_SIZE) {
      errs.add(FieldError.tooLong("", MAX_SIZE));
    }
  }

  static void secret(List<FieldError> errs, JsonNode obj) {
    long total = 0;
    JsonNode data = obj.path("data");
    for (Map.Entry<String, JsonNode> e : Json.entries(data)) {
      Checks.configKey(errs, "data[" + e.getKey() + "]", e.getKey());
      total += decodedLength(e.getValue());
    }
    JsonNode stringData = obj.path("stringData");
    for (Map.Entry<String, JsonNode> e : Json.entries(stringData)) {
      Checks.configKey(errs, "data[" + e.getKey() + "]", e.getKey());
      total += e.getValue().asString("").getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > MAX_SIZE) {
      errs.add(FieldError.tooLong("data", MAX_SIZE));
    }
    String type = Json.text(obj, "type");
    switch (type) {
      case "kubernetes.io/service-account-token" -> {
        String sa =
            Json.text(
                obj.path("metadata").path("annotations"), "kubernetes.io/service-account.name");
        if (sa.isEmpty()) {
          errs.add(
              FieldError.required("metadata.annotations[kubernetes.io/service-account.name]", ""));
        }
      }
      case "kubernetes.io/dockercfg" -> requireKey(errs, obj, ".dockercfg");
      case "kubernetes.io/dockerconfigjson" -> requireKey(errs, obj, ".dockerconfigjson");
      case "kubernetes.io/basic-auth" -> {
        if (!hasKey(obj, "username") && !hasKey(obj, "password")) {
          errs.add(FieldError.required("data[username]", ""));
          errs.add(FieldError.required("data[password]", ""));
        }
      }
      case "kubernetes.io/ssh-auth" -> requireKey(errs, obj, "ssh-privatekey");
      case "kubernetes.io/tls" -> {
        requireKey(errs, obj, "tls.crt");
        requireKey(errs, obj, "tls.key");
      }
      default -> {}
    }
  }

  private static boolean hasKey(JsonNode obj, String key) {
    return obj.path("data").has(key) || obj.path("stringData").has(key);
  }

  private static void requireKey(List<FieldError> errs, JsonNode obj, String key) {
    if (!hasKey(obj, key)) {
      errs.add(FieldError.required("data[" + key + "]", ""));
    }
  }

  /** Secret type may not change; an immutable ConfigMap or Secret keeps its data and flag. */
  static void update(List<FieldError> errs, String kind, JsonNode obj, JsonNode old) {
    if (kind.equals("Secret")) {
      String type = Json.text(obj, "type");
      String oldType = Json.text(old, "type");
      if (!type.equals(oldType)) {
        errs.add(FieldError.invalid("type", type, Checks.IMMUTABLE));
      }
    }
    if (old.path("immutable").asBoolean(false)) {
      if (!obj.path("immutable").asBoolean(false)) {
        errs.add(FieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
      }
      if (!Checks.same(obj.path("data"), old.path("data"))) {
        errs.add(FieldError.forbidden("data", "field is immutable when `immutable` is set"));
      }
      if (kind.equals("ConfigMap")
          && !Checks.same(obj.path("binaryData"), old.path("binaryData"))) {
        errs.add(FieldError.forbidden("binaryData", "field is immutable when `immutable` is set"));
      }
    }
  }

  private static long decodedLength(JsonNode value) {
    String text = value.asString("");
    try {
      return Base64.getDecoder().decode(text).length;
    } catch (IllegalArgumentException e) {
      return text.length();
    }
  }
}
