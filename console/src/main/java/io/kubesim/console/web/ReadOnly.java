package io.kubesim.console.web;

import io.kubesim.core.json.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * The page's API is read-only unless the console runs with {@code --allow-chaos}: without it every
 * request under /api but GET and HEAD answers 403 with a Kubernetes Status, whatever a feature
 * mounted. No login is asked: the console is meant for loopback.
 */
public final class ReadOnly {
  private ReadOnly() {}

  public static void guard(RoutingContext ctx, boolean allowChaos) {
    HttpMethod method = ctx.request().method();
    if (allowChaos || method == HttpMethod.GET || method == HttpMethod.HEAD) {
      ctx.next();
      return;
    }
    ObjectNode status = Json.object();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status
        .put("status", "Failure")
        .put(
            "message",
            "the console is read-only: start it with --allow-chaos"
                + " (KUBESIM_CONSOLE_ALLOW_CHAOS=true) to change the cluster from the page")
        .put("reason", "Forbidden")
        .put("code", 403);
    ctx.response()
        .setStatusCode(403)
        .putHeader("Content-Type", "application/json")
        .end(Json.string(status));
  }
}
