package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.resource.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * dropStatefulSetDisabledFields: {@code spec.updateStrategy.rollingUpdate.maxUnavailable} belongs
 * to the MaxUnavailableStatefulSet feature, alpha and off in 1.32, so the apiserver drops it from
 * what a client sends, unless the stored object already uses it (set while the gate was on).
 */
final class StatefulSetStrategy extends Strategy {
  StatefulSetStrategy(ResourceType type) {
    super(type);
  }

  @Override
  public void prepareForCreate(ObjectNode object) {
    super.prepareForCreate(object);
    dropMaxUnavailable(object);
  }

  @Override
  public void prepareForUpdate(ObjectNode next, ObjectNode old) {
    super.prepareForUpdate(next, old);
    JsonNode used = maxUnavailable(old);
    if (!used.isMissingNode() && !used.isNull()) {
      return;
    }
    dropMaxUnavailable(next);
  }

  private static JsonNode maxUnavailable(JsonNode statefulSet) {
    return statefulSet
        .path("spec")
        .path("updateStrategy")
        .path("rollingUpdate")
        .path("maxUnavailable");
  }

  private static void dropMaxUnavailable(ObjectNode statefulSet) {
    if (statefulSet.path("spec").path("updateStrategy").get("rollingUpdate")
        instanceof ObjectNode rollingUpdate) {
      rollingUpdate.remove("maxUnavailable");
    }
  }
}
