package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.security.ServiceAccountTokens;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.api.FieldError;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * POST serviceaccounts/x/token ({@code kubectl create token}): a TokenRequest answered with a
 * signed token for the service account, never stored. Defaults and limits are the real ones: one
 * hour unless asked otherwise, at least ten minutes, the apiserver's own audience when none is
 * named.
 */
final class TokenRequests {
  private static final long DEFAULT_SECONDS = 3600;
  private static final long MIN_SECONDS = 600;
  private static final long MAX_SECONDS = 1L << 32;

  private final Store store;
  private final Clock clock;
  private final Supplier<ServiceAccountTokens> tokens;

  TokenRequests(Store store, Clock clock, Supplier<ServiceAccountTokens> tokens) {
    this.store = store;
    this.clock = clock;
    this.tokens = tokens;
  }

  ApiResponse create(ApiRequest request, RequestInfo info, ResourceType type) {
    if (!info.verb().equals("create")) {
      throw Status.methodNotAllowed(
          "the server does not allow this method on the requested resource");
    }
    ObjectNode account = ResourceHandler.existing(store, type, info.namespace(), info.name());
    ObjectNode body = Bodies.object(request);
    ObjectNode spec =
        body.has("spec") && body.get("spec").isObject()
            ? (ObjectNode) body.get("spec")
            : body.putObject("spec");
    JsonNode seconds = spec.get("expirationSeconds");
    long expiration = seconds == null || seconds.isNull() ? DEFAULT_SECONDS : seconds.asLong();
    spec.put("expirationSeconds", expiration);
    List<String> audiences = new ArrayList<>();
    spec.path("audiences").forEach(a -> audiences.add(a.asString("")));
    if (audiences.isEmpty()) {
      audiences.add(ServiceAccountTokens.ISSUER);
      ArrayNode list = spec.putArray("audiences");
      list.add(ServiceAccountTokens.ISSUER);
    }
    validate(info.name(), expiration, spec);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String token =
        tokens
            .get()
            .issue(
                new ServiceAccountTokens.Subject(
                    info.namespace(), info.name(), Meta.of(account).path("uid").asString("")),
                audiences,
                now,
                expiration);
    body.put("kind", "TokenRequest");
    body.put("apiVersion", "authentication.k8s.io/v1");
    ObjectNode metadata = Json.object();
    metadata.put("name", info.name());
    metadata.put("namespace", info.namespace());
    metadata.put("creationTimestamp", now.toString());
    body.set("metadata", metadata);
    ObjectNode status = body.putObject("status");
    status.put("token", token);
    status.put("expirationTimestamp", now.plusSeconds(expiration).toString());
    return ApiResponse.json(201, body);
  }

  private static void validate(String name, long expiration, ObjectNode spec) {
    List<FieldError> errors = new ArrayList<>();
    if (expiration < MIN_SECONDS) {
      errors.add(
          FieldError.invalid(
              "spec.expirationSeconds",
              expiration,
              "may not specify a duration less than 10 minutes"));
    } else if (expiration > MAX_SECONDS) {
      errors.add(
          FieldError.invalid(
              "spec.expirationSeconds",
              expiration,
              "may not specify a duration larger than 2^32 seconds"));
    }
    JsonNode bound = spec.get("boundObjectRef");
    if (bound != null && !bound.isNull()) {
      // Binding a token to a pod or secret's lifetime is not simulated.
      errors.add(
          FieldError.forbidden(
              "spec.boundObjectRef", "kubesim does not bind tokens to an object's lifetime"));
    }
    if (!errors.isEmpty()) {
      throw Status.invalid("TokenRequest", "authentication.k8s.io", name, errors);
    }
  }
}
