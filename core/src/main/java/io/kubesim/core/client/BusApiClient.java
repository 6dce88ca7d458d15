package io.kubesim.core.client;

import io.kubesim.core.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Kubernetes API over the clustered event bus, for processes of the cluster. Requests are
 * request/reply on {@link Addresses#API}; a watch streams its JSON lines to a private address until
 * it times out (like an HTTP watch) or is cancelled.
 */
public final class BusApiClient {
  private final Vertx vertx;
  private final DeliveryOptions options;

  public BusApiClient(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  public Future<ApiReply> call(ApiCall call) {
    return vertx
        .eventBus()
        .<Buffer>request(Addresses.API, call.toBuffer(), options)
        .map(message -> ApiReply.fromBuffer(message.body()));
  }

  /** A running watch; {@link #cancel()} ends it on the apiserver too. */
  public record Watch(String id, MessageConsumer<Buffer> consumer, Vertx vertx) {
    public Future<Void> cancel() {
      vertx.eventBus().send(Addresses.WATCH_CANCEL, id);
      return consumer.unregister();
    }
  }

  /**
   * Starts a watch of {@code path} with the query (watch=true is added). Each event arrives as one
   * JSON line; {@code onEnd} runs when the apiserver ends the watch. Fails with the apiserver's
   * reply when it refuses the watch.
   */
  public Future<Watch> watch(
      String path, Map<String, String> query, Consumer<Buffer> onLine, Runnable onEnd) {
    String id = UUID.randomUUID().toString();
    String address = Addresses.WATCH_PREFIX + id;
    MessageConsumer<Buffer> consumer =
        vertx
            .eventBus()
            .consumer(
                address,
                message -> {
                  if (message.headers().contains("end")) {
                    onEnd.run();
                  } else {
                    onLine.accept(message.body());
                  }
                });
    Map<String, String> q = new LinkedHashMap<>(query);
    q.put("watch", "true");
    ApiCall call = ApiCall.of("GET", path, q, new byte[0]);
    Map<String, String> headers = new LinkedHashMap<>(call.headers());
    headers.put(ApiCall.WATCH_ADDRESS, address);
    ApiCall watch = new ApiCall("GET", path, call.query(), headers, null);
    return consumer
        .completion()
        .compose(v -> call(watch))
        .compose(
            reply -> {
              if (reply.code() != 200) {
                consumer.unregister();
                return Future.failedFuture(new IllegalStateException(reply.text()));
              }
              return Future.succeededFuture(new Watch(id, consumer, vertx));
            });
  }
}
