package io.kubesim.apiserver.http;

import io.kubesim.apiserver.ApiService;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.watch.WatchSession;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import io.kubesim.core.observability.HealthRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  /** Watch lines buffered for one slow client before its watch is ended. */
  private static final int MAX_PENDING_WRITES = 10_000;

  private final Vertx vertx;
  private final ApiService api;

  public HttpApi(Vertx vertx, ApiService api) {
    this.vertx = vertx;
    this.api = api;
  }

  public Router router(PrometheusMeterRegistry registry, BooleanSupplier ready) {
    Router router = Router.router(vertx);
    HealthRoutes.mount(router, registry, ready);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.route().handler(this::handle);
    router.errorHandler(413, ctx -> reply(ctx, ApiResponse.error(tooLarge())));
    router.errorHandler(
        500,
        ctx -> {
          LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
          reply(ctx, ApiResponse.error(Status.internal("an error on the server occurred")));
        });
    return router;
  }

  private static ApiException tooLarge() {
    return Status.tooLarge("Request entity too large: limit is " + MAX_BODY);
  }

  private void handle(RoutingContext ctx) {
    ApiRequest request = toRequest(ctx);
    if (request.flag("watch") || request.path().contains("/watch/")) {
      watch(ctx, request);
      return;
    }
    vertx
        .executeBlocking(() -> api.handle(request), false)
        .onSuccess(response -> reply(ctx, response))
        .onFailure(ctx::fail);
  }

  static ApiRequest toRequest(RoutingContext ctx) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    MultiMap params = ctx.queryParams();
    for (String name : params.names()) {
      query.put(name, new ArrayList<>(params.getAll(name)));
    }
    Map<String, String> headers = new HashMap<>();
    ctx.request()
        .headers()
        .forEach(
            h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), HttpApi::join));
    Buffer body = ctx.body().buffer();
    return new ApiRequest(
        ctx.request().method().name(),
        ctx.request().path(),
        query,
        headers,
        body == null ? new byte[0] : body.getBytes(),
        "admin");
  }

  private static String join(String a, String b) {
    return a + "," + b;
  }

  static void reply(RoutingContext ctx, ApiResponse response) {
    HttpServerResponse http = ctx.response();
    if (http.ended()) {
      return;
    }
    http.setStatusCode(response.code()).putHeader("Content-Type", response.contentType());
    response.warnings().forEach(w -> http.headers().add("Warning", "299 - \"" + w + "\""));
    http.end(Buffer.buffer(response.body()));
  }

  private void watch(RoutingContext ctx, ApiRequest request) {
    long started = System.nanoTime();
    RequestInfo info;
    ResourceType type;
    try {
      info = RequestInfo.parse(request.method(), request.path(), true);
      if (info == null || info.name() != null && info.subresource() != null) {
        throw Status.pathNotFound();
      }
      type = ApiService.type(info);
      if (!type.verbs().contains("watch")) {
        throw Status.methodNotAllowed("the server does not allow this method on the resource");
      }
    } catch (ApiException e) {
      reply(ctx, ApiResponse.error(e));
      return;
    }
    // A watch of one object (GET .../pods/x?watch=true) is a field selector on its name.
    ApiRequest effective = info.name() == null ? request : byName(request, info.name());
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private");
    Context context = vertx.getOrCreateContext();
    HttpSink sink = new HttpSink(context, response);
    WatchSession session;
    try {
      session = WatchSession.start(api.store(), type, info, effective, api.clock(), sink);
    } catch (ApiException e) {
      response.setChunked(false);
      reply(ctx, ApiResponse.error(e));
      return;
    }
    // Send the headers now: clients wait for them before they count the watch as started.
    response.writeHead();
    api.metrics().request(info, "WATCH", null, 200, System.nanoTime() - started);
    api.metrics().watchStarted(type);
    long timer = vertx.setTimer(WatchSession.timeoutMillis(request), id -> session.stop());
    java.util.concurrent.atomic.AtomicBoolean finished =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runnable finish =
        () -> {
          if (finished.compareAndSet(false, true)) {
            vertx.cancelTimer(timer);
            api.metrics().watchEnded(type);
          }
        };
    sink.onOverflow(session::stop);
    response.endHandler(v -> finish.run());
    response.closeHandler(
        v -> {
          session.stop();
          finish.run();
        });
  }

  private static ApiRequest byName(ApiRequest request, String name) {
    Map<String, List<String>> query = new LinkedHashMap<>(request.query());
    String fields = request.param("fieldSelector", "");
    String byName = "metadata.name=" + name;
    query.put("fieldSelector", List.of(fields.isEmpty() ? byName : fields + "," + byName));
    return new ApiRequest(
        request.method(), request.path(), query, request.headers(), request.body(), request.user());
  }

  /** Writes watch lines on the connection's event loop, in order. */
  private static final class HttpSink implements WatchSession.Sink {
    private final Context context;
    private final HttpServerResponse response;
    private final java.util.concurrent.atomic.AtomicInteger pending =
        new java.util.concurrent.atomic.AtomicInteger();
    private volatile Runnable overflow = () -> {};

    HttpSink(Context context, HttpServerResponse response) {
      this.context = context;
      this.response = response;
    }

    void onOverflow(Runnable action) {
      overflow = action;
    }

    @Override
    public void send(byte[] line) {
      if (pending.incrementAndGet() > MAX_PENDING_WRITES) {
        context.runOnContext(v -> overflow.run());
        return;
      }
      context.runOnContext(
          v -> {
            pending.decrementAndGet();
            if (!response.ended() && !response.closed()) {
              response.write(Buffer.buffer(line));
            }
          });
    }

    @Override
    public void end() {
      context.runOnContext(
          v -> {
            if (!response.ended() && !response.closed()) {
              response.end();
            }
          });
    }
  }
}
