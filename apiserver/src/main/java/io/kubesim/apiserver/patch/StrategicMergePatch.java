package io.kubesim.apiserver.patch;

import tools.jackson.databind.JsonNode;

/** Kubernetes strategic merge patch. PLACEHOLDER: being written. */
public final class StrategicMergePatch {
  private StrategicMergePatch() {}

  public static boolean supports(String group, String kind) {
    return false;
  }

  public static JsonNode apply(JsonNode target, JsonNode patch, String group, String kind) {
    throw new UnsupportedOperationException("not yet");
  }
}
