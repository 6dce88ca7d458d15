package io.kubesim.apiserver.defaults;

import io.kubesim.apiserver.fieldvalidation.UnknownFields;
import io.kubesim.apiserver.fieldvalidation.UnknownFields.ListOf;
import io.kubesim.apiserver.fieldvalidation.UnknownFields.MapOf;
import io.kubesim.apiserver.fieldvalidation.UnknownFields.Scalar;
import io.kubesim.apiserver.fieldvalidation.UnknownFields.Shape;
import io.kubesim.apiserver.fieldvalidation.UnknownFields.Struct;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.quantity.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every resource.Quantity field in its canonical form ({@code 0.1} → {@code 100m}, {@code 1024Mi} →
 * {@code 1Gi}, {@code 1} → {@code "1"}), as the real apiserver stores it: Go decodes a quantity and
 * encodes it back canonically. The fields are found through the kind's schema, so requests, limits,
 * capacity, ResourceQuota hard and PVC storage are all covered. A value that does not parse is left
 * for validation to reject with its field.
 */
public final class Quantities {
  private Quantities() {}

  public static void canonicalise(ResourceType type, ObjectNode object) {
    UnknownFields.of(type.group(), type.version(), type.kind())
        .ifPresent(shape -> walk(shape, object));
  }

  private static void walk(Shape shape, JsonNode node) {
    if (shape instanceof Struct s && node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> e : new ArrayList<>(object.properties())) {
        Shape child = s.field(e.getKey());
        if (isQuantity(child)) {
          canonical(e.getValue()).ifPresent(text -> object.put(e.getKey(), text));
        } else if (child != null) {
          walk(child, e.getValue());
        }
      }
    } else if (shape instanceof MapOf m && node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> e : new ArrayList<>(object.properties())) {
        if (isQuantity(m.value())) {
          canonical(e.getValue()).ifPresent(text -> object.put(e.getKey(), text));
        } else {
          walk(m.value(), e.getValue());
        }
      }
    } else if (shape instanceof ListOf l && node instanceof ArrayNode array) {
      List<JsonNode> items = new ArrayList<>();
      array.forEach(items::add);
      for (int i = 0; i < items.size(); i++) {
        if (isQuantity(l.item())) {
          int index = i;
          canonical(items.get(i)).ifPresent(text -> array.set(index, array.stringNode(text)));
        } else {
          walk(l.item(), items.get(i));
        }
      }
    }
  }

  private static boolean isQuantity(Shape shape) {
    return shape instanceof Scalar s && s.goType().equals("resource.Quantity");
  }

  private static java.util.Optional<String> canonical(JsonNode value) {
    if (!value.isString() && !value.isNumber()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Quantity.parse(value.asString()).canonical());
    } catch (RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
