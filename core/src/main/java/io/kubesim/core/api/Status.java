package io.kubesim.core.api;

import io.kubesim.core.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds metav1.Status objects with the reasons, codes and message texts of the real apiserver, so
 * that kubectl prints exactly what it prints against a real cluster.
 */
public final class Status {
  private Status() {}

  /** {@code deployments.apps "x" not found}: qualified = resource plural plus "." group. */
  public static ApiException notFound(String qualifiedResource, String name) {
    return failure(
        404,
        "NotFound",
        qualifiedResource + " \"" + name + "\" not found",
        name,
        qualifiedResource);
  }

  public static ApiException alreadyExists(String qualifiedResource, String name) {
    return failure(
        409,
        "AlreadyExists",
        qualifiedResource + " \"" + name + "\" already exists",
        name,
        qualifiedResource);
  }

  public static ApiException conflict(String qualifiedResource, String name, String why) {
    return failure(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + qualifiedResource + " \"" + name + "\": " + why,
        name,
        qualifiedResource);
  }

  /** The object has been modified; the standard optimistic-concurrency conflict. */
  public static ApiException staleVersion(String qualifiedResource, String name) {
    return conflict(
        qualifiedResource,
        name,
        "the object has been modified; please apply your changes to the latest version and"
            + " try again");
  }

  public static ApiException badRequest(String message) {
    return failure(400, "BadRequest", message, null, null);
  }

  public static ApiException methodNotAllowed(String message) {
    return failure(405, "MethodNotAllowed", message, null, null);
  }

  public static ApiException unsupportedMediaType(String contentType) {
    return failure(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
            + "application/json, application/yaml, application/vnd.kubernetes.protobuf",
        null,
        null);
  }

  public static ApiException notAcceptable(String message) {
    return failure(406, "NotAcceptable", message, null, null);
  }

  public static ApiException tooLarge(String message) {
    return failure(413, "RequestEntityTooLarge", message, null, null);
  }

  public static ApiException gone(String message) {
    return failure(410, "Expired", message, null, null);
  }

  public static ApiException unauthorized() {
    return failure(401, "Unauthorized", "Unauthorized", null, null);
  }

  /**
   * apierrors.NewForbidden: {@code pods "web-1" is forbidden: <why>}, with the name and resource in
   * the details.
   */
  public static ApiException forbidden(String qualifiedResource, String name, String why) {
    return failure(
        403,
        "Forbidden",
        qualifiedResource + " \"" + name + "\" is forbidden: " + why,
        name,
        qualifiedResource);
  }

  public static ApiException forbidden(String message) {
    return failure(403, "Forbidden", message, null, null);
  }

  /** NewInternalError: the error also as the one cause of the details. */
  public static ApiException internal(String message) {
    ObjectNode status = base(500, "InternalError", "Internal error occurred: " + message);
    status.putObject("details").putArray("causes").addObject().put("message", message);
    return new ApiException(500, wire(status));
  }

  public static ApiException unavailable(String message) {
    return failure(503, "ServiceUnavailable", message, null, null);
  }

  /** NewTimeoutError: its details are empty but present ({@code "details":{}}). */
  public static ApiException timeout(String message) {
    ObjectNode status = base(504, "Timeout", message);
    status.putObject("details");
    return new ApiException(504, wire(status));
  }

  public static ApiException tooManyRequests(String message) {
    return failure(429, "TooManyRequests", message, null, null);
  }

  /**
   * The generic 404 for a path that names no resource at all, as go-restful's NotFound comes out of
   * NewGenericServerResponse: with empty details.
   */
  public static ApiException pathNotFound() {
    ObjectNode status = base(404, "NotFound", "the server could not find the requested resource");
    status.putObject("details");
    return new ApiException(404, wire(status));
  }

  /**
   * A 422 Invalid with one cause per bad field. kubectl rebuilds its message from details, e.g.
   * {@code The Deployment "bad" is invalid: spec.replicas: Invalid value: -1: must be ...}.
   */
  public static ApiException invalid(
      String kind, String group, String name, java.util.List<FieldError> errors) {
    StringBuilder message = new StringBuilder();
    message.append(kind).append(" \"").append(name).append("\" is invalid: ");
    if (errors.size() == 1) {
      message.append(errors.get(0).text());
    } else {
      message.append('[');
      for (int i = 0; i < errors.size(); i++) {
        message.append(i == 0 ? "" : ", ").append(errors.get(i).text());
      }
      message.append(']');
    }
    ObjectNode status = base(422, "Invalid", message.toString());
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    details.put("group", group);
    details.put("kind", kind);
    ArrayNode causes = details.putArray("causes");
    for (FieldError error : errors) {
      ObjectNode cause = causes.addObject();
      cause.put("reason", error.type().reason());
      cause.put("message", error.causeMessage());
      cause.put("field", error.field());
    }
    return new ApiException(422, wire(status));
  }

  public static ApiException failure(
      int code, String reason, String message, String name, String qualifiedResource) {
    ObjectNode status = base(code, reason, message);
    if (name != null || qualifiedResource != null) {
      ObjectNode details = status.putObject("details");
      if (name != null) {
        details.put("name", name);
      }
      if (qualifiedResource != null) {
        int dot = qualifiedResource.indexOf('.');
        details.put("group", dot < 0 ? "" : qualifiedResource.substring(dot + 1));
        details.put("kind", dot < 0 ? qualifiedResource : qualifiedResource.substring(0, dot));
      }
    }
    return new ApiException(code, wire(status));
  }

  /** A Success status, as returned by some deletes. */
  public static ObjectNode success(String qualifiedResource, String name, String uid) {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    int dot = qualifiedResource.indexOf('.');
    details.put("group", dot < 0 ? "" : qualifiedResource.substring(dot + 1));
    details.put("kind", dot < 0 ? qualifiedResource : qualifiedResource.substring(0, dot));
    details.put("uid", uid);
    return wire(status);
  }

  /**
   * The Success a create answers when its REST storage returns a bare Status (pods/binding,
   * pods/eviction): the create handler fills in the 201.
   */
  public static ObjectNode created() {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    status.put("code", 201);
    return status;
  }

  /**
   * The Status as Go's encoding/json writes a metav1.Status: fields in the struct's order (kind,
   * apiVersion, metadata, status, message, reason, details, code; details: name, group, kind, uid,
   * causes, retryAfterSeconds; a cause: reason, message, field), the {@code omitempty} ones left
   * out when empty or zero ({@code "group":""} for the core group, a cause's empty field). Details
   * that are present stay, even empty ({@code "details":{}}), as Go keeps a non-nil pointer. Errors
   * amended after they were built (causes added to details) come out in order too.
   */
  public static ObjectNode wire(ObjectNode status) {
    ObjectNode out = Json.object();
    copyText(status, out, "kind");
    copyText(status, out, "apiVersion");
    JsonNode metadata = status.get("metadata");
    out.set("metadata", metadata instanceof ObjectNode ? metadata : Json.object());
    copyText(status, out, "status");
    copyText(status, out, "message");
    copyText(status, out, "reason");
    if (status.get("details") instanceof ObjectNode details) {
      out.set("details", details(details));
    }
    long code = status.path("code").asLong(0);
    if (code != 0) {
      out.put("code", (int) code);
    }
    return out;
  }

  private static ObjectNode details(ObjectNode details) {
    ObjectNode out = Json.object();
    for (String field : new String[] {"name", "group", "kind", "uid"}) {
      copyText(details, out, field);
    }
    if (details.get("causes") instanceof ArrayNode causes && !causes.isEmpty()) {
      ArrayNode ordered = out.putArray("causes");
      for (JsonNode cause : causes) {
        ObjectNode one = ordered.addObject();
        for (String field : new String[] {"reason", "message", "field"}) {
          copyText(cause, one, field);
        }
      }
    }
    long retry = details.path("retryAfterSeconds").asLong(0);
    if (retry != 0) {
      out.put("retryAfterSeconds", (int) retry);
    }
    return out;
  }

  private static void copyText(JsonNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value != null && value.isString() && !value.asString().isEmpty()) {
      to.put(field, value.asString());
    }
  }

  private static ObjectNode base(int code, String reason, String message) {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return status;
  }
}
