package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.api.FieldError;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Job without {@code spec.manualSelector: true} gets its selector generated on create, as the
 * real jobStrategy.Validate does (generateSelector): the template gains the {@code job-name} and
 * {@code controller-uid} labels (legacy and {@code batch.kubernetes.io/} forms) and the selector
 * matches {@code batch.kubernetes.io/controller-uid}.
 */
final class JobStrategy extends Strategy {
  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  static final String LEGACY_CONTROLLER_UID = "controller-uid";
  static final String JOB_NAME = "batch.kubernetes.io/job-name";
  static final String LEGACY_JOB_NAME = "job-name";

  JobStrategy(ResourceType type) {
    super(type);
  }

  @Override
  public List<FieldError> validate(ObjectNode object, ObjectNode old) {
    if (old == null && !object.path("spec").path("manualSelector").asBoolean(false)) {
      generateSelector(object);
    }
    return super.validate(object, old);
  }

  static void generateSelector(ObjectNode job) {
    if (!(job.get("spec") instanceof ObjectNode spec)) {
      return;
    }
    ObjectNode metadata = Meta.of(job);
    String name = metadata.path("name").asString("");
    String uid = metadata.path("uid").asString("");
    ObjectNode template = object(spec, "template");
    ObjectNode templateLabels = object(object(template, "metadata"), "labels");
    JsonNode before = templateLabels.deepCopy();
    for (String key : List.of(LEGACY_JOB_NAME, JOB_NAME)) {
      if (!templateLabels.has(key)) {
        templateLabels.put(key, name);
      }
    }
    for (String key : List.of(LEGACY_CONTROLLER_UID, CONTROLLER_UID)) {
      if (!templateLabels.has(key)) {
        templateLabels.put(key, uid);
      }
    }
    ObjectNode matchLabels = object(object(spec, "selector"), "matchLabels");
    if (!matchLabels.has(CONTROLLER_UID)) {
      matchLabels.put(CONTROLLER_UID, uid);
    }
    // SetDefaults_Job makes metadata.labels the template's labels when the job has none; in Go
    // they share one map, and every read re-applies the defaults, so the job shows the generated
    // labels too.
    JsonNode labels = metadata.path("labels");
    if (labels.isMissingNode() || labels.isNull() || labels.isEmpty() || labels.equals(before)) {
      metadata.set("labels", templateLabels.deepCopy());
    }
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    if (parent.get(field) instanceof ObjectNode child) {
      return child;
    }
    return parent.putObject(field);
  }
}
