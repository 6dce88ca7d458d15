package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.protobuf.ProtobufBodies;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Decodes request bodies: JSON, YAML, or the protobuf that kubectl's typed commands send. */
public final class Bodies {
  private Bodies() {}

  /** The body as an object; 400 when it is not one, 415 for a media type we cannot read. */
  public static ObjectNode object(ApiRequest request) {
    JsonNode node = tree(request);
    if (!(node instanceof ObjectNode object)) {
      throw Status.badRequest("the body of the request must be a JSON object");
    }
    return object;
  }

  public static JsonNode tree(ApiRequest request) {
    // The media type first, as NegotiateInputSerializer: a form or multipart body is a 415.
    String contentType = mediaType(request.header("content-type"));
    if (!READABLE.contains(contentType)) {
      throw Status.unsupportedMediaType(contentType);
    }
    byte[] body = request.body();
    if (body == null || body.length == 0) {
      throw Status.badRequest("the body of the request was empty");
    }
    try {
      return switch (contentType) {
        case "application/vnd.kubernetes.protobuf" -> ProtobufBodies.decode(body);
        case "application/yaml", "application/apply-patch+yaml" -> Json.YAML.readTree(body);
        case "",
            "application/json",
            "application/merge-patch+json",
            "application/strategic-merge-patch+json",
            "application/json-patch+json" ->
            Json.MAPPER.readTree(body); // duplicates: last wins; FieldValidation reports them
        default -> throw Status.unsupportedMediaType(contentType);
      };
    } catch (JacksonException e) {
      throw Status.badRequest("the body of the request was not valid: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw Status.badRequest(e.getMessage());
    }
  }

  private static final java.util.Set<String> READABLE =
      java.util.Set.of(
          "",
          "application/vnd.kubernetes.protobuf",
          "application/yaml",
          "application/apply-patch+yaml",
          "application/json",
          "application/merge-patch+json",
          "application/strategic-merge-patch+json",
          "application/json-patch+json");

  /** {@code application/json; charset=utf-8} -> {@code application/json}. */
  public static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semi = header.indexOf(';');
    return (semi < 0 ? header : header.substring(0, semi))
        .trim()
        .toLowerCase(java.util.Locale.ROOT);
  }
}
