package io.kubesim.apiserver.http;

import io.kubesim.apiserver.ApiService;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.request.WireJson;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.watch.WatchSession;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Watches over HTTP: as a chunked response of JSON lines (kubectl, client-go) or over a websocket
 * with one event per text frame (what fabric8 tries first), both fed by a {@link WatchSession}.
 */
final class WatchHandler {
  /** Watch lines buffered for one slow client before its watch is ended. */
  private static final int MAX_PENDING_WRITES = 10_000;

  private final Vertx vertx;
  private final ApiService api;
  private final Limits limits;

  WatchHandler(Vertx vertx, ApiService api, Limits limits) {
    this.vertx = vertx;
    this.api = api;
    this.limits = limits;
  }

  /** What a watch request names, checked before anything is sent. */
  private record Target(
      RequestInfo info, ResourceType type, ApiRequest request, Runnable release) {}

  /** Checks the request and counts the watch against its client's limit. */
  private Target resolve(RoutingContext ctx, ApiRequest request) {
    RequestInfo info = RequestInfo.parse(request.method(), request.path(), true);
    if (info == null || info.name() != null && info.subresource() != null) {
      throw Status.pathNotFound();
    }
    ResourceType type = ApiService.type(info);
    if (!type.verbs().contains("watch")) {
      throw Status.methodNotAllowed("the server does not allow this method on the resource");
    }
    // A watch of one object (GET .../pods/x?watch=true) is a field selector on its name.
    ApiRequest effective = info.name() == null ? request : byName(request, info.name());
    String client = request.user() + "@" + ctx.request().remoteAddress().hostAddress();
    return new Target(info, type, effective, limits.openWatch(client));
  }

  void chunked(RoutingContext ctx, ApiRequest request) {
    Target target;
    try {
      target = resolve(ctx, request);
    } catch (ApiException e) {
      HttpApi.reply(ctx, ApiResponse.error(e));
      return;
    }
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private");
    LineSink sink =
        new LineSink(
            vertx.getOrCreateContext(),
            line -> response.write(line),
            () -> response.end(),
            () -> !response.ended() && !response.closed());
    WatchSession session;
    try {
      session = start(target, sink);
    } catch (ApiException e) {
      target.release().run();
      response.setChunked(false);
      HttpApi.reply(ctx, ApiResponse.error(e));
      return;
    }
    // Send the headers now: clients wait for them before they count the watch as started.
    response.writeHead();
    Runnable finish = started(target, session, sink);
    response.endHandler(v -> finish.run());
    response.closeHandler(
        v -> {
          session.stop();
          finish.run();
        });
  }

  void websocket(RoutingContext ctx, ApiRequest request) {
    Target target;
    try {
      target = resolve(ctx, request);
    } catch (ApiException e) {
      HttpApi.reply(ctx, ApiResponse.error(e));
      return;
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(ws -> websocketSession(target, ws))
        .onFailure(
            e -> {
              target.release().run();
              ctx.fail(400, e);
            });
  }

  private void websocketSession(Target target, ServerWebSocket ws) {
    LineSink sink =
        new LineSink(
            vertx.getOrCreateContext(),
            line -> ws.writeTextMessage(line.toString()),
            () -> ws.close((short) 1000),
            () -> !ws.isClosed());
    WatchSession session;
    try {
      session = start(target, sink);
    } catch (ApiException e) {
      target.release().run();
      ObjectNode event = io.kubesim.core.json.Json.object().put("type", "ERROR");
      event.set("object", Status.wire(e.status()));
      ws.writeTextMessage(
          new String(WireJson.line(event), java.nio.charset.StandardCharsets.UTF_8));
      ws.close((short) 1000);
      return;
    }
    Runnable finish = started(target, session, sink);
    ws.closeHandler(
        v -> {
          session.stop();
          finish.run();
        });
  }

  private WatchSession start(Target target, LineSink sink) {
    return WatchSession.start(
        api.store(), target.type(), target.info(), target.request(), api.clock(), sink);
  }

  /** Counts the watch, arms its timeout; the returned action undoes both, once. */
  private Runnable started(Target target, WatchSession session, LineSink sink) {
    api.metrics().request(target.info(), "WATCH", null, 200, 0);
    api.metrics().watchStarted(target.type());
    long timer = vertx.setTimer(WatchSession.timeoutMillis(target.request()), id -> session.stop());
    sink.onOverflow(session::stop);
    AtomicBoolean finished = new AtomicBoolean();
    return () -> {
      if (finished.compareAndSet(false, true)) {
        target.release().run();
        vertx.cancelTimer(timer);
        api.metrics().watchEnded(target.type());
      }
    };
  }

  private static ApiRequest byName(ApiRequest request, String name) {
    Map<String, List<String>> query = new LinkedHashMap<>(request.query());
    String fields = request.param("fieldSelector", "");
    String byName = "metadata.name=" + name;
    query.put("fieldSelector", List.of(fields.isEmpty() ? byName : fields + "," + byName));
    return new ApiRequest(
        request.method(), request.path(), query, request.headers(), request.body(), request.user());
  }

  /** Writes watch lines on the connection's event loop, in order; ends a watch that lags. */
  private static final class LineSink implements WatchSession.Sink {
    private final Context context;
    private final Consumer<Buffer> write;
    private final Runnable close;
    private final java.util.function.BooleanSupplier open;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Runnable overflow = () -> {};

    LineSink(
        Context context,
        Consumer<Buffer> write,
        Runnable close,
        java.util.function.BooleanSupplier open) {
      this.context = context;
      this.write = write;
      this.close = close;
      this.open = open;
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
            if (open.getAsBoolean()) {
              write.accept(Buffer.buffer(line));
            }
          });
    }

    @Override
    public void end() {
      context.runOnContext(
          v -> {
            if (open.getAsBoolean()) {
              close.run();
            }
          });
    }
  }
}
