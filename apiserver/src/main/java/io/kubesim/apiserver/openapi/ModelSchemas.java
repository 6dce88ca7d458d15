package io.kubesim.apiserver.openapi;

import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.V1Patch;
import io.kubesim.core.json.Json;
import io.swagger.annotations.ApiModel;
import io.swagger.annotations.ApiModelProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI v3 component schemas derived by reflection from the official Kubernetes Java client's
 * model classes ({@code io.kubernetes:client-java-api}, Kubernetes 1.32). Each model field carries
 * its JSON name in {@code @SerializedName} and the API's own documentation in
 * {@code @ApiModelProperty} on its getter; the class carries its description in {@code @ApiModel}.
 * Nothing here describes a kind by hand.
 *
 * <p>The Java client flattens every Go package into one Java package, so the real schema names
 * ({@code io.k8s.api.apps.v1.DeploymentSpec}) are reconstructed: a class prefixed with its group
 * ({@code CoreV1Event}, {@code EventsV1Event}) names its package, the few apimachinery {@code
 * meta/v1} types are listed in {@link #META_TYPES}, and any other class belongs to the package of
 * the first kind that reaches it, kinds being walked core first (so {@code PodTemplateSpec},
 * reached from the core {@code PodTemplate}, is {@code io.k8s.api.core.v1.PodTemplateSpec}, not
 * apps).
 */
final class ModelSchemas {
  static final String MODELS = "io.kubernetes.client.openapi.models.";
  static final String REF = "#/components/schemas/";
  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  static final String TIME = META + "Time";
  static final String PATCH = META + "Patch";
  static final String STATUS = META + "Status";
  static final String DELETE_OPTIONS = META + "DeleteOptions";
  static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

  /** Types of k8s.io/apimachinery/pkg/apis/meta/v1 that the served kinds reach. */
  static final Set<String> META_TYPES =
      Set.of(
          "ObjectMeta",
          "ListMeta",
          "LabelSelector",
          "LabelSelectorRequirement",
          "ManagedFieldsEntry",
          "OwnerReference",
          "Condition",
          "Status",
          "StatusDetails",
          "StatusCause",
          "DeleteOptions",
          "Preconditions");

  private static final Pattern CLASS_NAME =
      Pattern.compile("^([A-Z][a-z]+)?(V\\d+(?:(?:alpha|beta)\\d+)?)([A-Z]\\w*)$");

  private final Map<Class<?>, String> names = new HashMap<>();
  private final Map<String, ObjectNode> schemas = new LinkedHashMap<>();
  private final Map<String, Set<String>> references = new HashMap<>();

  ModelSchemas() {
    scalar(
        TIME,
        "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.",
        s -> s.put("type", "string").put("format", "date-time"));
    scalar(
        INT_OR_STRING,
        "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML"
            + " marshalling and unmarshalling, it produces or consumes the inner type.",
        s -> {
          // oneOf rather than a type, as kube-openapi writes it, so kubectl explain shows the
          // field as <IntOrString> rather than <string>.
          ArrayNode oneOf = s.putArray("oneOf");
          oneOf.addObject().put("type", "integer");
          oneOf.addObject().put("type", "string");
          s.put("format", "int-or-string").put("x-kubernetes-int-or-string", true);
        });
    scalar(
        QUANTITY,
        "Quantity is a fixed-point representation of a number. It provides convenient"
            + " marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64()"
            + " accessors.",
        s -> {
          ArrayNode oneOf = s.putArray("oneOf");
          oneOf.addObject().put("type", "string");
          oneOf.addObject().put("type", "number");
        });
    scalar(
        PATCH,
        "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
        s -> s.put("type", "object"));
  }

  private void scalar(String name, String description, java.util.function.Consumer<ObjectNode> f) {
    ObjectNode s = Json.object();
    s.put("description", description);
    f.accept(s);
    schemas.put(name, s);
    references.put(name, Set.of());
  }

  /**
   * The model class of a kind: {@code V1Deployment}, or the group-prefixed one where the client
   * disambiguates ({@code CoreV1Event}, {@code EventsV1Event}).
   */
  static Optional<Class<?>> modelClass(String group, String version, String kind) {
    // Cached: every write looks its kind's class up, and a failed Class.forName throws.
    return MODEL_CLASSES.computeIfAbsent(
        group + "/" + version + "/" + kind, k -> findModelClass(group, version, kind));
  }

  private static final Map<String, Optional<Class<?>>> MODEL_CLASSES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Optional<Class<?>> findModelClass(String group, String version, String kind) {
    String v = version.substring(0, 1).toUpperCase(Locale.ROOT) + version.substring(1);
    String word = group.isEmpty() ? "core" : group.split("\\.")[0];
    String prefixed = word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    for (String candidate : List.of(prefixed + v + kind, v + kind)) {
      try {
        return Optional.of(Class.forName(MODELS + candidate));
      } catch (ClassNotFoundException e) {
        // try the next spelling
      }
    }
    return Optional.empty();
  }

  /** Walks a kind's class (and everything it reaches) and returns its schema name. */
  String walk(Class<?> model, String group) {
    return name(model, goPackage(group));
  }

  /** Tags a schema with the group-version-kind kubectl looks it up by. */
  void tag(String schema, String group, String version, String kind) {
    ObjectNode s = schemas.get(schema);
    ArrayNode gvks =
        s.has("x-kubernetes-group-version-kind")
            ? (ArrayNode) s.get("x-kubernetes-group-version-kind")
            : s.putArray("x-kubernetes-group-version-kind");
    for (var existing : gvks) {
      if (existing.path("group").asString().equals(group)
          && existing.path("version").asString().equals(version)
          && existing.path("kind").asString().equals(kind)) {
        return;
      }
    }
    gvks.addObject().put("group", group).put("kind", kind).put("version", version);
  }

  /** The named schemas reachable from these, each once, in a stable order. */
  Map<String, ObjectNode> closure(Collection<String> roots) {
    Set<String> seen = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (seen.add(name)) {
        todo.addAll(references.getOrDefault(name, Set.of()));
      }
    }
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    for (String name : seen) {
      out.put(name, schemas.get(name));
    }
    return out;
  }

  ObjectNode schema(String name) {
    return schemas.get(name);
  }

  static String goPackage(String group) {
    return "io.k8s.api." + (group.isEmpty() ? "core" : group.split("\\.")[0]);
  }

  private String name(Class<?> model, String ownerPackage) {
    String known = names.get(model);
    if (known != null) {
      return known;
    }
    Matcher m = CLASS_NAME.matcher(model.getSimpleName());
    if (!m.matches()) {
      throw new IllegalStateException("not a Kubernetes model class: " + model);
    }
    String version = m.group(2).toLowerCase(Locale.ROOT);
    String simple = m.group(3);
    String name;
    if (META_TYPES.contains(simple) && version.equals("v1")) {
      name = META + simple;
    } else if (m.group(1) != null) {
      name = "io.k8s.api." + m.group(1).toLowerCase(Locale.ROOT) + "." + version + "." + simple;
    } else {
      name = ownerPackage + "." + version + "." + simple;
    }
    names.put(model, name);
    String pkg = name.substring(0, name.lastIndexOf('.', name.lastIndexOf('.') - 1));
    Set<String> refs = new LinkedHashSet<>();
    references.put(name, refs);
    ObjectNode schema = Json.object();
    schemas.put(name, schema);
    build(model, name, schema, pkg, refs);
    return name;
  }

  private void build(Class<?> model, String name, ObjectNode schema, String pkg, Set<String> refs) {
    ApiModel doc = model.getAnnotation(ApiModel.class);
    if (doc != null && !doc.description().isEmpty()) {
      schema.put("description", doc.description());
    }
    Map<String, ApiModelProperty> getters = new HashMap<>();
    for (Method method : model.getDeclaredMethods()) {
      ApiModelProperty p = method.getAnnotation(ApiModelProperty.class);
      if (p != null) {
        getters.put(method.getName().toLowerCase(Locale.ROOT), p);
      }
    }
    Set<String> required = new LinkedHashSet<>(requiredFields(model));
    ObjectNode properties = Json.object();
    for (Field field : model.getDeclaredFields()) {
      SerializedName json = field.getAnnotation(SerializedName.class);
      if (json == null || Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      String bare = field.getName().replace("_", "").replace("$", "");
      ApiModelProperty p = getters.get("get" + bare.toLowerCase(Locale.ROOT));
      if (p == null) {
        p = getters.get("is" + bare.toLowerCase(Locale.ROOT));
      }
      ObjectNode property = property(field.getGenericType(), pkg, refs);
      if (p != null && !p.value().isEmpty()) {
        property.put("description", p.value());
      } else {
        RefDescriptions.of(name, json.value()).ifPresent(text -> property.put("description", text));
      }
      if (property.path("type").asString("").equals("string")) {
        Enums.of(name, json.value()).ifPresent(e -> withEnum(property, e));
      }
      if (p != null && p.required()) {
        required.add(json.value());
      }
      properties.set(json.value(), property);
    }
    schema.put("type", "object");
    if (!properties.isEmpty()) {
      schema.set("properties", properties);
    }
    if (!required.isEmpty()) {
      ArrayNode r = schema.putArray("required");
      required.forEach(r::add);
    }
  }

  /** The values as the spec lists them, and the paragraph after the field's own description. */
  private static void withEnum(ObjectNode property, Enums.Enum e) {
    String own = property.path("description").asString("");
    property.put("description", own.isEmpty() ? e.paragraph() : own + "\n\n" + e.paragraph());
    ArrayNode values = property.putArray("enum");
    e.values().forEach(values::add);
  }

  @SuppressWarnings("unchecked")
  private static Set<String> requiredFields(Class<?> model) {
    try {
      Object value = model.getField("openapiRequiredFields").get(null);
      return value instanceof Set<?> set ? (Set<String>) set : Set.of();
    } catch (ReflectiveOperationException e) {
      return Set.of();
    }
  }

  /** The schema of a field of this Java type; named types become {@code allOf: [{$ref}]}. */
  private ObjectNode property(Type type, String pkg, Set<String> refs) {
    ObjectNode s = Json.object();
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
        s.put("type", "array");
        s.set("items", property(args[0], pkg, refs));
        return s;
      }
      if (Map.class.isAssignableFrom(raw)) {
        s.put("type", "object");
        s.set("additionalProperties", property(args[1], pkg, refs));
        return s;
      }
    }
    if (!(type instanceof Class<?> c)) {
      return s.put("type", "object");
    }
    if (c == String.class) {
      s.put("type", "string");
    } else if (c == Boolean.class || c == boolean.class) {
      s.put("type", "boolean");
    } else if (c == Integer.class || c == int.class) {
      s.put("type", "integer").put("format", "int32");
    } else if (c == Long.class || c == long.class) {
      s.put("type", "integer").put("format", "int64");
    } else if (c == Double.class || c == Float.class || c == BigDecimal.class) {
      s.put("type", "number").put("format", "double");
    } else if (c == byte[].class) {
      s.put("type", "string").put("format", "byte");
    } else if (c == OffsetDateTime.class) {
      ref(s, TIME, refs);
    } else if (c == IntOrString.class) {
      ref(s, INT_OR_STRING, refs);
      s.put("x-kubernetes-int-or-string", true);
    } else if (c == Quantity.class) {
      ref(s, QUANTITY, refs);
    } else if (c == V1Patch.class) {
      ref(s, PATCH, refs);
    } else if (c.getName().startsWith(MODELS)) {
      ref(s, name(c, pkg), refs);
    } else {
      // Object: FieldsV1, RawExtension and other free-form values.
      s.put("type", "object");
    }
    return s;
  }

  private static void ref(ObjectNode property, String name, Set<String> refs) {
    property.putArray("allOf").addObject().put("$ref", REF + name);
    refs.add(name);
  }
}
