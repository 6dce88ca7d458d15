package io.kubesim.apiserver.authorization;

import io.kubesim.apiserver.registry.Bodies;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.core.api.Status;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SelfSubjectAccessReview: "may I do this?" ({@code kubectl auth can-i}), answered by the same RBAC
 * evaluation that guards every request. Reviews are answered, never stored.
 */
public final class AccessReviews {
  private AccessReviews() {}

  public static ApiResponse answer(ApiRequest request, RequestInfo info, Rbac rbac) {
    if (!info.verb().equals("create") || info.name() != null) {
      throw Status.methodNotAllowed(
          "the server does not allow this method on the requested resource");
    }
    ObjectNode review = Bodies.object(request);
    review.put("apiVersion", "authorization.k8s.io/v1");
    review.put("kind", "SelfSubjectAccessReview");
    if (!review.has("metadata")) {
      review.putObject("metadata");
    }
    Rbac.Decision decision = rbac.authorize(attributes(request.user(), review.path("spec")));
    ObjectNode status = review.putObject("status");
    status.put("allowed", decision.allowed());
    if (!decision.reason().isEmpty()) {
      status.put("reason", decision.reason());
    }
    return ApiResponse.json(201, review);
  }

  private static Attributes attributes(String user, JsonNode spec) {
    JsonNode nonResource = spec.path("nonResourceAttributes");
    if (nonResource.isObject()) {
      return new Attributes(
          user,
          Users.groups(user),
          nonResource.path("verb").asString(""),
          "",
          "",
          "",
          "",
          "",
          nonResource.path("path").asString(""));
    }
    JsonNode r = spec.path("resourceAttributes");
    return new Attributes(
        user,
        Users.groups(user),
        r.path("verb").asString(""),
        r.path("group").asString(""),
        r.path("resource").asString(""),
        r.path("subresource").asString(""),
        r.path("namespace").asString(""),
        r.path("name").asString(""),
        null);
  }
}
