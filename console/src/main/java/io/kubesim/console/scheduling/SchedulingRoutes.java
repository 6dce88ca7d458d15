package io.kubesim.console.scheduling;

import io.kubesim.console.ConsoleContext;
import io.kubesim.console.ConsoleRoutes;
import io.kubesim.core.Addresses;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scheduling made visible: what the leading scheduler decided for a pod (it records this as it
 * decides; the console never runs a second scheduling pass) and its queue counts. The leader
 * answers on {@link Addresses#SCHEDULER_VERDICTS}; the queue counts are asked every two seconds
 * while a page is open and pushed as the {@code scheduler} event when they change.
 */
public final class SchedulingRoutes implements ConsoleRoutes {
  static final long QUEUES_PERIOD_MILLIS = 2000;
  static final long TIMEOUT_MILLIS = 5000;

  private ConsoleContext context;
  private long timer = -1;
  private String lastQueues = "";

  @Override
  public Future<Void> start(ConsoleContext context) {
    this.context = context;
    timer = context.vertx().setPeriodic(QUEUES_PERIOD_MILLIS, t -> pushQueues());
    return Future.succeededFuture();
  }

  @Override
  public void readRoutes(Router router, ConsoleContext context) {
    router.get("/api/scheduling/pods/:namespace/:name").handler(this::pod);
    router.get("/api/scheduling/queues").handler(this::queues);
  }

  @Override
  public Future<Void> stop() {
    if (context != null) {
      context.vertx().cancelTimer(timer);
    }
    return Future.succeededFuture();
  }

  private void pod(RoutingContext ctx) {
    ObjectNode request = Json.object();
    request.put("namespace", ctx.pathParam("namespace")).put("name", ctx.pathParam("name"));
    answer(ctx, ask(request));
  }

  private void queues(RoutingContext ctx) {
    answer(ctx, ask(Json.object()));
  }

  private void pushQueues() {
    if (context.push().clients() == 0) {
      return;
    }
    ask(Json.object())
        .onSuccess(
            reply -> {
              String text = Json.string(reply);
              if (!text.equals(lastQueues)) {
                lastQueues = text;
                context.push().send("scheduler", reply);
              }
            })
        .onFailure(e -> context.push().send("scheduler", unavailable(e)));
  }

  /** Asks the leading scheduler; fails when none leads (no one listens) or it does not answer. */
  Future<ObjectNode> ask(ObjectNode request) {
    return context
        .vertx()
        .eventBus()
        .<String>request(
            Addresses.SCHEDULER_VERDICTS,
            Json.string(request),
            new DeliveryOptions().setSendTimeout(TIMEOUT_MILLIS))
        .map(
            message -> {
              JsonNode reply = Json.parse(message.body().getBytes(StandardCharsets.UTF_8));
              return (ObjectNode) reply;
            });
  }

  private static ObjectNode unavailable(Throwable e) {
    ObjectNode json = Json.object();
    boolean noLeader = e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
    json.put(
        "error",
        noLeader ? "no scheduler is leading" : "the scheduler did not answer: " + e.getMessage());
    return json;
  }

  private void answer(RoutingContext ctx, Future<ObjectNode> reply) {
    reply.onComplete(
        done -> {
          int code = done.succeeded() ? 200 : 503;
          ObjectNode body = done.succeeded() ? done.result() : unavailable(done.cause());
          ctx.response()
              .setStatusCode(code)
              .putHeader("Content-Type", "application/json")
              .end(Json.string(body));
        });
  }
}
