package io.kubesim.core.selector;

import java.util.List;
import java.util.function.Function;

/** PLACEHOLDER: being written. */
public final class FieldSelector {
  public record Requirement(String field, String operator, String value) {}

  public static FieldSelector parse(String text) {
    return new FieldSelector();
  }

  public List<Requirement> requirements() {
    return List.of();
  }

  public boolean matches(Function<String, String> valueOf) {
    return true;
  }

  public boolean empty() {
    return true;
  }
}
