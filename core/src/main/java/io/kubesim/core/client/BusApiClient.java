package io.kubesim.core.client;

import io.kubesim.core.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Kubernetes API over the clustered event bus, for processes of the cluster. Requests are
 * request/reply on {@link Addresses#API}; a watch streams its JSON lines to a private address until
 * it times out (like an HTTP watch) or is cancelled. A client made {@link #through} a {@link Link}
 * stops reaching the apiserver while that link is cut.
 */
public final class BusApiClient {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BusApiClient.class);

  private final Vertx vertx;
  private final DeliveryOptions options;
  private final Link link;

  public BusApiClient(Vertx vertx, long timeoutMillis) {
    this(vertx, new DeliveryOptions().setSendTimeout(timeoutMillis), new Link());
  }

  private BusApiClient(Vertx vertx, DeliveryOptions options, Link link) {
    this.vertx = vertx;
    this.options = options;
    this.link = link;
  }

  /** The same client, reaching the apiserver only while {@code link} is not cut. */
  public BusApiClient through(Link link) {
    return new BusApiClient(vertx, options, link);
  }

  public Future<ApiReply> call(ApiCall call) {
    if (link.isCut()) {
      // What a partitioned kubelet sees: its request never arrives, so it times out.
      return Future.failedFuture(
          new ReplyException(ReplyFailure.TIMEOUT, "the network to the apiserver is cut"));
    }
    return vertx
        .eventBus()
        .<Buffer>request(Addresses.API, call.toBuffer(), options)
        .map(message -> ApiReply.fromBuffer(message.body()));
  }

  /** The header numbering a watch's messages from 1, the end included. */
  public static final String SEQUENCE = "seq";

  /** A running watch; {@link #cancel()} ends it on the apiserver too. */
  public record Watch(String id, MessageConsumer<Buffer> consumer, Vertx vertx, Runnable onCancel) {
    public Future<Void> cancel() {
      onCancel.run();
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
    Context context = vertx.getOrCreateContext();
    Runnable[] cut = new Runnable[1];
    long[] received = {0};
    boolean[] gap = {false};
    MessageConsumer<Buffer> consumer =
        vertx
            .eventBus()
            .consumer(
                address,
                message -> {
                  if (link.isCut() || gap[0]) {
                    return; // lost on the way; the cut or the gap has ended this watch already
                  }
                  String sequence = message.headers().get(SEQUENCE);
                  if (sequence != null && Long.parseLong(sequence) != ++received[0]) {
                    // a message was lost: end here, so the watcher watches again from the last
                    // event it had and the apiserver replays what was lost
                    gap[0] = true;
                    LOG.warn(
                        "watch {} of {}: message {} arrived after {}: watching again",
                        id,
                        path,
                        sequence,
                        received[0] - 1);
                    cut[0].run();
                    return;
                  }
                  if (message.headers().contains("end")) {
                    link.forget(cut[0]);
                    onEnd.run();
                  } else {
                    onLine.accept(message.body());
                  }
                });
    // A cut ends the watch here, on the watcher's context: the apiserver's end could not arrive.
    cut[0] =
        () -> {
          link.forget(cut[0]);
          vertx.eventBus().send(Addresses.WATCH_CANCEL, id);
          context.runOnContext(v -> consumer.unregister().onComplete(r -> onEnd.run()));
        };
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
              if (link.isCut()) { // cut while the watch was starting
                vertx.eventBus().send(Addresses.WATCH_CANCEL, id);
                consumer.unregister();
                return Future.failedFuture(
                    new ReplyException(
                        ReplyFailure.TIMEOUT, "the network to the apiserver is cut"));
              }
              link.whenCut(cut[0]);
              return Future.succeededFuture(
                  new Watch(id, consumer, vertx, () -> link.forget(cut[0])));
            });
  }
}
