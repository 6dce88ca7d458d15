package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.selector.LabelValidation;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** kube-aggregator pkg/apis/apiregistration/validation: ValidateAPIService and its status. */
final class ApiServiceValidation {
  static final String KEY = "apiregistration.k8s.io/APIService";

  private ApiServiceValidation() {}

  /** The name rule: a path segment that must be {@code spec.version + "." + spec.group}. */
  static Function<String, List<String>> nameCheck(JsonNode obj) {
    JsonNode spec = obj.path("spec");
    String required = Json.text(spec, "version") + "." + Json.text(spec, "group");
    return name -> {
      List<String> errors = NameValidation.check(NameValidation.Rule.PATH_SEGMENT, name);
      if (!errors.isEmpty()) {
        return errors;
      }
      return name.equals(required)
          ? List.of()
          : List.of(
              "must be `spec.version+\".\"+spec.group`: " + LabelValidation.goQuote(required));
    };
  }

  static void apiService(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    String group = Json.text(spec, "group");
    String version = Json.text(spec, "version");
    if (group.isEmpty() && !version.equals("v1")) {
      errs.add(
          FieldError.required(
              "spec.group", "only v1 may have an empty group and it better be legacy kube"));
    }
    if (!group.isEmpty()) {
      for (String msg : NameValidation.check(NameValidation.Rule.SUBDOMAIN, group)) {
        errs.add(FieldError.invalid("spec.group", group, msg));
      }
    }
    for (String msg : NameValidation.check(NameValidation.Rule.DNS1035, version)) {
      errs.add(FieldError.invalid("spec.version", version, msg));
    }
    long groupPriority = spec.path("groupPriorityMinimum").asLong(0);
    if (groupPriority <= 0 || groupPriority > 20000) {
      errs.add(
          FieldError.invalid(
              "spec.groupPriorityMinimum", groupPriority, "must be positive and less than 20000"));
    }
    long versionPriority = spec.path("versionPriority").asLong(0);
    if (versionPriority <= 0 || versionPriority > 1000) {
      errs.add(
          FieldError.invalid(
              "spec.versionPriority", versionPriority, "must be positive and less than 1000"));
    }
    int caBundle = bytes(Json.text(spec, "caBundle"));
    boolean insecure = spec.path("insecureSkipTLSVerify").asBoolean(false);
    JsonNode service = spec.path("service");
    if (!service.isObject()) {
      if (caBundle != 0) {
        errs.add(
            FieldError.invalid(
                "spec.caBundle", caBundle + " bytes", "local APIServices may not have a caBundle"));
      }
      if (insecure) {
        errs.add(
            FieldError.invalid(
                "spec.insecureSkipTLSVerify",
                true,
                "local APIServices may not have insecureSkipTLSVerify"));
      }
    } else {
      backingService(errs, service, insecure, caBundle);
    }
    conditions(errs, obj.path("status").path("conditions"));
  }

  private static void backingService(
      List<FieldError> errs, JsonNode service, boolean insecure, int caBundle) {
    if (Json.text(service, "namespace").isEmpty()) {
      errs.add(FieldError.required("spec.service.namespace", ""));
    }
    if (Json.text(service, "name").isEmpty()) {
      errs.add(FieldError.required("spec.service.name", ""));
    }
    long port = service.path("port").asLong(443);
    if (port < 1 || port > 65535) {
      errs.add(
          FieldError.invalid(
              "spec.service.port",
              port,
              "port is not valid: must be between 1 and 65535, inclusive"));
    }
    if (insecure && caBundle > 0) {
      errs.add(
          FieldError.invalid(
              "spec.insecureSkipTLSVerify", true, "may not be true if caBundle is present"));
    }
  }

  /** ValidateAPIServiceStatus: what the status subresource may write. */
  private static void conditions(List<FieldError> errs, JsonNode conditions) {
    List<JsonNode> items = Json.items(conditions);
    for (int i = 0; i < items.size(); i++) {
      String status = Json.text(items.get(i), "status");
      if (!List.of("True", "False", "Unknown").contains(status)) {
        errs.add(
            FieldError.notSupported(
                "status.conditions[" + i + "].status",
                status,
                List.of("True", "False", "Unknown")));
      }
    }
  }

  /** The length of a []byte field, base64 in JSON. */
  private static int bytes(String base64) {
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      return base64.length() * 3 / 4;
    }
  }
}
