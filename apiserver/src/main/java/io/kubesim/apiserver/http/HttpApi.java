package io.kubesim.apiserver.http;

import io.kubesim.apiserver.ApiService;
import io.kubesim.apiserver.authorization.Attributes;
import io.kubesim.apiserver.authorization.Rbac;
import io.kubesim.apiserver.authorization.Users;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.QueryString;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.security.Authenticator;
import io.kubesim.apiserver.security.Tokens;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import io.kubesim.core.observability.HealthRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API over HTTP: turns each request into an {@link ApiRequest} for {@link ApiService} (on a
 * worker thread: writes append to the data directory) and streams watches as chunked JSON lines.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /** The real apiserver's limit on a request body (3 MiB). */
  public static final long MAX_BODY = 3L * 1024 * 1024;

  private static final String USER = "kubesim.user";
  private static final String BODY = "kubesim.body";

  private final Vertx vertx;
  private final ApiService api;
  private final WatchHandler watches;
  private final Authenticator authenticator;
  private final Rbac rbac;
  private final Limits limits;
  private final KubeletProxy kubelets;

  /** Paths anyone may read, as the default system:public-info-viewer role allows. */
  private static final java.util.Set<String> PUBLIC =
      java.util.Set.of("/healthz", "/livez", "/readyz", "/version", "/version/");

  /**
   * @param authenticator who bearer tokens speak for; null serves without authentication (and so
   *     without authorization: everyone is the admin)
   */
  public HttpApi(Vertx vertx, ApiService api, Authenticator authenticator, Limits limits) {
    this.vertx = vertx;
    this.api = api;
    this.authenticator = authenticator;
    this.rbac = new Rbac(api.store());
    this.limits = limits;
    this.watches = new WatchHandler(vertx, api, limits);
    this.kubelets = new KubeletProxy(vertx);
  }

  public Router router(PrometheusMeterRegistry registry, BooleanSupplier ready) {
    Router router = Router.router(vertx);
    router.route().handler(this::authenticate);
    HealthRoutes.mount(router, registry, ready);
    router.route().handler(new StreamRoute(vertx, api, this::authorized));
    router.route().handler(this::websocketWatch);
    router.route().handler(HttpApi::readBody);
    router.route().handler(this::handle);
    router.errorHandler(400, HttpApi::badRequestLine);
    router.errorHandler(
        500,
        ctx -> {
          LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
          reply(ctx, ApiResponse.error(Status.internal("an error on the server occurred")));
        });
    return router;
  }

  /** Every request but the public paths needs a valid bearer token; else 401 Unauthorized. */
  private void authenticate(RoutingContext ctx) {
    if (authenticator == null) {
      // Serving without authentication: every caller is the admin (AlwaysAllow).
      ctx.put(USER, Tokens.ADMIN_USER);
      ctx.next();
      return;
    }
    if (PUBLIC.contains(ctx.request().path())) {
      ctx.next();
      return;
    }
    String user = authenticator.user(ctx.request().getHeader("Authorization"));
    if (user == null) {
      reply(ctx, ApiResponse.error(Status.unauthorized()));
      return;
    }
    ctx.put(USER, user);
    ctx.next();
  }

  /** Watches over a websocket (what fabric8 and client-go try first), before the body is read. */
  private void websocketWatch(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader("Upgrade");
    if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
      ApiRequest request = toRequest(ctx);
      if (isWatch(request)) {
        if (!authorized(ctx, request)) {
          return;
        }
        watches.websocket(ctx, request);
        return;
      }
    }
    ctx.next();
  }

  /**
   * Reads the body as the bytes that came, whatever the Content-Type says: kube-apiserver never
   * decodes a form or a multipart body (a write with one is a 415 from the registry, a GET ignores
   * it), and Vert.x's BodyHandler would, throwing on a GET or on a bad escape. At most {@link
   * #MAX_BODY} bytes; more is a 413.
   */
  private static void readBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded()) {
      ctx.next();
      return;
    }
    String declared = request.getHeader("Content-Length");
    if (declared != null && declared.length() > 0 && tooLong(declared)) {
      reply(ctx, ApiResponse.error(tooLarge()));
      return;
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      ctx.response().writeContinue();
    }
    Buffer body = Buffer.buffer();
    boolean[] over = {false};
    request.handler(
        chunk -> {
          if (over[0]) {
            return;
          }
          if (body.length() + (long) chunk.length() > MAX_BODY) {
            over[0] = true;
            reply(ctx, ApiResponse.error(tooLarge()));
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        v -> {
          if (!over[0]) {
            ctx.put(BODY, body);
            ctx.next();
          }
        });
    request.resume();
  }

  private static boolean tooLong(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > MAX_BODY;
    } catch (NumberFormatException e) {
      return false; // the HTTP codec has already refused a malformed length
    }
  }

  /**
   * A request the router could not take apart (a bad percent escape in the path): Go's net/http
   * answers it before any handler, in plain text, and closes the connection.
   */
  private static void badRequestLine(RoutingContext ctx) {
    HttpServerResponse http = ctx.response();
    if (!http.ended()) {
      http.setStatusCode(400)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .putHeader("Connection", "close")
          .end("400 Bad Request");
    }
  }

  /** Only a GET watches: a POST with {@code ?watch=1} is a create, as RequestInfo reads it. */
  private static boolean isWatch(ApiRequest request) {
    return request.method().equals("GET")
        && (request.flag("watch") || request.path().contains("/watch/"));
  }

  private static ApiException tooLarge() {
    return Status.tooLarge("Request entity too large: limit is " + MAX_BODY);
  }

  /**
   * RBAC for authenticated callers outside system:masters (service accounts); a refusal is answered
   * here with 403. Paths that do not parse are left to the handler's 404.
   */
  private boolean authorized(RoutingContext ctx, ApiRequest request) {
    if (authenticator == null || Users.privileged(request.user())) {
      return true; // no need to parse the path for the admin's requests
    }
    try {
      RequestInfo info = RequestInfo.parse(request.method(), request.path(), request.flag("watch"));
      rbac.check(Attributes.of(request.user(), request.method(), request.path(), info));
      return true;
    } catch (ApiException e) {
      if (e.code() != 403) {
        return true;
      }
      reply(ctx, ApiResponse.error(e));
      return false;
    }
  }

  private void handle(RoutingContext ctx) {
    ApiRequest request = toRequest(ctx);
    if (!authorized(ctx, request)) {
      return;
    }
    if (isWatch(request)) {
      watches.chunked(ctx, request);
      return;
    }
    long timeout;
    try {
      timeout = limits.timeoutMillis(request.param("timeout"));
    } catch (ApiException e) {
      reply(ctx, ApiResponse.error(e));
      return;
    }
    // Past its time the client gets 504 Timeout; the work itself still finishes (or fails) alone.
    long timer = vertx.setTimer(timeout, id -> reply(ctx, ApiResponse.error(Limits.timeout())));
    vertx
        .executeBlocking(() -> api.handle(request), false)
        .onComplete(done -> vertx.cancelTimer(timer))
        .onSuccess(response -> answer(ctx, request, response))
        .onFailure(ctx::fail);
  }

  /** A complete answer goes back at once; a pod stream is the kubelet's to answer. */
  private void answer(RoutingContext ctx, ApiRequest request, ApiResponse response) {
    String node = response.kubeletNode();
    if (node == null) {
      reply(ctx, response);
    } else {
      kubelets.forward(ctx, request, node);
    }
  }

  static ApiRequest toRequest(RoutingContext ctx) {
    // Decoded as Go's url.ParseQuery: a bad escape drops its pair instead of failing the request.
    Map<String, List<String>> query = QueryString.parse(ctx.request().query());
    Map<String, String> headers = new HashMap<>();
    ctx.request()
        .headers()
        .forEach(
            h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), HttpApi::join));
    Buffer body = ctx.get(BODY);
    return new ApiRequest(
        ctx.request().method().name(),
        ctx.request().path(),
        query,
        headers,
        body == null ? new byte[0] : body.getBytes(),
        ctx.get(USER, "system:anonymous"));
  }

  private static String join(String a, String b) {
    return a + "," + b;
  }

  /**
   * {@code 299 - "text"} with the text's quotes and backslashes escaped, as
   * k8s.io/apimachinery/pkg/util/net.NewWarningHeader writes it (and kubectl parses it).
   */
  static String warning(String text) {
    return "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static void reply(RoutingContext ctx, ApiResponse response) {
    HttpServerResponse http = ctx.response();
    if (http.ended()) {
      return;
    }
    http.setStatusCode(response.code()).putHeader("Content-Type", response.contentType());
    response.warnings().forEach(w -> http.headers().add("Warning", warning(w)));
    List<byte[]> parts = response.parts();
    if (parts.size() == 1) {
      http.end(Buffer.buffer(parts.get(0)));
      return;
    }
    http.putHeader("Content-Length", Integer.toString(response.length()));
    Buffer chunk = Buffer.buffer(CHUNK);
    for (byte[] part : parts) {
      if (chunk.length() > 0 && chunk.length() + part.length > CHUNK) {
        http.write(chunk);
        chunk = Buffer.buffer(CHUNK);
      }
      chunk.appendBytes(part);
    }
    http.end(chunk);
  }

  /** Buffers of a body in parts stay well under G1's humongous size (half a region, >= 512 KB). */
  private static final int CHUNK = 128 * 1024;
}
