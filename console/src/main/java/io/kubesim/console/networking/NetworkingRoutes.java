package io.kubesim.console.networking;

import io.kubesim.console.ConsoleContext;
import io.kubesim.console.ConsoleRoutes;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Networking made visible: a Service's chains on one node as a diagram, and the packet trace drawn
 * on it. Both come from the node's kube-proxy, which computed the rules ({@code /iptables-save},
 * {@code /iptables-trace}, as {@code bin/kubesim exec NODE iptables-save} shows them).
 *
 * <ul>
 *   <li>{@code GET /api/networking/chains?node=N&namespace=NS&name=SVC}
 *   <li>{@code GET /api/networking/trace?node=N&namespace=NS&name=SVC[&port=P][&origin=pod]}: a new
 *       connection to the Service's cluster IP and port (its first port by default)
 * </ul>
 */
public final class NetworkingRoutes implements ConsoleRoutes {
  private ConsoleContext context;
  private HttpClient http;

  @Override
  public Future<Void> start(ConsoleContext context) {
    this.context = context;
    this.http = context.vertx().createHttpClient();
    return Future.succeededFuture();
  }

  @Override
  public void readRoutes(Router router, ConsoleContext context) {
    router.get("/api/networking/chains").handler(this::chains);
    router.get("/api/networking/trace").handler(this::trace);
  }

  @Override
  public Future<Void> stop() {
    return http == null ? Future.succeededFuture() : http.close();
  }

  private void chains(RoutingContext ctx) {
    String node = ctx.queryParams().get("node");
    String service = service(ctx);
    if (node == null || service == null) {
      fail(ctx, 400, "node, namespace and name are required");
      return;
    }
    fetch(context.config().kubeProxyUrl(node) + "/iptables-save?node=" + encode(node))
        .onSuccess(dump -> json(ctx, toJson(ChainDiagram.of(dump, service))))
        .onFailure(e -> fail(ctx, 502, e.getMessage()));
  }

  private void trace(RoutingContext ctx) {
    String node = ctx.queryParams().get("node");
    String service = service(ctx);
    JsonNode svc = service == null ? null : context.cluster().get("Service", service);
    if (node == null || svc == null) {
      fail(ctx, 400, "node and an existing Service (namespace, name) are required");
      return;
    }
    String port = ctx.queryParams().get("port");
    JsonNode first = svc.path("spec").path("ports").path(0);
    if (port == null || port.isEmpty()) {
      port = first.path("port").asString("80");
    }
    String url =
        context.config().kubeProxyUrl(node)
            + "/iptables-trace?node="
            + encode(node)
            + "&destination="
            + encode(svc.path("spec").path("clusterIP").asString(""))
            + "&port="
            + encode(port)
            + "&protocol="
            + first.path("protocol").asString("TCP").toLowerCase(java.util.Locale.ROOT)
            + "&origin="
            + encode(
                ctx.queryParams().get("origin") == null ? "pod" : ctx.queryParams().get("origin"));
    fetch(url)
        .onSuccess(
            text -> {
              ObjectNode json = Json.object();
              json.put("text", text);
              ArrayNode paths = json.putArray("paths");
              for (TracePath p : TracePath.parse(text)) {
                ObjectNode path = paths.addObject();
                path.put("chance", p.chance()).put("verdict", p.verdict());
                p.chains().forEach(path.putArray("chains")::add);
              }
              json(ctx, json);
            })
        .onFailure(e -> fail(ctx, 502, e.getMessage()));
  }

  static ObjectNode toJson(ChainDiagram d) {
    ObjectNode json = Json.object();
    json.put("service", d.service());
    ArrayNode boxes = json.putArray("boxes");
    for (ChainDiagram.Box b : d.boxes()) {
      boxes
          .addObject()
          .put("id", b.id())
          .put("table", b.table())
          .put("label", b.label())
          .put("kind", b.kind())
          .put("masquerade", b.masquerade());
    }
    ArrayNode arrows = json.putArray("arrows");
    for (ChainDiagram.Arrow a : d.arrows()) {
      ObjectNode arrow =
          arrows
              .addObject()
              .put("from", a.from())
              .put("to", a.to())
              .put("rule", a.rule())
              .put("match", a.match());
      if (a.chance() != null) {
        arrow.put("chance", a.chance());
      }
    }
    return json;
  }

  private static String service(RoutingContext ctx) {
    String ns = ctx.queryParams().get("namespace");
    String name = ctx.queryParams().get("name");
    return ns == null || name == null ? null : ns + "/" + name;
  }

  /** The body of a GET to kube-proxy; a non-200 answer fails with its text. */
  private Future<String> fetch(String url) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
        .compose(request -> request.send())
        .compose(
            (HttpClientResponse response) ->
                response
                    .body()
                    .compose(
                        body ->
                            response.statusCode() == 200
                                ? Future.succeededFuture(body.toString())
                                : Future.failedFuture("kube-proxy: " + body.toString().trim())));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void json(RoutingContext ctx, ObjectNode body) {
    ctx.response().putHeader("Content-Type", "application/json").end(Json.string(body));
  }

  private static void fail(RoutingContext ctx, int code, String message) {
    ObjectNode body = Json.object();
    body.put("error", message);
    ctx.response()
        .setStatusCode(code)
        .putHeader("Content-Type", "application/json")
        .end(Json.string(body));
  }
}
