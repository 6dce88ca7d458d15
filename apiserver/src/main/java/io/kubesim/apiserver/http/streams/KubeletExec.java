package io.kubesim.apiserver.http.streams;

import io.kubesim.core.Addresses;
import io.kubesim.core.client.ApiCall;
import io.kubesim.core.client.ApiReply;
import io.kubesim.core.client.ExecStream;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * The apiserver's end of an exec or attach session with the kubelet of the pod's node, on the event
 * bus ({@link ExecStream} describes the messages). Runs on the connection's context.
 */
final class KubeletExec {
  static final long REPLY_TIMEOUT_MILLIS = 30_000;

  /** The kubelet pings every 10 s: this long without a word and it is taken for dead. */
  static final long IDLE_MILLIS = 45_000;

  /** Where the kubelet's output goes. */
  interface Output {
    void output(int channel, Buffer data);

    /** The v4 Status the session ended with (as the kubelet wrote it). */
    void finish(ObjectNode status);
  }

  /** The kubelet refused the session before it began: its HTTP status and text. */
  static final class Refused extends RuntimeException {
    final int code;

    Refused(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private final Vertx vertx;
  private final StreamTarget target;
  private final String address = Addresses.POD_STREAM_PREFIX + UUID.randomUUID();
  private MessageConsumer<Buffer> consumer;
  private String input;
  private Output output;
  private boolean done;
  private long lastSeen = System.nanoTime();
  private long idleTimer = -1;

  KubeletExec(Vertx vertx, StreamTarget target) {
    this.vertx = vertx;
    this.target = target;
  }

  /** Asks the kubelet for the session; fails with {@link Refused} or the bus's failure. */
  Future<Void> open() {
    consumer = vertx.eventBus().consumer(address, this::onMessage);
    Map<String, String> headers = Map.of(ApiCall.STREAM_ADDRESS, address);
    ApiCall call = new ApiCall("POST", target.path(), target.query(), headers, new byte[0]);
    return consumer
        .completion()
        .compose(
            v ->
                vertx
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.KUBELET_PREFIX + target.node(),
                        call.toJson(),
                        new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MILLIS)))
        .map(m -> ApiReply.fromJson(m.body()))
        .compose(
            reply -> {
              if (reply.code() != 200) {
                return Future.failedFuture(new Refused(reply.code(), reply.text()));
              }
              input = reply.text();
              return Future.<Void>succeededFuture();
            })
        .onFailure(e -> stop());
  }

  /** What the real apiserver reports when it cannot get a stream from the kubelet. */
  static String unreachable(Throwable e, String node) {
    if (e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
      return "error dialing backend: dial tcp: lookup " + node + ": no kubelet is running there";
    }
    return "error dialing backend: " + e.getMessage();
  }

  /** The client's streams are ready: the command runs. */
  void start(Output output) {
    this.output = output;
    send(Buffer.buffer(), ExecStream.START, null);
    idleTimer =
        vertx.setPeriodic(
            IDLE_MILLIS / 3,
            t -> {
              if ((System.nanoTime() - lastSeen) / 1_000_000 > IDLE_MILLIS) {
                end(
                    ExecStream.internal(
                        "error reading from the kubelet of node "
                            + target.node()
                            + ": it stopped answering"));
              }
            });
  }

  void stdin(Buffer data) {
    send(data, ExecStream.CHANNEL, ExecStream.STDIN);
  }

  void stdinClosed() {
    DeliveryOptions options =
        new DeliveryOptions()
            .addHeader(ExecStream.CHANNEL, Integer.toString(ExecStream.STDIN))
            .addHeader(ExecStream.CLOSE, "true");
    if (input != null && !done) {
      vertx.eventBus().send(input, Buffer.buffer(), options);
    }
  }

  void resize(Buffer json) {
    send(json, ExecStream.CHANNEL, ExecStream.RESIZE);
  }

  /** The client went away: the kubelet stops the command. */
  void cancel() {
    if (!done) {
      send(Buffer.buffer(), ExecStream.CANCEL, null);
    }
    stop();
  }

  private void send(Buffer body, String header, Integer channel) {
    if (input == null || done) {
      return;
    }
    DeliveryOptions options =
        new DeliveryOptions().addHeader(header, channel == null ? "true" : channel.toString());
    vertx.eventBus().send(input, body, options);
  }

  private void onMessage(Message<Buffer> message) {
    lastSeen = System.nanoTime();
    if (message.headers().contains(ExecStream.PING)) {
      message.reply(Buffer.buffer(done ? "gone" : "ok"));
      return;
    }
    String channel = message.headers().get(ExecStream.CHANNEL);
    if (channel == null || output == null || done) {
      return;
    }
    int c = Integer.parseInt(channel);
    if (c == ExecStream.ERROR) {
      end((ObjectNode) Json.parse(message.body().getBytes()));
    } else {
      output.output(c, message.body());
    }
  }

  private void end(ObjectNode status) {
    if (done) {
      return;
    }
    Output out = output;
    stop();
    if (out != null) {
      out.finish(status);
    }
  }

  private void stop() {
    done = true;
    vertx.cancelTimer(idleTimer);
    if (consumer != null) {
      consumer.unregister();
    }
  }
}
