package io.kubesim.apiserver.http;

import io.kubesim.apiserver.registry.PodLogOptions;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.core.Addresses;
import io.kubesim.core.api.Status;
import io.kubesim.core.client.ApiCall;
import io.kubesim.core.client.ApiReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Pod streams (logs) proxied to the kubelet of the pod's node over the event bus, as the real
 * apiserver proxies them to the kubelet's HTTPS port. Without follow the kubelet's reply is the
 * answer; with follow the answer is a chunked response fed by the stream messages (see {@link
 * ApiCall#STREAM_ADDRESS}) until the kubelet ends it, the client goes away (the kubelet is told to
 * stop), or nothing, not even a ping, came for {@link #IDLE_MILLIS} (the kubelet died).
 */
final class KubeletProxy {
  static final long REPLY_TIMEOUT_MILLIS = 30_000;
  static final long IDLE_MILLIS = 45_000;

  private final Vertx vertx;

  KubeletProxy(Vertx vertx) {
    this.vertx = vertx;
  }

  void forward(RoutingContext ctx, ApiRequest request, String node) {
    boolean follow = request.flag("follow");
    if (!follow) {
      call(request, node, null)
          .onSuccess(reply -> HttpApi.reply(ctx, toResponse(reply)))
          .onFailure(e -> HttpApi.reply(ctx, ApiResponse.error(unreachable(e, node, request))));
      return;
    }
    new Follow(ctx, request, node).start();
  }

  private Future<ApiReply> call(ApiRequest request, String node, String streamAddress) {
    Map<String, String> headers = new HashMap<>(request.headers());
    headers.remove("authorization");
    if (streamAddress != null) {
      headers.put(ApiCall.STREAM_ADDRESS, streamAddress);
    }
    // The request was checked by the registry; the kubelet gets the options in their one spelling.
    Map<String, List<String>> query = PodLogOptions.of(request, "").kubeletQuery(true);
    ApiCall call = new ApiCall("GET", request.path(), query, headers, new byte[0]);
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.KUBELET_PREFIX + node,
            call.toJson(),
            new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MILLIS))
        .map(m -> ApiReply.fromJson(m.body()));
  }

  private static ApiResponse toResponse(ApiReply reply) {
    return new ApiResponse(reply.code(), reply.contentType(), reply.body(), List.of());
  }

  /** What the real apiserver says when it cannot reach the kubelet: a 500 with the dial error. */
  private static io.kubesim.core.api.ApiException unreachable(
      Throwable e, String node, ApiRequest request) {
    String url = "https://" + node + ":10250/containerLogs" + request.path();
    if (e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
      return Status.internal(
          "Get \"" + url + "\": dial tcp: lookup " + node + ": no kubelet is running there");
    }
    return Status.internal("Get \"" + url + "\": " + e.getMessage());
  }

  /** One followed stream. Everything runs on the connection's context. */
  private final class Follow {
    private final RoutingContext ctx;
    private final ApiRequest request;
    private final String node;
    private final String address = Addresses.POD_STREAM_PREFIX + UUID.randomUUID();
    private final List<Buffer> early = new ArrayList<>();
    private MessageConsumer<Buffer> consumer;
    private boolean started;
    private boolean done;
    private long lastSeen = System.nanoTime();
    private long idleTimer = -1;

    Follow(RoutingContext ctx, ApiRequest request, String node) {
      this.ctx = ctx;
      this.request = request;
      this.node = node;
    }

    void start() {
      consumer = vertx.eventBus().consumer(address, this::onMessage);
      consumer
          .completion()
          .compose(v -> call(request, node, address))
          .onSuccess(this::onReply)
          .onFailure(e -> fail(unreachable(e, node, request)));
    }

    private void onReply(ApiReply reply) {
      if (reply.code() != 200) {
        finish(false);
        HttpApi.reply(ctx, toResponse(reply));
        return;
      }
      HttpServerResponse response = ctx.response();
      if (response.closed()) {
        finish(true);
        return;
      }
      response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "text/plain");
      response.writeHead();
      started = true;
      if (reply.body().length > 0) {
        response.write(Buffer.buffer(reply.body()));
      }
      early.forEach(response::write);
      early.clear();
      response.closeHandler(v -> finish(true));
      idleTimer =
          vertx.setPeriodic(
              IDLE_MILLIS / 3,
              t -> {
                if ((System.nanoTime() - lastSeen) / 1_000_000 > IDLE_MILLIS) {
                  end();
                }
              });
      if (done) {
        end();
      }
    }

    private void onMessage(Message<Buffer> message) {
      lastSeen = System.nanoTime();
      if (message.headers().contains("ping")) {
        message.reply(Buffer.buffer("ok"));
        return;
      }
      if (message.headers().contains("end")) {
        done = true;
        if (started) {
          end();
        }
        return;
      }
      if (!started) {
        early.add(message.body());
      } else if (!ctx.response().ended() && !ctx.response().closed()) {
        ctx.response().write(message.body());
      }
    }

    private void fail(io.kubesim.core.api.ApiException e) {
      finish(false);
      HttpApi.reply(ctx, ApiResponse.error(e));
    }

    private void end() {
      finish(false);
      if (!ctx.response().ended() && !ctx.response().closed()) {
        ctx.response().end();
      }
    }

    /** Stops listening; {@code cancel} tells the kubelet to stop sending (the client left). */
    private void finish(boolean cancel) {
      vertx.cancelTimer(idleTimer);
      if (consumer != null) {
        consumer.unregister();
      }
      if (cancel) {
        vertx
            .eventBus()
            .send(Addresses.KUBELET_PREFIX + node, new JsonObject().put("cancel", address));
      }
    }
  }
}
