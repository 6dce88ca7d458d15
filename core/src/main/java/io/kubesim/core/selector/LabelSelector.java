package io.kubesim.core.selector;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** PLACEHOLDER: being written. */
public final class LabelSelector {
  public static LabelSelector parse(String text) {
    return new LabelSelector();
  }

  public static LabelSelector fromObject(JsonNode selector) {
    return new LabelSelector();
  }

  public boolean matches(Map<String, String> labels) {
    return true;
  }

  public boolean empty() {
    return true;
  }
}
