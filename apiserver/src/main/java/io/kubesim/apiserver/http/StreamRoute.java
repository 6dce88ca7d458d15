package io.kubesim.apiserver.http;

import io.kubesim.apiserver.ApiService;
import io.kubesim.apiserver.http.streams.PodStreams;
import io.kubesim.apiserver.http.streams.StreamTarget;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pods/<name>/exec}, {@code attach} and {@code portforward}: accepted by the API as any
 * request is (authorized; the pod exists, has a node and, for exec and attach, the container is
 * valid), then served by {@link PodStreams} over the upgraded connection. Mounted before the body
 * handler, since a websocket upgrade needs the request unread.
 */
final class StreamRoute implements Handler<RoutingContext> {
  private static final Pattern PATH =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/(exec|attach|portforward)/?");

  private final Vertx vertx;
  private final ApiService api;
  private final BiPredicate<RoutingContext, ApiRequest> authorized;
  private final PodStreams streams;

  StreamRoute(Vertx vertx, ApiService api, BiPredicate<RoutingContext, ApiRequest> authorized) {
    this.vertx = vertx;
    this.api = api;
    this.authorized = authorized;
    this.streams = new PodStreams(vertx);
  }

  /** The API's verdict: a target to serve, or the error to answer. */
  private record Accepted(StreamTarget target, ApiResponse error) {}

  @Override
  public void handle(RoutingContext ctx) {
    Matcher path = PATH.matcher(ctx.request().path());
    if (!path.matches()) {
      ctx.next();
      return;
    }
    ctx.request().pause(); // the upgrade reads the request itself, later
    ApiRequest request = HttpApi.toRequest(ctx);
    if (!authorized.test(ctx, request)) {
      return;
    }
    String podPath = "/api/v1/namespaces/" + path.group(1) + "/pods/" + path.group(2);
    vertx
        .executeBlocking(() -> accept(request, path.group(3), podPath), false)
        .onSuccess(accepted -> serve(ctx, accepted))
        .onFailure(ctx::fail);
  }

  private Accepted accept(ApiRequest request, String subresource, String podPath) {
    ApiResponse checked = api.handle(request);
    if (checked.kubeletNode() == null) {
      return new Accepted(null, checked);
    }
    ApiRequest get =
        new ApiRequest(
            "GET",
            podPath,
            Map.of(),
            Map.of("accept", "application/json"),
            new byte[0],
            request.user());
    ApiResponse pod = api.handle(get);
    if (pod.code() != 200) {
      return new Accepted(null, pod);
    }
    return new Accepted(
        StreamTarget.of(subresource, request.path(), request.query(), Json.parse(pod.body())),
        null);
  }

  private void serve(RoutingContext ctx, Accepted accepted) {
    if (accepted.error() != null) {
      HttpApi.reply(ctx, accepted.error());
      return;
    }
    String connection = ctx.request().getHeader("Connection");
    if (connection == null || !connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade")) {
      HttpApi.reply(ctx, ApiResponse.error(Status.badRequest("Upgrade request required")));
      return;
    }
    streams.serve(ctx.request(), accepted.target());
  }
}
