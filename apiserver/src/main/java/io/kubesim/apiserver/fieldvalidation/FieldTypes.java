package io.kubesim.apiserver.fieldvalidation;

import io.kubesim.apiserver.fieldvalidation.UnknownFields.ListOf;
import io.kubesim.apiserver.fieldvalidation.UnknownFields.MapOf;
import io.kubesim.apiserver.fieldvalidation.UnknownFields.Scalar;
import io.kubesim.apiserver.fieldvalidation.UnknownFields.Shape;
import io.kubesim.apiserver.fieldvalidation.UnknownFields.Struct;
import io.kubesim.apiserver.resource.ResourceType;
import java.math.BigInteger;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The type check a typed Go decoder makes: a value of the wrong JSON type, or a number out of its
 * field's range, fails the request with 400 and encoding/json's text, e.g. {@code Service in
 * version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field
 * ServicePort.spec.ports.port of type int32}. {@code null} is always allowed (Go's zero value).
 */
public final class FieldTypes {
  private FieldTypes() {}

  /** Throws the decoder's 400 at the first mistyped field; returns quietly when all fit. */
  public static void check(ResourceType type, JsonNode object) {
    UnknownFields.of(type.group(), type.version(), type.kind())
        .ifPresent(shape -> walk(type, shape, object, "", null));
  }

  /**
   * {@code owner}: the model class of the struct that holds the field (its Go name if it fails).
   */
  private static void walk(
      ResourceType type, Shape shape, JsonNode node, String path, Class<?> owner) {
    if (node == null || node.isNull()) {
      return;
    }
    if (shape instanceof Struct s) {
      if (!node.isObject()) {
        fail(type, node, path, owner, goName(s.model()));
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        Shape child = s.field(e.getKey());
        if (child != null) {
          walk(type, child, e.getValue(), UnknownFields.join(path, e.getKey()), s.model());
        }
      }
    } else if (shape instanceof ListOf l) {
      if (!node.isArray()) {
        fail(type, node, path, owner, "[]" + describe(l.item()));
      }
      for (JsonNode item : node) {
        walk(type, l.item(), item, path, owner);
      }
    } else if (shape instanceof MapOf m) {
      if (!node.isObject()) {
        fail(type, node, path, owner, "map[string]" + describe(m.value()));
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        walk(type, m.value(), e.getValue(), path, owner);
      }
    } else if (shape instanceof Scalar sc && !fits(sc.goType(), node)) {
      fail(type, node, path, owner, sc.goType());
    }
  }

  private static boolean fits(String goType, JsonNode node) {
    return switch (goType) {
      case "string" -> node.isString();
      case "bool" -> node.isBoolean();
      case "int32" -> inRange(node, 31);
      case "int64" -> inRange(node, 63);
      case "intstr.IntOrString" -> node.isString() || inRange(node, 31);
      // Syntax is validation's (422 with the field); the decoder takes strings and numbers.
      case "resource.Quantity" -> node.isString() || node.isNumber();
      default -> node.isNumber();
    };
  }

  private static boolean inRange(JsonNode node, int bits) {
    if (!node.isIntegralNumber()) {
      return false;
    }
    BigInteger value = node.bigIntegerValue();
    return value.bitLength() <= bits;
  }

  private static String describe(Shape shape) {
    if (shape instanceof Scalar s) {
      return s.goType();
    }
    return shape instanceof Struct s ? goName(s.model()) : "interface {}";
  }

  /** {@code V1ServicePort} -> {@code ServicePort}: the Go type's name. */
  private static String goName(Class<?> model) {
    return model.getSimpleName().replaceFirst("^V\\d+(alpha\\d+|beta\\d+)?", "");
  }

  private static void fail(
      ResourceType type, JsonNode node, String path, Class<?> ownerModel, String goType) {
    String owner = ownerModel == null ? null : goName(ownerModel);
    String what =
        switch (node.getNodeType()) {
          case STRING -> "string";
          case BOOLEAN -> "bool";
          case ARRAY -> "array";
          case OBJECT -> "object";
          case NUMBER -> "number " + node.asString();
          default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    String field = owner == null ? "" : " Go struct field " + owner + "." + path;
    throw FieldValidation.undecodable(
        type,
        "json: cannot unmarshal "
            + what
            + " into"
            + (field.isEmpty() ? " Go value" : field)
            + " of type "
            + goType);
  }
}
