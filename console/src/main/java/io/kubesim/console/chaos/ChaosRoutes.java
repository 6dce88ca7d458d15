package io.kubesim.console.chaos;

import io.kubesim.console.ConsoleContext;
import io.kubesim.console.ConsoleRoutes;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.core.json.Json;
import io.kubesim.core.net.Loopback;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chaos experiments: the recorder and its routes.
 *
 * <ul>
 *   <li>{@code GET /api/chaos/experiments}: the timeline as JSON ({@code ?output=table}: the table
 *       {@code bin/kubesim chaos list} prints).
 *   <li>{@code POST /chaos/experiments} {@code {"kind":"kill-node","target":"kubesim-worker2"}} and
 *       {@code POST /chaos/heal} {@code {"target":"kubesim-worker2"}} (no target: every node): how
 *       the chaos commands report what they just did. From loopback only (the launcher's host, or
 *       {@code docker exec} into the console's container): a report changes nothing in the cluster,
 *       but nobody else should write the timeline. Outside /api, so that a read-only console
 *       records the commands' experiments too.
 *   <li>{@code POST /api/chaos/experiments} and {@code POST /api/chaos/heal}, the same bodies: the
 *       page asks the console to carry an experiment out; only with {@code --allow-chaos}, and only
 *       where {@link ChaosCommand} is set.
 * </ul>
 */
public final class ChaosRoutes implements ConsoleRoutes {
  /** A node's or a process's name, as the commands accept them. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private final ChaosRunner command;
  private ConsoleContext context;
  private Informer leases;
  private Recorder recorder;

  public ChaosRoutes(Map<String, String> env) {
    ChaosCommand line = ChaosCommand.fromEnv(env);
    this.command = line.available() ? line : DockerChaos.fromEnv(env).orElse(ChaosRunner.NONE);
  }

  @Override
  public Future<Void> start(ConsoleContext context) {
    this.context = context;
    // the kubelets' heartbeats: a node is back only once its Lease is renewed
    leases =
        new Informer(
            context.vertx(),
            context.api(),
            InformerOptions.of(ResourcePath.LEASES).inNamespace("kube-node-lease"));
    recorder = new Recorder(context.clock(), context.registry(), this::snapshot);
    recorder.registerMetrics();
    leases.addHandler(EventHandler.onAddOrUpdate(lease -> changed()));
    context.cluster().onChange(kind -> changed());
    return leases.start();
  }

  @Override
  public Future<Void> stop() {
    return leases == null ? Future.succeededFuture() : leases.stop();
  }

  private Snapshot snapshot() {
    return Snapshots.of(context.cluster()::list, leases.list());
  }

  /** A watch event: the unhealed experiments are judged again; the page hears of any change. */
  private void changed() {
    List<Experiment> before = recorder.list();
    recorder.observe();
    List<Experiment> after = recorder.list();
    if (!before.equals(after)) {
      push(after);
    }
  }

  private void push(List<Experiment> all) {
    context.push().send("chaos", body(all));
  }

  private ObjectNode body(List<Experiment> all) {
    return ChaosJson.experiments(all, context.config().allowChaos(), command.available());
  }

  @Override
  public void readRoutes(Router router, ConsoleContext context) {
    router.get("/api/chaos/experiments").handler(this::list);
    router.post("/chaos/*").handler(BodyHandler.create().setBodyLimit(4096));
    router.post("/chaos/experiments").handler(ctx -> fromLoopback(ctx, this::reported));
    router.post("/chaos/heal").handler(ctx -> fromLoopback(ctx, this::healReported));
  }

  @Override
  public void mutatingRoutes(Router router, ConsoleContext context) {
    router.post("/api/chaos/*").handler(BodyHandler.create().setBodyLimit(4096));
    router.post("/api/chaos/experiments").handler(this::run);
    router.post("/api/chaos/heal").handler(this::runHeal);
  }

  private void list(RoutingContext ctx) {
    if ("table".equals(ctx.queryParams().get("output"))) {
      ctx.response()
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end(ChaosJson.table(recorder.list()));
    } else {
      json(ctx, 200, body(recorder.list()));
    }
  }

  private void reported(RoutingContext ctx) {
    ObjectNode body = body(ctx);
    Kind kind = Kind.of(body.path("kind").asString("")).orElse(null);
    String target = body.path("target").asString("");
    if (kind == null || !NAME.matcher(target).matches()) {
      fail(ctx, Status.badRequest("want {\"kind\": kill-node|kill|partition, \"target\": a name}"));
      return;
    }
    Experiment e = recorder.begin(kind, target);
    push(recorder.list());
    json(ctx, 201, ChaosJson.experiment(e));
  }

  private void healReported(RoutingContext ctx) {
    String target = body(ctx).path("target").asString("");
    List<Experiment> marked = recorder.ended(target.isEmpty() ? null : target);
    push(recorder.list());
    ArrayNode items = Json.object().arrayNode();
    marked.forEach(e -> items.add(ChaosJson.experiment(e)));
    json(ctx, 200, Json.object().set("experiments", items));
  }

  /** The page's experiment: the chaos command carries it out and reports it, as from a shell. */
  private void run(RoutingContext ctx) {
    ObjectNode body = body(ctx);
    String kind = body.path("kind").asString("");
    String target = body.path("target").asString("");
    if (Kind.of(kind).isEmpty() || !NAME.matcher(target).matches()) {
      fail(ctx, Status.badRequest("want {\"kind\": kill-node|kill|partition, \"target\": a name}"));
      return;
    }
    execute(
        ctx,
        List.of(kind, target),
        () -> {
          if (!command.reportsItself()) {
            recorder.begin(Kind.of(kind).orElseThrow(), target);
            push(recorder.list());
          }
          return recorder.latest(target);
        });
  }

  private void runHeal(RoutingContext ctx) {
    String target = body(ctx).path("target").asString("");
    List<String> args = new ArrayList<>(List.of("heal"));
    if (!target.isEmpty()) {
      if (!NAME.matcher(target).matches()) {
        fail(ctx, Status.badRequest("target: a node's name"));
        return;
      }
      args.add(target);
    }
    execute(
        ctx,
        args,
        () -> {
          if (!command.reportsItself()) {
            recorder.ended(target.isEmpty() ? null : target);
            push(recorder.list());
          }
          return target.isEmpty() ? null : recorder.latest(target);
        });
  }

  private void execute(
      RoutingContext ctx, List<String> args, java.util.function.Supplier<Experiment> result) {
    if (!command.available()) {
      fail(
          ctx,
          Status.failure(
              501,
              "NotImplemented",
              "this console cannot carry out experiments (compose: start it with"
                  + " deploy/compose.chaos.yml, which gives it the Docker socket);"
                  + " or run them from a shell: deploy/chaos "
                  + String.join(" ", args),
              null,
              null));
      return;
    }
    context
        .vertx()
        .executeBlocking(() -> command.run(args))
        .onSuccess(
            r -> {
              if (r.exitCode() != 0) {
                fail(ctx, Status.internal(r.output().trim()));
                return;
              }
              Experiment e = result.get();
              json(ctx, 200, e == null ? body(recorder.list()) : ChaosJson.experiment(e));
            })
        .onFailure(
            e ->
                fail(
                    ctx,
                    e instanceof DockerChaos.NoSuchTarget
                        ? Status.failure(404, "NotFound", e.getMessage(), null, null)
                        : Status.internal(e.toString())));
  }

  private static ObjectNode body(RoutingContext ctx) {
    try {
      JsonNode node = ctx.body() == null ? null : Json.parse(ctx.body().buffer().getBytes());
      return node instanceof ObjectNode o ? o : Json.object();
    } catch (JacksonException | NullPointerException e) {
      return Json.object();
    }
  }

  private static void fromLoopback(
      RoutingContext ctx, java.util.function.Consumer<RoutingContext> then) {
    if (Loopback.is(ctx.request().remoteAddress())) {
      then.accept(ctx);
    } else {
      fail(
          ctx,
          Status.failure(
              403, "Forbidden", "experiments are reported from loopback only", null, null));
    }
  }

  private static void fail(RoutingContext ctx, ApiException e) {
    json(ctx, e.code(), e.status());
  }

  private static void json(RoutingContext ctx, int code, ObjectNode body) {
    ctx.response()
        .setStatusCode(code)
        .putHeader("Content-Type", "application/json")
        .end(Json.string(body));
  }
}
