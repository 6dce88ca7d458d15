package io.kubesim.apiserver.openapi;

import io.kubesim.apiserver.discovery.Version;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.core.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI v3: the root index and one document per group-version. Each write operation carries
 * {@code x-kubernetes-group-version-kind} and the {@code fieldValidation} parameter, which is what
 * tells kubectl that this server validates fields itself, so {@code kubectl apply} sends {@code
 * fieldValidation=Strict} instead of validating against schemas client-side.
 */
public final class OpenApi {
  private final Map<String, byte[]> documents = new LinkedHashMap<>();
  private final Map<String, String> hashes = new LinkedHashMap<>();
  private final byte[] root;

  public OpenApi() {
    for (String gv : Resources.groupVersions()) {
      String key = gv.equals("v1") ? "api/v1" : "apis/" + gv;
      byte[] document = Json.bytes(document(gv));
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
      return new ApiResponse(200, ApiResponse.JSON, root, java.util.List.of());
    }
    if (p.startsWith("/openapi/v3/")) {
      byte[] document = documents.get(p.substring("/openapi/v3/".length()));
      if (document != null) {
        return new ApiResponse(200, ApiResponse.JSON, document, java.util.List.of());
      }
    }
    return null;
  }

  private static ObjectNode document(String groupVersion) {
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Kubernetes");
    info.put("version", Version.GIT_VERSION);
    ObjectNode paths = doc.putObject("paths");
    for (ResourceType type : Resources.all()) {
      if (type.apiVersion().equals(groupVersion)) {
        String collection =
            type.pathPrefix()
                + (type.namespaced() ? "/namespaces/{namespace}/" : "/")
                + type.plural();
        paths.putObject(collection).set("post", operation(type, "post"));
        ObjectNode item = paths.putObject(collection + "/{name}");
        item.set("get", operation(type, "get"));
        item.set("put", operation(type, "put"));
        item.set("patch", operation(type, "patch"));
        item.set("delete", operation(type, "delete"));
      }
    }
    doc.putObject("components").putObject("schemas");
    return doc;
  }

  private static ObjectNode operation(ResourceType type, String action) {
    ObjectNode op = Json.object();
    op.put("operationId", action + type.kind());
    ArrayNode parameters = op.putArray("parameters");
    if (!action.equals("get") && !action.equals("delete")) {
      parameter(parameters, "dryRun");
      parameter(parameters, "fieldManager");
      parameter(parameters, "fieldValidation");
    }
    op.put("x-kubernetes-action", action);
    ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
    gvk.put("group", type.group());
    gvk.put("version", type.version());
    gvk.put("kind", type.kind());
    return op;
  }

  private static void parameter(ArrayNode parameters, String name) {
    ObjectNode p = parameters.addObject();
    p.put("name", name);
    p.put("in", "query");
    p.putObject("schema").put("type", "string");
    p.put("uniqueItems", true);
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
