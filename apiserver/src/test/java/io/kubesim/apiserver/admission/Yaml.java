package io.kubesim.apiserver.admission;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** Test objects written as YAML, and the message of the Status a call throws. */
final class Yaml {
  static final ResourceType PODS = Resources.find("", "v1", "pods").get();
  static final ResourceType CLAIMS = Resources.find("", "v1", "persistentvolumeclaims").get();

  private Yaml() {}

  static ObjectNode of(String yaml) {
    return (ObjectNode) Json.YAML.readTree(yaml);
  }

  /** The Status message the action throws, or null when it throws nothing. */
  static String refusal(Runnable action) {
    try {
      action.run();
      return null;
    } catch (ApiException e) {
      return e.status().path("message").asString();
    }
  }
}
