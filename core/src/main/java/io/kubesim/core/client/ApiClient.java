package io.kubesim.core.client;

import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The verbs of the Kubernetes API over {@link BusApiClient}, answering JSON trees (turn them into
 * fabric8 objects with {@link #as}). Every failure is an {@link ApiException} carrying the Status
 * the apiserver sent, so that a caller can tell a conflict (409 Conflict) from a missing object
 * (404) from an unreachable apiserver (503/504, made here from the event-bus failure).
 */
public final class ApiClient {
  /** The PATCH content types the apiserver understands (apply is not offered here). */
  public enum PatchType {
    MERGE("application/merge-patch+json"),
    STRATEGIC("application/strategic-merge-patch+json"),
    JSON("application/json-patch+json");

    private final String contentType;

    PatchType(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }
  }

  private final BusApiClient bus;

  public ApiClient(BusApiClient bus) {
    this.bus = bus;
  }

  public BusApiClient bus() {
    return bus;
  }

  public Future<ObjectNode> get(String path) {
    return send("GET", path, Map.of(), null, null);
  }

  /** A list (kind {@code ...List}); query e.g. labelSelector, fieldSelector, resourceVersion. */
  public Future<ObjectNode> list(String collectionPath, Map<String, String> query) {
    return send("GET", collectionPath, query, null, null);
  }

  /**
   * What the cluster's own writes ask: they are built from typed models and cannot carry unknown or
   * duplicate fields, so the apiserver need not look for them (fieldValidation=Ignore, which any
   * client may send; without it every write paid for the check).
   */
  private static final Map<String, String> TYPED = Map.of("fieldValidation", "Ignore");

  public Future<ObjectNode> create(String collectionPath, ObjectNode object) {
    return send("POST", collectionPath, TYPED, "application/json", object);
  }

  /** PUT; carries metadata.resourceVersion when set, so a stale object fails with 409 Conflict. */
  public Future<ObjectNode> update(String path, ObjectNode object) {
    return send("PUT", path, TYPED, "application/json", object);
  }

  /** PUT to the status subresource: only the status changes. */
  public Future<ObjectNode> updateStatus(String path, ObjectNode object) {
    return send("PUT", path + "/status", TYPED, "application/json", object);
  }

  public Future<ObjectNode> patch(String path, PatchType type, JsonNode patch) {
    return send("PATCH", path, TYPED, type.contentType(), patch);
  }

  /**
   * A create whose answer is not read: the reply is parsed only when it is a failure (the kubelet
   * parsed back every Event it wrote, a tenth of its CPU at 10,000 pods).
   */
  public Future<Void> createIgnoringAnswer(String collectionPath, ObjectNode object) {
    return call("POST", collectionPath, TYPED, "application/json", object)
        .compose(ApiClient::failureOnly);
  }

  /** A patch whose answer is not read, as {@link #createIgnoringAnswer}. */
  public Future<Void> patchIgnoringAnswer(String path, PatchType type, JsonNode patch) {
    return call("PATCH", path, TYPED, type.contentType(), patch).compose(ApiClient::failureOnly);
  }

  /** DELETE; answers the deleted object (or the Status the apiserver returns for some kinds). */
  public Future<ObjectNode> delete(String path) {
    return send("DELETE", path, Map.of(), null, null);
  }

  /** DELETE with DeleteOptions in the body (propagationPolicy, preconditions, grace period). */
  public Future<ObjectNode> delete(String path, JsonNode options) {
    return send("DELETE", path, Map.of(), "application/json", options);
  }

  /** DELETE of a collection (deletecollection); query e.g. labelSelector, gracePeriodSeconds. */
  public Future<ObjectNode> deleteCollection(String collectionPath, Map<String, String> query) {
    return send("DELETE", collectionPath, query, null, null);
  }

  /** See {@link BusApiClient#watch}. */
  public Future<BusApiClient.Watch> watch(
      String collectionPath, Map<String, String> query, Consumer<Buffer> onLine, Runnable onEnd) {
    return bus.watch(collectionPath, query, onLine, onEnd);
  }

  /** A fabric8 model object from a tree, e.g. {@code as(node, Lease.class)}. */
  public static <T> T as(JsonNode node, Class<T> type) {
    return Json.convert(node, type);
  }

  /** A tree from a fabric8 model object, for create/update. */
  public static ObjectNode tree(Object model) {
    return Json.MAPPER.valueToTree(model);
  }

  /** True when the failure is an optimistic-concurrency conflict (409, reason Conflict). */
  public static boolean isConflict(Throwable failure) {
    return failure instanceof ApiException e && e.code() == 409 && "Conflict".equals(e.reason());
  }

  /** True when the failure is a create of a name that exists (409, reason AlreadyExists). */
  public static boolean isAlreadyExists(Throwable failure) {
    return failure instanceof ApiException e
        && e.code() == 409
        && "AlreadyExists".equals(e.reason());
  }

  public static boolean isNotFound(Throwable failure) {
    return failure instanceof ApiException e && e.code() == 404;
  }

  private Future<ObjectNode> send(
      String method, String path, Map<String, String> query, String contentType, JsonNode body) {
    return call(method, path, query, contentType, body).compose(ApiClient::decode);
  }

  private Future<ApiReply> call(
      String method, String path, Map<String, String> query, String contentType, JsonNode body) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    query.forEach((k, v) -> q.put(k, List.of(v)));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", "application/json");
    if (contentType != null) {
      headers.put("content-type", contentType);
    }
    byte[] bytes = body == null ? new byte[0] : Json.bytes(body);
    return bus.call(new ApiCall(method, path, q, headers, bytes))
        .recover(ApiClient::transportFailure);
  }

  private static Future<Void> failureOnly(ApiReply reply) {
    return reply.code() >= 200 && reply.code() < 300
        ? Future.succeededFuture()
        : decode(reply).mapEmpty();
  }

  /** The reply as an object, or the apiserver's Status as an ApiException. */
  static Future<ObjectNode> decode(ApiReply reply) {
    JsonNode body;
    try {
      body = reply.body().length == 0 ? Json.object() : Json.parse(reply.body());
    } catch (JacksonException e) {
      body = null;
    }
    if (reply.code() >= 200 && reply.code() < 300 && body instanceof ObjectNode object) {
      return Future.succeededFuture(object);
    }
    if (body instanceof ObjectNode status && "Status".equals(status.path("kind").asString())) {
      return Future.failedFuture(new ApiException(reply.code(), status));
    }
    int code = reply.code() >= 200 && reply.code() < 300 ? 500 : reply.code();
    return Future.failedFuture(
        Status.failure(code, reasonFor(code), "unexpected reply: " + reply.text(), null, null));
  }

  /** Event-bus failures as the Status a client of a real apiserver would see. */
  private static Future<ApiReply> transportFailure(Throwable failure) {
    if (failure instanceof ReplyException e && e.failureType() == ReplyFailure.TIMEOUT) {
      return Future.failedFuture(Status.timeout("the apiserver did not answer in time"));
    }
    if (failure instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS) {
      return Future.failedFuture(Status.unavailable("no apiserver is reachable on the event bus"));
    }
    return Future.failedFuture(Status.internal(String.valueOf(failure.getMessage())));
  }

  private static String reasonFor(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 410 -> "Expired";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> "InternalError";
    };
  }
}
