package io.kubesim.apiserver.bus;

import io.kubesim.apiserver.ApiService;
import io.kubesim.apiserver.registry.PodLogOptions;
import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.request.ApiResponse;
import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.watch.WatchSession;
import io.kubesim.core.Addresses;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import io.kubesim.core.client.ApiCall;
import io.kubesim.core.client.ApiReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API on the clustered event bus: the same {@link ApiService} as HTTP, for the cluster's own
 * processes. Watch lines go to the caller's private address; a message with an {@code end} header
 * closes the stream.
 */
public final class BusApi {
  private static final String USER = "system:kubesim-component";

  private final Vertx vertx;
  private final ApiService api;
  private final Map<String, WatchSession> watches = new ConcurrentHashMap<>();

  public BusApi(Vertx vertx, ApiService api) {
    this.vertx = vertx;
    this.api = api;
  }

  public Future<Void> register() {
    Future<Void> calls =
        vertx.eventBus().<Buffer>consumer(Addresses.API, this::handle).completion();
    Future<Void> cancels =
        vertx
            .eventBus()
            .<String>consumer(Addresses.WATCH_CANCEL, m -> cancel(m.body()))
            .completion();
    return Future.all(calls, cancels).mapEmpty();
  }

  private void handle(Message<Buffer> message) {
    ApiCall call;
    try {
      call = ApiCall.fromBuffer(message.body());
    } catch (RuntimeException e) {
      message.reply(toReply(ApiResponse.error(Status.badRequest("malformed API call"))).toBuffer());
      return;
    }
    ApiRequest request =
        new ApiRequest(call.method(), call.path(), call.query(), call.headers(), call.body(), USER);
    String address = call.headers().get(ApiCall.WATCH_ADDRESS);
    if (address != null && request.flag("watch")) {
      message.reply(toReply(watch(request, address)).toBuffer());
      return;
    }
    vertx
        .executeBlocking(() -> api.handle(request), false)
        .onComplete(
            done -> {
              ApiResponse response =
                  done.succeeded()
                      ? done.result()
                      : ApiResponse.error(Status.internal("an error on the server occurred"));
              if (response.kubeletNode() != null) {
                forward(message, call, response.kubeletNode());
              } else {
                message.reply(toReply(response).toBuffer());
              }
            });
  }

  /**
   * A pod stream over the bus: the kubelet's answer is passed on as it is (follow is not offered
   * here, the stream is read once).
   */
  private void forward(Message<Buffer> message, ApiCall call, String node) {
    ApiRequest request =
        new ApiRequest(call.method(), call.path(), call.query(), call.headers(), call.body(), USER);
    java.util.Map<String, java.util.List<String>> query =
        PodLogOptions.of(request, "").kubeletQuery(false);
    ApiCall once = new ApiCall(call.method(), call.path(), query, call.headers(), new byte[0]);
    vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.KUBELET_PREFIX + node,
            once.toJson(),
            new DeliveryOptions().setSendTimeout(30_000))
        .onSuccess(reply -> message.reply(ApiReply.fromJson(reply.body()).toBuffer()))
        .onFailure(
            e ->
                message.reply(
                    toReply(
                            ApiResponse.error(
                                Status.internal(
                                    "the kubelet of node "
                                        + node
                                        + " did not answer: "
                                        + e.getMessage())))
                        .toBuffer()));
  }

  private ApiResponse watch(ApiRequest request, String address) {
    try {
      RequestInfo info = RequestInfo.parse(request.method(), request.path(), true);
      if (info == null || info.name() != null) {
        throw Status.pathNotFound();
      }
      ResourceType type = ApiService.type(info);
      String id = address.substring(Addresses.WATCH_PREFIX.length());
      BusSink sink = new BusSink(address, () -> watches.remove(id));
      WatchSession session =
          WatchSession.start(api.store(), type, info, request, api.clock(), sink);
      watches.put(id, session);
      long timer = vertx.setTimer(WatchSession.timeoutMillis(request), t -> session.stop());
      sink.onEnd(() -> vertx.cancelTimer(timer));
      if (session.ended()) {
        watches.remove(id);
      }
      return ApiResponse.text(200, "watching");
    } catch (ApiException e) {
      return ApiResponse.error(e);
    }
  }

  private void cancel(String id) {
    WatchSession session = watches.remove(id);
    if (session != null) {
      session.stop();
    }
  }

  private static ApiReply toReply(ApiResponse response) {
    return new ApiReply(response.code(), response.contentType(), response.body());
  }

  private final class BusSink implements WatchSession.Sink {
    private final String address;
    private volatile Runnable onEnd;

    BusSink(String address, Runnable onEnd) {
      this.address = address;
      this.onEnd = onEnd;
    }

    void onEnd(Runnable more) {
      Runnable first = onEnd;
      onEnd =
          () -> {
            first.run();
            more.run();
          };
    }

    /**
     * Each message is numbered ({@link io.kubesim.core.client.BusApiClient#SEQUENCE}): the
     * cluster's event bus drops what was in flight on a connection it finds dead (no pong under a
     * heavy load), and a watch that silently skips an event leaves its informer wrong for good; the
     * watcher sees the gap and watches again from the last event it had.
     */
    private long sequence;

    @Override
    public synchronized void send(byte[] line) {
      vertx.eventBus().send(address, Buffer.buffer(line), numbered());
    }

    @Override
    public void end() {
      synchronized (this) {
        vertx.eventBus().send(address, Buffer.buffer(), numbered().addHeader("end", "true"));
      }
      onEnd.run();
    }

    private DeliveryOptions numbered() {
      return new DeliveryOptions()
          .addHeader(io.kubesim.core.client.BusApiClient.SEQUENCE, Long.toString(++sequence));
    }
  }
}
