package io.kubesim.apiserver.patch;

import tools.jackson.databind.JsonNode;

/** RFC 7386 JSON merge patch. PLACEHOLDER: being written. */
public final class JsonMergePatch {
  private JsonMergePatch() {}

  public static JsonNode apply(JsonNode target, JsonNode patch) {
    throw new UnsupportedOperationException("not yet");
  }
}
