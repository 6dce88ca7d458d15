package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.selector.LabelSelector;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** pkg/apis/apps/validation: Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision. */
final class WorkloadValidation {
  private WorkloadValidation() {}

  private static final Pattern PERCENT = Pattern.compile("^[0-9]+%$");

  static void deployment(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    Checks.nonNegative(errs, "spec.replicas", Json.integer(spec, "replicas"));
    selectorAndTemplate(errs, spec, "deployment", true);
    strategy(errs, spec.path("strategy"));
    Long minReady = Json.integer(spec, "minReadySeconds");
    Checks.nonNegative(errs, "spec.minReadySeconds", minReady);
    Checks.nonNegative(
        errs, "spec.revisionHistoryLimit", Json.integer(spec, "revisionHistoryLimit"));
    Long progress = Json.integer(spec, "progressDeadlineSeconds");
    if (progress != null) {
      Checks.nonNegative(errs, "spec.progressDeadlineSeconds", progress);
      if (progress <= (minReady == null ? 0 : minReady)) {
        errs.add(
            FieldError.invalid(
                "spec.progressDeadlineSeconds", progress, "must be greater than minReadySeconds"));
      }
    }
  }

  static void replicaSet(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    Checks.nonNegative(errs, "spec.replicas", Json.integer(spec, "replicas"));
    Checks.nonNegative(errs, "spec.minReadySeconds", Json.integer(spec, "minReadySeconds"));
    selectorAndTemplate(errs, spec, "deployment", true);
  }

  static void statefulSet(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    if (Json.has(spec, "podManagementPolicy")) {
      String policy = Json.text(spec, "podManagementPolicy");
      if (!policy.equals("OrderedReady") && !policy.equals("Parallel")) {
        errs.add(
            FieldError.invalid(
                "spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
      }
    }
    JsonNode strategy = spec.path("updateStrategy");
    String type = Json.text(strategy, "type");
    if (Json.has(spec, "updateStrategy") && !type.isEmpty()) {
      switch (type) {
        case "OnDelete", "RollingUpdate" -> {
          JsonNode ru = strategy.path("rollingUpdate");
          if (type.equals("RollingUpdate") && ru.isObject()) {
            Checks.nonNegative(
                errs, "spec.updateStrategy.rollingUpdate.partition", Json.integer(ru, "partition"));
          }
        }
        default ->
            errs.add(
                FieldError.invalid(
                    "spec.updateStrategy",
                    new GoValue(
                        "apps.StatefulSetUpdateStrategy{Type:"
                            + io.kubesim.core.selector.LabelValidation.goQuote(type)
                            + ", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}"),
                    "must be 'RollingUpdate' or 'OnDelete'"));
      }
    }
    JsonNode retention = spec.path("persistentVolumeClaimRetentionPolicy");
    if (retention.isObject()) {
      for (String when : List.of("whenDeleted", "whenScaled")) {
        String policy = Json.text(retention, when);
        if (!policy.equals("Retain") && !policy.equals("Delete")) {
          errs.add(
              FieldError.notSupported(
                  "spec.persistentVolumeClaimRetentionPolicy." + when,
                  policy,
                  List.of("Retain", "Delete")));
        }
      }
    }
    Checks.nonNegative(errs, "spec.replicas", Json.integer(spec, "replicas"));
    Checks.nonNegative(errs, "spec.minReadySeconds", Json.integer(spec, "minReadySeconds"));
    if (spec.path("ordinals").isObject()) {
      Checks.nonNegative(errs, "spec.ordinals.start", Json.integer(spec.path("ordinals"), "start"));
    }
    selectorAndTemplate(errs, spec, "statefulset", false);
    if (Json.has(spec.path("template").path("spec"), "activeDeadlineSeconds")) {
      errs.add(
          FieldError.forbidden(
              "spec.template.spec.activeDeadlineSeconds",
              "activeDeadlineSeconds in StatefulSet is not Supported"));
    }
  }

  static void daemonSet(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    JsonNode selector = spec.path("selector");
    SelectorValidation.validate(errs, "spec.selector", selector);
    LabelSelector parsed = selector.isObject() ? SelectorValidation.parse(selector) : null;
    JsonNode labels = spec.path("template").path("metadata").path("labels");
    if (selector.isObject() && parsed != null && !SelectorValidation.matches(parsed, labels)) {
      errs.add(
          FieldError.invalid(
              "spec.template.metadata.labels",
              GoValue.stringMap(labels),
              "`selector` does not match template `labels`"));
    }
    if (!selector.isObject()) {
      errs.add(FieldError.required("spec.selector", ""));
    } else if (SelectorValidation.empty(selector)) {
      errs.add(
          FieldError.invalid(
              "spec.selector",
              GoValue.selector(selector),
              "empty selector is invalid for daemonset"));
    }
    PodSpecValidation.template(errs, "spec.template", spec.path("template"));
    restartAlways(errs, spec);
    Checks.nonNegative(errs, "spec.minReadySeconds", Json.integer(spec, "minReadySeconds"));
    JsonNode strategy = spec.path("updateStrategy");
    if (Json.has(spec, "updateStrategy")) {
      String type = Json.text(strategy, "type");
      switch (type) {
        case "OnDelete" -> {}
        case "RollingUpdate" -> {
          JsonNode ru = strategy.path("rollingUpdate");
          if (!ru.isObject()) {
            errs.add(FieldError.required("spec.updateStrategy.rollingUpdate", ""));
          } else {
            String p = "spec.updateStrategy.rollingUpdate";
            intOrPercent(errs, p + ".maxUnavailable", ru.get("maxUnavailable"));
            intOrPercent(errs, p + ".maxSurge", ru.get("maxSurge"));
            notOver100(errs, p + ".maxUnavailable", ru.get("maxUnavailable"));
            notOver100(errs, p + ".maxSurge", ru.get("maxSurge"));
            boolean unavailable = value(ru.get("maxUnavailable")) != 0;
            boolean surge = value(ru.get("maxSurge")) != 0;
            if (unavailable && surge) {
              errs.add(
                  FieldError.invalid(
                      p + ".maxSurge",
                      GoValue.intOrString(ru.get("maxSurge")),
                      "may not be set when maxUnavailable is non-zero"));
            } else if (!unavailable && !surge) {
              errs.add(
                  FieldError.required(p + ".maxUnavailable", "cannot be 0 when maxSurge is 0"));
            }
          }
        }
        default ->
            errs.add(
                FieldError.notSupported(
                    "spec.updateStrategy",
                    new GoValue(
                        "apps.DaemonSetUpdateStrategy{Type:"
                            + io.kubesim.core.selector.LabelValidation.goQuote(type)
                            + ", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}"),
                    List.of("RollingUpdate", "OnDelete")));
      }
    }
    Checks.nonNegative(
        errs, "spec.revisionHistoryLimit", Json.integer(spec, "revisionHistoryLimit"));
  }

  /** The apps/v1 update rule of the registry strategies: the selector may not change. */
  static void selectorImmutable(List<FieldError> errs, JsonNode obj, JsonNode old) {
    JsonNode now = obj.path("spec").path("selector");
    JsonNode before = old.path("spec").path("selector");
    if (!Checks.same(now, before)) {
      errs.add(
          FieldError.invalid(
              "spec.selector",
              now.isObject() ? GoValue.selector(now) : new GoValue("nil"),
              Checks.IMMUTABLE));
    }
  }

  /** StatefulSet spec fields other than the mutable ones may not change. */
  static void statefulSetUpdate(List<FieldError> errs, JsonNode obj, JsonNode old) {
    tools.jackson.databind.node.ObjectNode now = copySpec(obj);
    tools.jackson.databind.node.ObjectNode before = copySpec(old);
    for (String mutable :
        List.of(
            "replicas",
            "ordinals",
            "template",
            "updateStrategy",
            "persistentVolumeClaimRetentionPolicy",
            "minReadySeconds",
            "revisionHistoryLimit")) {
      now.remove(mutable);
      before.remove(mutable);
    }
    if (!Checks.same(now, before)) {
      errs.add(
          FieldError.forbidden(
              "spec",
              "updates to statefulset spec for fields other than 'replicas', 'ordinals',"
                  + " 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and"
                  + " 'minReadySeconds' are forbidden"));
    }
  }

  private static tools.jackson.databind.node.ObjectNode copySpec(JsonNode obj) {
    JsonNode spec = obj.path("spec");
    return spec.isObject()
        ? ((tools.jackson.databind.node.ObjectNode) spec).deepCopy()
        : io.kubesim.core.json.Json.object();
  }

  /** Selector required and non-empty, template labels match it, template valid, restart Always. */
  private static void selectorAndTemplate(
      List<FieldError> errs, JsonNode spec, String what, boolean replicaSetStyle) {
    JsonNode selector = spec.path("selector");
    if (!selector.isObject()) {
      errs.add(FieldError.required("spec.selector", ""));
    } else {
      SelectorValidation.validate(errs, "spec.selector", selector);
      if (SelectorValidation.empty(selector)) {
        errs.add(
            FieldError.invalid(
                "spec.selector",
                GoValue.selector(selector),
                "empty selector is invalid for " + what));
      }
    }
    LabelSelector parsed = selector.isObject() ? SelectorValidation.parse(selector) : null;
    if (selector.isObject() && parsed == null) {
      errs.add(
          FieldError.invalid(
              "spec.selector",
              GoValue.selector(selector),
              replicaSetStyle ? "invalid label selector" : ""));
      return;
    }
    JsonNode template = spec.path("template");
    if (parsed != null && !parsed.empty()) {
      JsonNode labels = template.path("metadata").path("labels");
      if (!SelectorValidation.matches(parsed, labels)) {
        errs.add(
            FieldError.invalid(
                "spec.template.metadata.labels",
                GoValue.stringMap(labels),
                "`selector` does not match template `labels`"));
      }
    }
    if (what.equals("statefulset")) {
      // ValidatePodTemplateSpecForStatefulSet leaves the pod spec unchecked (its volumes would not
      // name the claim templates' volumes the controller adds); the pods are checked when made
      PodSpecValidation.templateMetadata(errs, "spec.template", template);
    } else {
      PodSpecValidation.template(errs, "spec.template", template);
    }
    restartAlways(errs, spec);
  }

  private static void restartAlways(List<FieldError> errs, JsonNode spec) {
    JsonNode podSpec = spec.path("template").path("spec");
    String restart = Json.text(podSpec, "restartPolicy");
    if (Json.has(podSpec, "restartPolicy") && !restart.equals("Always")) {
      errs.add(
          FieldError.notSupported("spec.template.spec.restartPolicy", restart, List.of("Always")));
    }
  }

  private static void strategy(List<FieldError> errs, JsonNode strategy) {
    if (strategy.isMissingNode() || strategy.isNull()) {
      return; // defaulted to RollingUpdate 25%/25% by the apiserver
    }
    String type = Json.text(strategy, "type");
    JsonNode ru = strategy.path("rollingUpdate");
    switch (type) {
      case "Recreate" -> {
        if (ru.isObject()) {
          errs.add(
              FieldError.forbidden(
                  "spec.strategy.rollingUpdate",
                  "may not be specified when strategy `type` is 'Recreate'"));
        }
      }
      case "RollingUpdate" -> {
        if (!ru.isObject()) {
          return; // defaulted
        }
        String p = "spec.strategy.rollingUpdate";
        JsonNode unavailable = ru.get("maxUnavailable");
        JsonNode surge = ru.get("maxSurge");
        intOrPercent(errs, p + ".maxUnavailable", unavailable);
        intOrPercent(errs, p + ".maxSurge", surge);
        if (value(unavailable) == 0 && value(surge) == 0) {
          errs.add(
              FieldError.invalid(
                  p + ".maxUnavailable",
                  GoValue.intOrString(unavailable == null ? zero() : unavailable),
                  "may not be 0 when `maxSurge` is 0"));
        }
        notOver100(errs, p + ".maxUnavailable", unavailable);
      }
      default ->
          errs.add(
              FieldError.notSupported(
                  "spec.strategy",
                  new GoValue(
                      "apps.DeploymentStrategy{Type:"
                          + io.kubesim.core.selector.LabelValidation.goQuote(type)
                          + ", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}"),
                  List.of("Recreate", "RollingUpdate")));
    }
  }

  private static JsonNode zero() {
    return io.kubesim.core.json.Json.NODES.numberNode(0);
  }

  /** ValidatePositiveIntOrPercent. */
  static void intOrPercent(List<FieldError> errs, String path, JsonNode v) {
    if (v == null || v.isNull()) {
      return;
    }
    if (v.isNumber()) {
      Checks.nonNegative(errs, path, v.asLong());
    } else if (!PERCENT.matcher(v.asString("")).matches()) {
      errs.add(
          FieldError.invalid(
              path,
              GoValue.intOrString(v),
              "a valid percent string must be a numeric string followed by an ending '%' (e.g."
                  + " '1%',  or '93%', regex used for validation is '[0-9]+%')"));
    }
  }

  static void notOver100(List<FieldError> errs, String path, JsonNode v) {
    if (v != null && v.isString() && PERCENT.matcher(v.asString()).matches()) {
      if (percent(v) > 100) {
        errs.add(FieldError.invalid(path, GoValue.intOrString(v), "must not be greater than 100%"));
      }
    }
  }

  private static long percent(JsonNode v) {
    String s = v.asString();
    try {
      return Long.parseLong(s.substring(0, s.length() - 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** getIntOrPercentValue: the percent number, the int, or 0 for an unparsable string. */
  static long value(JsonNode v) {
    if (v == null || v.isNull()) {
      return 0;
    }
    if (v.isNumber()) {
      return v.asLong();
    }
    if (PERCENT.matcher(v.asString("")).matches()) {
      return percent(v);
    }
    return 0;
  }

  /** ValidateControllerRevision: the data is mandatory, the revision not negative. */
  static void controllerRevision(List<FieldError> errs, JsonNode obj) {
    JsonNode data = obj.get("data");
    if (data == null || data.isNull()) {
      errs.add(FieldError.required("data", "data is mandatory"));
    }
    Checks.nonNegative(errs, "revision", Json.integer(obj, "revision"));
  }

  /**
   * ValidateControllerRevisionUpdate: the data never changes (the DaemonSet and StatefulSet
   * controllers renumber a revision, never rewrite it).
   */
  static void controllerRevisionUpdate(List<FieldError> errs, JsonNode obj, JsonNode old) {
    if (!Checks.same(obj.get("data"), old.get("data"))) {
      errs.add(FieldError.invalid("data", new GoValue("runtime.Object{...}"), Checks.IMMUTABLE));
    }
  }
}
