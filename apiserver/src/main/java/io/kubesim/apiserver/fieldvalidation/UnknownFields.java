package io.kubesim.apiserver.fieldvalidation;

import com.google.gson.annotations.SerializedName;
import io.kubesim.apiserver.openapi.OpenApi;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON fields each kind knows, from the Kubernetes Java client's model classes (the ones the
 * OpenAPI schemas are built from): a field a typed Go decoder would not recognise is unknown. Lists
 * are checked item by item, maps value by value (any key allowed); free-form values (RawExtension,
 * FieldsV1, IntOrString, Quantity, times, scalars) are not descended.
 *
 * <p>Paths read as sigs.k8s.io/json writes them in its errors: {@code spec.replica}, {@code
 * spec.template.spec.containers[0].imagePullPolcy}.
 */
public final class UnknownFields {
  private static final String MODELS = "io.kubernetes.client.openapi.models.";
  private static final Map<Class<?>, Map<String, Shape>> FIELDS = new ConcurrentHashMap<>();

  /** What a JSON value at some path may hold. */
  public sealed interface Shape {}

  /** An object of a model class: only its fields are known. */
  public record Struct(Class<?> model) implements Shape {
    /** The shape of a known field, or null when the model has no such field. */
    public Shape field(String name) {
      return fields(model).get(name);
    }
  }

  public record ListOf(Shape item) implements Shape {}

  public record MapOf(Shape value) implements Shape {}

  /** A scalar of a Go type ({@code int32}, {@code int64}, {@code bool}, {@code string}, ...). */
  public record Scalar(String goType) implements Shape {}

  /** Anything goes, nothing below is checked. */
  public record Free() implements Shape {}

  public static final Shape FREE = new Free();

  /** The Go type a model's Java scalar stands for (the API's int32 fields are Integers). */
  private static final Map<Class<?>, String> GO_SCALARS =
      Map.of(
          Integer.class, "int32",
          Long.class, "int64",
          Boolean.class, "bool",
          String.class, "string",
          Double.class, "float64",
          Float.class, "float32",
          io.kubernetes.client.custom.IntOrString.class, "intstr.IntOrString",
          io.kubernetes.client.custom.Quantity.class, "resource.Quantity");

  private UnknownFields() {}

  /** The shape of a kind's objects; empty for a kind without a model class. */
  public static Optional<Shape> of(String group, String version, String kind) {
    return OpenApi.modelClass(group, version, kind).map(Struct::new);
  }

  /** The shape a child value has under {@code name}: null when the name is unknown there. */
  public static Shape child(Shape shape, String name) {
    if (shape instanceof Struct s) {
      return s.field(name);
    }
    return shape instanceof MapOf m ? m.value() : FREE;
  }

  /** The shape of a list's items. */
  public static Shape item(Shape shape) {
    return shape instanceof ListOf l ? l.item() : FREE;
  }

  /** The paths of the unknown fields in an object of this kind, in the object's field order. */
  public static List<String> find(String group, String version, String kind, JsonNode object) {
    List<String> found = new ArrayList<>();
    of(group, version, kind).ifPresent(shape -> walk(shape, object, "", found, false));
    return found;
  }

  /** Removes the unknown fields, as decoding into the Go type drops them; returns their paths. */
  public static List<String> remove(String group, String version, String kind, JsonNode object) {
    List<String> found = new ArrayList<>();
    of(group, version, kind).ifPresent(shape -> walk(shape, object, "", found, true));
    return found;
  }

  /** {@code spec} + {@code replicas} -> {@code spec.replicas}. */
  public static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static void walk(
      Shape shape, JsonNode node, String path, List<String> found, boolean remove) {
    if (node instanceof ObjectNode object && (shape instanceof Struct || shape instanceof MapOf)) {
      for (String name : List.copyOf(object.propertyNames())) {
        Shape child = child(shape, name);
        if (child == null) {
          found.add(join(path, name));
          if (remove) {
            object.remove(name);
          }
        } else {
          walk(child, object.get(name), join(path, name), found, remove);
        }
      }
    } else if (node.isArray() && shape instanceof ListOf list) {
      for (int i = 0; i < node.size(); i++) {
        walk(list.item(), node.get(i), path + "[" + i + "]", found, remove);
      }
    }
  }

  private static Map<String, Shape> fields(Class<?> model) {
    Map<String, Shape> known = FIELDS.get(model);
    if (known == null) {
      known = new HashMap<>();
      for (Field field : model.getDeclaredFields()) {
        SerializedName json = field.getAnnotation(SerializedName.class);
        if (json != null && !Modifier.isStatic(field.getModifiers())) {
          known.put(json.value(), shape(field.getGenericType()));
        }
      }
      FIELDS.put(model, known);
    }
    return known;
  }

  private static Shape shape(Type type) {
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        return new ListOf(shape(args[0]));
      }
      if (Map.class.isAssignableFrom(raw)) {
        return new MapOf(shape(args[1]));
      }
    }
    if (type instanceof Class<?> c && c.getName().startsWith(MODELS) && !c.isEnum()) {
      return new Struct(c);
    }
    if (type instanceof Class<?> c) {
      String go = GO_SCALARS.get(c);
      if (go != null) {
        return new Scalar(go);
      }
    }
    return FREE;
  }
}
