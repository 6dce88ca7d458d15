package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.resource.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A DaemonSet's template generation, which the real apiserver keeps in the internal
 * spec.templateGeneration and shows in apps/v1 as the annotation {@value #TEMPLATE_GENERATION}: 1
 * on create (or what the client set, when higher), the stored value on every update, plus one when
 * the update changes spec.template. A client never sets it on update; its status writes keep it
 * too. The DaemonSet controller labels each pod with it ({@code pod-template-generation}).
 */
final class DaemonSetStrategy extends Strategy {
  static final String TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

  DaemonSetStrategy(ResourceType type) {
    super(type);
  }

  @Override
  public void prepareForCreate(ObjectNode object) {
    super.prepareForCreate(object);
    setGeneration(Meta.of(object), Math.max(1, generation(Meta.of(object))));
  }

  @Override
  public void prepareForUpdate(ObjectNode next, ObjectNode old) {
    super.prepareForUpdate(next, old);
    long generation = generation(Meta.of(old));
    if (!next.path("spec").path("template").equals(old.path("spec").path("template"))) {
      generation++;
    }
    setGeneration(Meta.of(next), generation);
  }

  @Override
  public void prepareForStatusUpdate(ObjectNode metadata, ObjectNode old) {
    super.prepareForStatusUpdate(metadata, old);
    setGeneration(metadata, generation(old));
  }

  /** The annotation as a number; 0 when absent or not a number. */
  private static long generation(ObjectNode metadata) {
    JsonNode value = metadata.path("annotations").path(TEMPLATE_GENERATION);
    try {
      return Long.parseLong(value.asString(""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void setGeneration(ObjectNode metadata, long generation) {
    JsonNode annotations = metadata.get("annotations");
    ObjectNode map =
        annotations instanceof ObjectNode existing ? existing : metadata.putObject("annotations");
    map.put(TEMPLATE_GENERATION, Long.toString(generation));
  }
}
