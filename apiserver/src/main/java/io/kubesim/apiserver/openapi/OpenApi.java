package io.kubesim.apiserver.openapi;

import io.kubesim.apiserver.discovery.Version;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.ResourceType.Subresource;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI v3: the root index and one document per group-version, built once at startup.
 *
 * <p>Each document has the paths of its resources (collection, item, {@code /status}, {@code
 * /scale}, ...) and, in {@code components.schemas}, the schemas of every kind they use, derived
 * from the Kubernetes Java client's model classes ({@link ModelSchemas}) and tagged with {@code
 * x-kubernetes-group-version-kind}, which is what {@code kubectl explain} looks up. Each write
 * operation carries {@code x-kubernetes-group-version-kind} and the {@code fieldValidation}
 * parameter, which tells kubectl that this server validates fields itself, so {@code kubectl apply}
 * sends {@code fieldValidation=Strict} instead of validating client-side.
 *
 * <p>PATCH request bodies deliberately do not list {@code application/strategic-merge-patch+json}:
 * kubectl computes a strategic merge patch from the v3 document only if it does, and the schemas
 * here have no {@code x-kubernetes-patch-merge-key} metadata (the Java client does not carry it),
 * so kubectl would treat keyed lists such as {@code containers} as atomic. Without it kubectl uses
 * its compiled-in patch metadata, as it does against a paths-only document.
 */
public final class OpenApi {
  private static final String JSON = "application/json";
  private static final List<String> RESPONSE_TYPES =
      List.of(JSON, "application/yaml", "application/vnd.kubernetes.protobuf");
  private static final List<String> PATCH_TYPES =
      List.of(
          "application/json-patch+json",
          "application/merge-patch+json",
          "application/apply-patch+yaml");

  private final Map<String, byte[]> documents = new LinkedHashMap<>();
  private final Map<String, String> hashes = new LinkedHashMap<>();
  private final byte[] root;

  public OpenApi() {
    ModelSchemas models = models();
    for (String gv : Resources.groupVersions()) {
      String key = gv.equals("v1") ? "api/v1" : "apis/" + gv;
      byte[] document = Json.bytes(document(gv, models));
      documents.put(key, document);
      hashes.put(key, sha512(document));
    }
    ObjectNode index = Json.object();
    ObjectNode paths = index.putObject("paths");
    hashes.forEach(
        (key, hash) ->
            paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash));
    root = Json.bytes(index);
  }

  /** Answers /openapi/v3 and its documents; null for anything else. */
  public ApiResponse handle(String path) {
    String p = path.replaceAll("/+$", "");
    if (p.equals("/openapi/v3")) {
      return new ApiResponse(200, ApiResponse.JSON, root, List.of());
    }
    if (p.startsWith("/openapi/v3/")) {
      byte[] document = documents.get(p.substring("/openapi/v3/".length()));
      if (document != null) {
        return new ApiResponse(200, ApiResponse.JSON, document, List.of());
      }
    }
    return null;
  }

  /**
   * Walks every served kind, list and subresource kind, core first (with the core kinds that own
   * shared types such as PodTemplateSpec), and tags them with their group-version-kinds.
   */
  private static ModelSchemas models() {
    ModelSchemas models = new ModelSchemas();
    List<ResourceType> types = new ArrayList<>(Resources.all());
    types.sort((a, b) -> Boolean.compare(!a.group().isEmpty(), !b.group().isEmpty()));
    for (String kind : List.of("PodTemplate", "ReplicationController")) {
      models.walk(model("", "v1", kind), "");
    }
    for (ResourceType type : types) {
      String kindSchema =
          models.walk(model(type.group(), type.version(), type.kind()), type.group());
      models.tag(kindSchema, type.group(), type.version(), type.kind());
      if (!type.verbs().contains("list")) {
        continue;
      }
      String listSchema =
          models.walk(model(type.group(), type.version(), type.listKind()), type.group());
      models.tag(listSchema, type.group(), type.version(), type.listKind());
    }
    for (ResourceType type : types) {
      for (Subresource sub : schemaSubresources(type)) {
        String name = models.walk(model(sub.group(), sub.version(), sub.kind()), sub.group());
        models.tag(name, sub.group(), sub.version(), sub.kind());
      }
    }
    String status = models.walk(model("", "v1", "Status"), "");
    models.tag(status, "", "v1", "Status");
    String deleteOptions = models.walk(model("", "v1", "DeleteOptions"), "");
    for (String gv : Resources.groupVersions()) {
      int slash = gv.indexOf('/');
      models.tag(
          deleteOptions,
          slash < 0 ? "" : gv.substring(0, slash),
          gv.substring(slash + 1),
          "DeleteOptions");
    }
    return models;
  }

  /** The Java client model class of a kind, e.g. {@code V1Deployment} for apps/v1 Deployment. */
  public static java.util.Optional<Class<?>> modelClass(String group, String version, String kind) {
    return ModelSchemas.modelClass(group, version, kind);
  }

  private static Class<?> model(String group, String version, String kind) {
    return ModelSchemas.modelClass(group, version, kind)
        .orElseThrow(
            () -> new IllegalStateException("no model class for " + group + "/" + version + kind));
  }

  /** Subresources whose bodies are objects with a schema (not log/exec/attach/proxy streams). */
  private static List<Subresource> schemaSubresources(ResourceType type) {
    return type.subresources().stream()
        .filter(s -> Set.of("status", "scale", "binding", "eviction").contains(s.name()))
        .toList();
  }

  private static ObjectNode document(String groupVersion, ModelSchemas models) {
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Kubernetes");
    info.put("version", Version.GIT_VERSION);
    ObjectNode paths = doc.putObject("paths");
    Set<String> roots = new LinkedHashSet<>();
    roots.add(ModelSchemas.STATUS);
    roots.add(ModelSchemas.DELETE_OPTIONS);
    roots.add(ModelSchemas.PATCH);
    for (ResourceType type : Resources.all()) {
      if (!type.apiVersion().equals(groupVersion)) {
        continue;
      }
      Api api = new Api(type, models);
      roots.add(api.kindSchema);
      String collection =
          type.pathPrefix()
              + (type.namespaced() ? "/namespaces/{namespace}/" : "/")
              + type.plural();
      if (api.listSchema == null) {
        // A create-only review (SelfSubjectAccessReview): one POST, nothing stored to read.
        ObjectNode create = paths.putObject(collection);
        create.set("post", api.write("post", "create", "", api.kindSchema, gvk(type)));
        pathParameters(create, type.namespaced(), false);
        continue;
      }
      roots.add(api.listSchema);
      if (type.namespaced()) {
        ObjectNode all = paths.putObject(type.pathPrefix() + "/" + type.plural());
        all.set("get", api.list("ForAllNamespaces"));
        pathParameters(all, false, false);
      }
      ObjectNode list = paths.putObject(collection);
      list.set("get", api.list(""));
      list.set("post", api.write("post", "create", "", api.kindSchema, gvk(type)));
      list.set("delete", api.deleteCollection());
      pathParameters(list, type.namespaced(), false);
      ObjectNode item = paths.putObject(collection + "/{name}");
      item.set("get", api.read("", api.kindSchema, gvk(type)));
      item.set("put", api.write("put", "replace", "", api.kindSchema, gvk(type)));
      item.set("patch", api.patch("", api.kindSchema, gvk(type)));
      item.set("delete", api.delete());
      pathParameters(item, type.namespaced(), true);
      for (Subresource sub : schemaSubresources(type)) {
        String schema =
            ModelSchemas.modelClass(sub.group(), sub.version(), sub.kind())
                .map(c -> models.walk(c, sub.group()))
                .orElseThrow();
        roots.add(schema);
        ObjectNode sgvk = gvk(sub.group(), sub.version(), sub.kind());
        String suffix = capitalize(sub.name());
        ObjectNode path = paths.putObject(collection + "/{name}/" + sub.name());
        if (sub.verbs().contains("get")) {
          path.set("get", api.read(suffix, schema, sgvk));
        }
        if (sub.verbs().contains("update")) {
          path.set("put", api.write("put", "replace", suffix, schema, sgvk));
        }
        if (sub.verbs().contains("patch")) {
          path.set("patch", api.patch(suffix, schema, sgvk));
        }
        if (sub.verbs().contains("create")) {
          path.set("post", api.write("post", "create", suffix, schema, sgvk));
        }
        pathParameters(path, type.namespaced(), true);
      }
    }
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    models.closure(roots).forEach(schemas::set);
    return doc;
  }

  /** The operations of one resource. */
  private static final class Api {
    final ResourceType type;
    final String kindSchema;
    final String listSchema;
    final String tag;
    final String operationStem;

    Api(ResourceType type, ModelSchemas models) {
      this.type = type;
      this.kindSchema = models.walk(model(type.group(), type.version(), type.kind()), type.group());
      this.listSchema =
          type.verbs().contains("list")
              ? models.walk(model(type.group(), type.version(), type.listKind()), type.group())
              : null;
      String groupWord = type.group().isEmpty() ? "core" : type.group().split("\\.")[0];
      this.tag = groupWord + "_" + type.version();
      this.operationStem =
          capitalize(groupWord)
              + capitalize(type.version())
              + (type.namespaced() ? "Namespaced" : "")
              + type.kind();
    }

    ObjectNode list(String suffix) {
      boolean all = !suffix.isEmpty();
      ObjectNode op =
          operation(
              "list or watch objects of kind " + type.kind(),
              "list" + operationStem.replace("Namespaced", all ? "" : "Namespaced") + suffix,
              "list",
              gvk(type));
      ArrayNode parameters = op.putArray("parameters");
      listParameters(parameters);
      responses(op, listSchema, false);
      return op;
    }

    ObjectNode read(String suffix, String schema, ObjectNode gvk) {
      ObjectNode op =
          operation(
              "read the specified " + type.kind() + suffix,
              "read" + operationStem + suffix,
              "get",
              gvk);
      responses(op, schema, false);
      return op;
    }

    ObjectNode write(String action, String verb, String suffix, String schema, ObjectNode gvk) {
      ObjectNode op =
          operation(
              verb
                  + " "
                  + (suffix.isEmpty() ? "a " + type.kind() : suffix + " of a " + type.kind()),
              verb + operationStem + suffix,
              action,
              gvk);
      writeParameters(op.putArray("parameters"), false);
      body(op, List.of("*/*"), schema);
      responses(op, schema, action.equals("post"));
      return op;
    }

    ObjectNode patch(String suffix, String schema, ObjectNode gvk) {
      ObjectNode op =
          operation(
              "partially update the specified " + type.kind() + suffix,
              "patch" + operationStem + suffix,
              "patch",
              gvk);
      writeParameters(op.putArray("parameters"), true);
      body(op, PATCH_TYPES, ModelSchemas.PATCH);
      responses(op, schema, true);
      return op;
    }

    ObjectNode delete() {
      ObjectNode op =
          operation("delete a " + type.kind(), "delete" + operationStem, "delete", gvk(type));
      deleteParameters(op.putArray("parameters"));
      body(op, List.of("*/*"), ModelSchemas.DELETE_OPTIONS).put("required", false);
      responses(op, ModelSchemas.STATUS, false);
      return op;
    }

    ObjectNode deleteCollection() {
      ObjectNode op =
          operation(
              "delete collection of " + type.kind(),
              "deletecollection" + operationStem,
              "deletecollection",
              gvk(type));
      ArrayNode parameters = op.putArray("parameters");
      deleteParameters(parameters);
      listParameters(parameters);
      body(op, List.of("*/*"), ModelSchemas.DELETE_OPTIONS).put("required", false);
      responses(op, ModelSchemas.STATUS, false);
      return op;
    }

    private ObjectNode operation(String description, String id, String action, ObjectNode gvk) {
      ObjectNode op = Json.object();
      op.putArray("tags").add(tag);
      op.put("description", description);
      op.put("operationId", id);
      op.put("x-kubernetes-action", action);
      op.set("x-kubernetes-group-version-kind", gvk);
      return op;
    }
  }

  private static ObjectNode body(ObjectNode op, List<String> mediaTypes, String schema) {
    ObjectNode body = op.putObject("requestBody");
    ObjectNode content = body.putObject("content");
    for (String type : mediaTypes) {
      content.putObject(type).putObject("schema").put("$ref", ModelSchemas.REF + schema);
    }
    body.put("required", true);
    return body;
  }

  private static void responses(ObjectNode op, String schema, boolean created) {
    ObjectNode responses = op.putObject("responses");
    response(responses, "200", "OK", schema);
    if (created) {
      response(responses, "201", "Created", schema);
    }
    responses.putObject("401").put("description", "Unauthorized");
  }

  private static void response(ObjectNode responses, String code, String text, String schema) {
    ObjectNode r = responses.putObject(code);
    r.put("description", text);
    ObjectNode content = r.putObject("content");
    for (String type : RESPONSE_TYPES) {
      content.putObject(type).putObject("schema").put("$ref", ModelSchemas.REF + schema);
    }
  }

  private static void pathParameters(ObjectNode path, boolean namespaced, boolean named) {
    ArrayNode parameters = path.putArray("parameters");
    if (named) {
      pathParameter(parameters, "name", "name of the resource");
    }
    if (namespaced) {
      pathParameter(
          parameters, "namespace", "object name and auth scope, such as for teams and projects");
    }
    query(
        parameters,
        "pretty",
        "string",
        "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent"
            + " indicates a browser or command-line HTTP tool (curl and wget).");
  }

  private static void pathParameter(ArrayNode parameters, String name, String description) {
    ObjectNode p = parameters.addObject();
    p.put("name", name);
    p.put("in", "path");
    p.put("description", description);
    p.put("required", true);
    p.putObject("schema").put("type", "string").put("uniqueItems", true);
  }

  private static void writeParameters(ArrayNode parameters, boolean patch) {
    query(
        parameters,
        "dryRun",
        "string",
        "When present, indicates that modifications should not be persisted. Valid values are: -"
            + " All: all dry run stages will be processed");
    query(
        parameters,
        "fieldManager",
        "string",
        "fieldManager is a name associated with the actor or entity that is making these changes.");
    query(
        parameters,
        "fieldValidation",
        "string",
        "fieldValidation instructs the server on how to handle objects in the request"
            + " (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: -"
            + " Ignore: drops unknown fields silently. - Warn: sends a warning for each unknown or"
            + " duplicate field. - Strict: fails the request on any unknown or duplicate field.");
    if (patch) {
      query(
          parameters,
          "force",
          "boolean",
          "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting"
              + " fields owned by other people. Must be unset for non-apply patch requests.");
    }
  }

  private static void deleteParameters(ArrayNode parameters) {
    query(
        parameters,
        "dryRun",
        "string",
        "When present, indicates that modifications should not be persisted.");
    query(
        parameters,
        "gracePeriodSeconds",
        "integer",
        "The duration in seconds before the object should be deleted.");
    query(
        parameters,
        "propagationPolicy",
        "string",
        "Whether and how garbage collection will be performed: 'Orphan', 'Background' or"
            + " 'Foreground'.");
  }

  private static void listParameters(ArrayNode parameters) {
    query(
        parameters, "allowWatchBookmarks", "boolean", "requests watch events with type BOOKMARK.");
    query(parameters, "continue", "string", "The continue option from a previous list.");
    query(parameters, "fieldSelector", "string", "A selector on the objects' fields.");
    query(parameters, "labelSelector", "string", "A selector on the objects' labels.");
    query(parameters, "limit", "integer", "The maximum number of responses for a list call.");
    query(
        parameters,
        "resourceVersion",
        "string",
        "Which resource versions the request may be served from.");
    query(
        parameters,
        "resourceVersionMatch",
        "string",
        "How resourceVersion is applied to list calls.");
    query(parameters, "timeoutSeconds", "integer", "Timeout for the list/watch call.");
    query(parameters, "watch", "boolean", "Watch for changes to the described resources.");
  }

  private static void query(ArrayNode parameters, String name, String type, String description) {
    ObjectNode p = parameters.addObject();
    p.put("name", name);
    p.put("in", "query");
    p.put("description", description);
    p.putObject("schema").put("type", type).put("uniqueItems", true);
  }

  private static ObjectNode gvk(ResourceType type) {
    return gvk(type.group(), type.version(), type.kind());
  }

  private static ObjectNode gvk(String group, String version, String kind) {
    ObjectNode gvk = Json.object();
    gvk.put("group", group);
    gvk.put("version", version);
    gvk.put("kind", kind);
    return gvk;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  private static String sha512(byte[] bytes) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
