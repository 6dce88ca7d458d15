package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.selector.LabelSelector;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** pkg/apis/batch/validation: Job and CronJob. */
final class BatchValidation {
  private BatchValidation() {}

  static void job(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    jobSpec(errs, "spec", spec);
    JsonNode selector = spec.path("selector");
    if (!selector.isObject()) {
      errs.add(FieldError.required("spec.selector", ""));
    } else {
      SelectorValidation.validate(errs, "spec.selector", selector);
      LabelSelector parsed = SelectorValidation.parse(selector);
      JsonNode labels = spec.path("template").path("metadata").path("labels");
      if (parsed != null && !SelectorValidation.matches(parsed, labels)) {
        errs.add(
            FieldError.invalid(
                "spec.template.metadata.labels",
                GoValue.stringMap(labels),
                "`selector` does not match template `labels`"));
      }
    }
  }

  /** validateJobSpec: counts non-negative, template valid, restartPolicy OnFailure or Never. */
  static void jobSpec(List<FieldError> errs, String path, JsonNode spec) {
    Checks.nonNegative(errs, path + ".parallelism", Json.integer(spec, "parallelism"));
    Checks.nonNegative(errs, path + ".completions", Json.integer(spec, "completions"));
    Checks.nonNegative(
        errs, path + ".activeDeadlineSeconds", Json.integer(spec, "activeDeadlineSeconds"));
    Checks.nonNegative(errs, path + ".backoffLimit", Json.integer(spec, "backoffLimit"));
    Checks.nonNegative(
        errs, path + ".ttlSecondsAfterFinished", Json.integer(spec, "ttlSecondsAfterFinished"));
    if (Json.has(spec, "completionMode")) {
      String mode = Json.text(spec, "completionMode");
      if (!mode.equals("NonIndexed") && !mode.equals("Indexed")) {
        errs.add(
            FieldError.notSupported(
                path + ".completionMode", mode, List.of("NonIndexed", "Indexed")));
      }
    }
    JsonNode template = spec.path("template");
    PodSpecValidation.template(errs, path + ".template", template);
    String restart = Json.text(template.path("spec"), "restartPolicy");
    if (!restart.equals("OnFailure") && !restart.equals("Never")) {
      errs.add(
          FieldError.notSupported(
              path + ".template.spec.restartPolicy", restart, List.of("OnFailure", "Never")));
    }
  }

  /**
   * ValidateJobSpecUpdate: selector and template immutable (the template's Go value is a full
   * core.PodTemplateSpec dump; it is shortened here).
   */
  static void jobUpdate(List<FieldError> errs, JsonNode obj, JsonNode old) {
    JsonNode spec = obj.path("spec");
    JsonNode oldSpec = old.path("spec");
    if (!Checks.same(spec.path("selector"), oldSpec.path("selector"))) {
      JsonNode now = spec.path("selector");
      errs.add(
          FieldError.invalid(
              "spec.selector",
              now.isObject() ? GoValue.selector(now) : new GoValue("null"),
              Checks.IMMUTABLE));
    }
    if (!Checks.same(spec.path("template"), oldSpec.path("template"))) {
      errs.add(
          FieldError.invalid(
              "spec.template", new GoValue("core.PodTemplateSpec{...}"), Checks.IMMUTABLE));
    }
    if (!Json.text(spec, "completionMode").equals("Indexed")) {
      Long completions = Json.integer(spec, "completions");
      if (!Checks.same(spec.path("completions"), oldSpec.path("completions"))) {
        errs.add(
            FieldError.invalid(
                "spec.completions",
                completions == null ? new GoValue("null") : completions,
                Checks.IMMUTABLE));
      }
    }
  }

  static void cronJob(List<FieldError> errs, JsonNode obj) {
    String name = Json.text(obj.path("metadata"), "name");
    if (name.length() > 52) {
      errs.add(FieldError.invalid("metadata.name", name, "must be no more than 52 characters"));
    }
    JsonNode spec = obj.path("spec");
    String schedule = Json.text(spec, "schedule");
    if (schedule.isEmpty()) {
      errs.add(FieldError.required("spec.schedule", ""));
    } else {
      String err = CronSchedule.error(schedule);
      if (err != null) {
        errs.add(FieldError.invalid("spec.schedule", schedule, err));
      }
      if (schedule.contains("TZ")) {
        errs.add(
            FieldError.invalid(
                "spec.schedule",
                schedule,
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
      }
    }
    if (Json.has(spec, "timeZone")) {
      timeZone(errs, Json.text(spec, "timeZone"));
    }
    Checks.nonNegative(
        errs, "spec.startingDeadlineSeconds", Json.integer(spec, "startingDeadlineSeconds"));
    if (Json.has(spec, "concurrencyPolicy")) {
      Checks.oneOf(
          errs,
          "spec.concurrencyPolicy",
          Json.text(spec, "concurrencyPolicy"),
          List.of("Allow", "Forbid", "Replace"));
    }
    JsonNode jobTemplate = spec.path("jobTemplate");
    ObjectMetaValidation.labels(
        errs, "spec.jobTemplate.metadata.labels", jobTemplate.path("metadata").path("labels"));
    ObjectMetaValidation.annotations(
        errs,
        "spec.jobTemplate.metadata.annotations",
        jobTemplate.path("metadata").path("annotations"));
    JsonNode jobSpec = jobTemplate.path("spec");
    jobSpec(errs, "spec.jobTemplate.spec", jobSpec);
    if (jobSpec.path("selector").isObject()) {
      errs.add(
          FieldError.invalid(
              "spec.jobTemplate.spec.selector",
              GoValue.selector(jobSpec.path("selector")),
              "`selector` will be auto-generated"));
    }
    Checks.nonNegative(
        errs, "spec.successfulJobsHistoryLimit", Json.integer(spec, "successfulJobsHistoryLimit"));
    Checks.nonNegative(
        errs, "spec.failedJobsHistoryLimit", Json.integer(spec, "failedJobsHistoryLimit"));
  }

  /**
   * validateTimeZone: a non-empty IANA name made of letters, digits and {@code _ - +}, not Local,
   * that the zone database knows.
   */
  private static void timeZone(List<FieldError> errs, String zone) {
    String path = "spec.timeZone";
    if (zone.isEmpty()) {
      errs.add(FieldError.invalid(path, zone, "timeZone must be nil or non-empty string"));
      return;
    }
    for (String part : zone.split("/", -1)) {
      if (part.equals(".")
          || part.equals("..")
          || part.startsWith("-")
          || !part.matches("[A-Za-z.\\-_0-9+]{1,14}")) {
        errs.add(FieldError.invalid(path, zone, "unknown time zone " + zone));
        return;
      }
    }
    if (zone.equalsIgnoreCase("Local")) {
      errs.add(
          FieldError.invalid(
              path,
              zone,
              "timeZone must be an explicit time zone as defined in"
                  + " https://www.iana.org/time-zones"));
    }
    try {
      io.kubesim.core.cron.TimeZones.load(zone);
    } catch (io.kubesim.core.cron.CronException e) {
      errs.add(FieldError.invalid(path, zone, e.getMessage()));
    }
  }
}
