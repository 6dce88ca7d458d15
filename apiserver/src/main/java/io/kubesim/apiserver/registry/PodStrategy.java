package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** A new pod starts Pending; the scheduler and the kubelet move it on. */
final class PodStrategy extends Strategy {
  PodStrategy(ResourceType type) {
    super(type);
  }

  @Override
  protected ObjectNode initialStatus() {
    ObjectNode status = Json.object();
    status.put("phase", "Pending");
    return status;
  }
}
