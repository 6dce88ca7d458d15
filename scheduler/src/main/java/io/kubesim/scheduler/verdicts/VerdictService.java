package io.kubesim.scheduler.verdicts;

import io.kubesim.core.Addresses;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers the console on {@link Addresses#SCHEDULER_VERDICTS} while this scheduler leads: only the
 * leader decides, so only the leader listens, and a request over the clustered event bus reaches it
 * wherever it runs (compose runs two schedulers). Request: {@code {"namespace","name"}} (both
 * optional); reply: {@code {"leader", "queues": {active, backoff, unschedulable, gated}, "verdict":
 * {...} or null}}, JSON text both ways.
 */
public final class VerdictService {
  private final Vertx vertx;
  private final Verdicts verdicts;
  private final String identity;
  private final Supplier<ObjectNode> queues;
  private MessageConsumer<String> consumer;

  public VerdictService(
      Vertx vertx, Verdicts verdicts, String identity, Supplier<ObjectNode> queues) {
    this.vertx = vertx;
    this.verdicts = verdicts;
    this.identity = identity;
    this.queues = queues;
  }

  /** Starts answering (on the caller's context, the scheduler's). */
  public void listen() {
    if (consumer == null) {
      consumer = vertx.eventBus().consumer(Addresses.SCHEDULER_VERDICTS, this::answer);
    }
  }

  public Future<Void> close() {
    if (consumer == null) {
      return Future.succeededFuture();
    }
    MessageConsumer<String> c = consumer;
    consumer = null;
    return c.unregister();
  }

  private void answer(Message<String> message) {
    String body = message.body() == null || message.body().isBlank() ? "{}" : message.body();
    JsonNode request = Json.parse(body.getBytes(StandardCharsets.UTF_8));
    String namespace = request.path("namespace").asString("");
    String name = request.path("name").asString("");
    ObjectNode reply = Json.object();
    reply.put("leader", identity);
    reply.set("queues", queues.get());
    Verdict verdict = name.isEmpty() ? null : verdicts.get(namespace + "/" + name);
    if (verdict == null) {
      reply.putNull("verdict");
    } else {
      reply.set("verdict", VerdictJson.of(verdict));
    }
    message.reply(Json.string(reply));
  }
}
