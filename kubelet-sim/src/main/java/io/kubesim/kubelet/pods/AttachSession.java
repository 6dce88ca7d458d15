package io.kubesim.kubelet.pods;

import io.kubesim.core.Addresses;
import io.kubesim.core.client.ExecStream;
import io.kubesim.core.json.Json;
import io.kubesim.kubelet.exec.ExecSession;
import io.kubesim.kubelet.exec.LineDiscipline;
import io.kubesim.kubelet.logs.ContainerLog;
import io.kubesim.kubelet.runtime.ContainerSim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code kubectl attach}: the output of the container's first process from now on, until the run
 * ends (then Success) or the client leaves. The simulated program reads no input, so stdin is
 * accepted and dropped. Messages as in {@link ExecStream}; runs on the kubelet's context.
 */
final class AttachSession {
  private final Vertx vertx;
  private final PodWorker worker;
  private final ContainerSim container;
  private final ExecSession.Options options;
  private final String out;
  private final Consumer<String> onEnd;
  private final String in = Addresses.EXEC_SESSION_PREFIX + UUID.randomUUID();
  private MessageConsumer<Buffer> consumer;
  private Runnable unfollow = () -> {};
  private long pingTimer = -1;
  private boolean ended;

  AttachSession(
      Vertx vertx,
      PodWorker worker,
      ContainerSim container,
      ExecSession.Options options,
      String out,
      Consumer<String> onEnd) {
    this.vertx = vertx;
    this.worker = worker;
    this.container = container;
    this.options = options;
    this.out = out;
    this.onEnd = onEnd;
  }

  String address() {
    return in;
  }

  Future<String> listen() {
    consumer = vertx.eventBus().consumer(in, this::onMessage);
    vertx.setTimer(
        60_000,
        t -> {
          if (pingTimer < 0 && !ended) {
            kill(); // never started: the apiserver went away in between
          }
        });
    return consumer.completion().map(v -> in);
  }

  private void onMessage(Message<Buffer> message) {
    if (message.headers().contains(ExecStream.START)) {
      start();
    } else if (message.headers().contains(ExecStream.CANCEL)) {
      kill();
    }
  }

  private void start() {
    ContainerLog log = worker.log(container.name());
    pingTimer = vertx.setPeriodic(10_000, t -> ping());
    if (log == null) {
      vertx.runOnContext(v -> end());
      return;
    }
    unfollow =
        log.follow(
            container.restartCount(),
            new ContainerLog.Query(false, false, 0, null, null),
            new ContainerLog.Follower() {
              @Override
              public void line(String rendered) {
                if (options.stdout()) {
                  String text = options.tty() ? LineDiscipline.output(rendered) : rendered;
                  send(Buffer.buffer(text), ExecStream.STDOUT);
                }
              }

              @Override
              public void end() {
                vertx.runOnContext(v -> AttachSession.this.end());
              }
            });
  }

  /** Whether the apiserver still reads the session; when not, it ends. */
  private void ping() {
    DeliveryOptions ping =
        new DeliveryOptions().addHeader(ExecStream.PING, "true").setSendTimeout(10_000);
    vertx
        .eventBus()
        .<Buffer>request(out, Buffer.buffer(), ping)
        .onComplete(
            r -> {
              if (r.failed() || !"ok".equals(r.result().body().toString())) {
                kill();
              }
            });
  }

  private void end() {
    if (ended) {
      return;
    }
    send(Buffer.buffer(Json.bytes(ExecStream.success())), ExecStream.ERROR);
    kill();
  }

  void kill() {
    ended = true;
    unfollow.run();
    vertx.cancelTimer(pingTimer);
    if (consumer != null) {
      consumer.unregister();
    }
    onEnd.accept(in);
  }

  private void send(Buffer body, int channel) {
    vertx
        .eventBus()
        .send(
            out,
            body,
            new DeliveryOptions().addHeader(ExecStream.CHANNEL, Integer.toString(channel)));
  }
}
