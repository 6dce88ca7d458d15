package io.kubesim.console.cluster;

import io.kubesim.console.ConsoleContext;
import io.kubesim.console.ConsoleRoutes;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cluster view: rebuilt from the caches a moment after any watch event ({@link
 * io.kubesim.console.ConsoleConfig#viewDelay()}) and pushed to every page as the {@code view}
 * event; {@code GET /api/cluster/view} answers the latest, {@code GET /api/cluster/yaml} one
 * object's YAML. While no page is open the view is only marked stale and rebuilt when a page
 * connects or asks: each rebuild walks every cached object, which a 20,000-pod cluster's stream of
 * events made the console's main cost (97 CPU-seconds of a benchmark's first five minutes).
 */
public final class ClusterRoutes implements ConsoleRoutes {
  private ConsoleContext context;
  private long timer = -1;
  private volatile boolean stale;
  private long usageTimer = -1;
  private Map<String, Snapshot.Usage> usage = Map.of();

  @Override
  public Future<Void> start(ConsoleContext context) {
    this.context = context;
    context.cluster().onChange(kind -> schedule());
    context.push().onConnect(this::refreshIfStale);
    rebuild();
    usageTimer =
        context.vertx().setPeriodic(context.config().metricsPeriod().toMillis(), t -> readUsage());
    readUsage();
    return Future.succeededFuture();
  }

  @Override
  public void readRoutes(Router router, ConsoleContext context) {
    router.get("/api/cluster/view").handler(this::view);
    router.get("/api/cluster/yaml").handler(this::yaml);
  }

  @Override
  public Future<Void> stop() {
    if (context != null) {
      context.vertx().cancelTimer(timer);
      context.vertx().cancelTimer(usageTimer);
    }
    return Future.succeededFuture();
  }

  /** One rebuild per burst of events: the first event sets the timer, later ones ride on it. */
  private void schedule() {
    if (context.push().clients() == 0) {
      stale = true;
      return;
    }
    if (timer < 0) {
      timer =
          context
              .vertx()
              .setTimer(
                  Math.max(1, context.config().viewDelay().toMillis()),
                  t -> {
                    timer = -1;
                    rebuild();
                  });
    }
  }

  private void refreshIfStale() {
    if (stale) {
      rebuild();
    }
  }

  private void rebuild() {
    stale = false;
    context.push().send("view", ClusterView.build(Snapshot.of(context.cluster(), usage)));
  }

  private void readUsage() {
    Usage.read(context.api())
        .onSuccess(
            read -> {
              if (!read.equals(usage)) {
                usage = read;
                schedule();
              }
            });
  }

  private void view(RoutingContext ctx) {
    refreshIfStale();
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(context.push().latest("view", () -> "{}"));
  }

  private void yaml(RoutingContext ctx) {
    String kind = ctx.queryParams().get("kind");
    String namespace = ctx.queryParams().get("namespace");
    String name = ctx.queryParams().get("name");
    if (kind == null || name == null || !ClusterCache.RESOURCES.containsKey(kind)) {
      ctx.response().setStatusCode(400).end("kind (a watched kind) and name are required\n");
      return;
    }
    ObjectNode object =
        context
            .cluster()
            .get(kind, namespace == null || namespace.isEmpty() ? name : namespace + "/" + name);
    if (object == null) {
      ctx.response().setStatusCode(404).end(kind + " " + name + " not found\n");
      return;
    }
    ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8")
        .end(Json.YAML.writeValueAsString(withoutManagedFields(object)));
  }

  /** As kubectl get -o yaml shows it since 1.21: without managedFields. */
  private static ObjectNode withoutManagedFields(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    if (copy.path("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
    }
    return copy;
  }
}
