package io.kubesim.apiserver.authorization;

import io.kubesim.apiserver.registry.Bodies;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.core.api.Status;
import tools.jackson.databind.node.ObjectNode;

/**
 * SelfSubjectAccessReview: "may I do this?" ({@code kubectl auth can-i}). kubesim's only users are
 * the admin (the token in the kubeconfig) and the cluster's own components, and both may do
 * anything, as the cluster-admin binding allows on a real cluster; so every authenticated review is
 * allowed. Reviews are answered, never stored.
 */
public final class AccessReviews {
  private AccessReviews() {}

  public static ApiResponse answer(ApiRequest request, RequestInfo info) {
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
    boolean allowed = !request.user().equals("system:anonymous");
    ObjectNode status = review.putObject("status");
    status.put("allowed", allowed);
    if (allowed) {
      status.put("reason", "kubesim: " + request.user() + " is a cluster admin");
    }
    return ApiResponse.json(201, review);
  }
}
