package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Namespaces start Active with the {@code kubernetes} finalizer, which the controller-manager's
 * namespace controller removes (through namespaces/x/finalize) once the namespace is empty; only
 * then does the namespace go away.
 */
final class NamespaceStrategy extends Strategy {
  NamespaceStrategy(ResourceType type) {
    super(type);
  }

  @Override
  public void prepareForCreate(ObjectNode object) {
    super.prepareForCreate(object);
    object.putObject("spec").putArray("finalizers").add("kubernetes");
    object.putObject("status").put("phase", "Active");
    labelWithName(object);
  }

  @Override
  public void prepareForUpdate(ObjectNode next, ObjectNode old) {
    super.prepareForUpdate(next, old);
    // spec.finalizers change only through the finalize subresource.
    next.set("spec", old.path("spec").isObject() ? old.get("spec").deepCopy() : Json.object());
    labelWithName(next);
  }

  /**
   * The real apiserver labels every namespace with its own name. Labels that are not an object (a
   * client error) are left as sent, for validation to reject with 422 like any other kind.
   */
  private static void labelWithName(ObjectNode object) {
    ObjectNode metadata = Meta.of(object);
    JsonNode labels = metadata.get("labels");
    if (labels == null || labels.isNull()) {
      labels = metadata.putObject("labels");
    }
    if (labels instanceof ObjectNode map) {
      map.put("kubernetes.io/metadata.name", Meta.name(object));
    }
  }
}
