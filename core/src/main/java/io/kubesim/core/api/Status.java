package io.kubesim.core.api;

import io.kubesim.core.json.Json;
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

  public static ApiException forbidden(String message) {
    return failure(403, "Forbidden", message, null, null);
  }

  public static ApiException internal(String message) {
    return failure(500, "InternalError", "Internal error occurred: " + message, null, null);
  }

  public static ApiException unavailable(String message) {
    return failure(503, "ServiceUnavailable", message, null, null);
  }

  public static ApiException timeout(String message) {
    return failure(504, "Timeout", message, null, null);
  }

  public static ApiException tooManyRequests(String message) {
    return failure(429, "TooManyRequests", message, null, null);
  }

  /** The generic 404 for a path that names no resource at all. */
  public static ApiException pathNotFound() {
    return failure(404, "NotFound", "the server could not find the requested resource", null, null);
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
    return new ApiException(422, status);
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
    return new ApiException(code, status);
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
    return status;
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
