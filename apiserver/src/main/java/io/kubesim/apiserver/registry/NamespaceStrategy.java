package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Namespaces start Active with the {@code kubernetes} finalizer, which the namespace finalizer
 * removes once the namespace is empty; only then does the namespace go away.
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
    // The real apiserver labels every namespace with its own name.
    ObjectNode labels =
        Meta.of(object).has("labels")
            ? (ObjectNode) Meta.of(object).get("labels")
            : Meta.of(object).putObject("labels");
    labels.put("kubernetes.io/metadata.name", Meta.name(object));
  }

  @Override
  public void prepareForUpdate(ObjectNode next, ObjectNode old) {
    super.prepareForUpdate(next, old);
    // spec.finalizers change only through the finalize subresource.
    next.set("spec", old.path("spec").isObject() ? old.get("spec").deepCopy() : Json.object());
    ObjectNode labels =
        Meta.of(next).has("labels")
            ? (ObjectNode) Meta.of(next).get("labels")
            : Meta.of(next).putObject("labels");
    labels.put("kubernetes.io/metadata.name", Meta.name(next));
  }
}
