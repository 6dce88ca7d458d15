package io.kubesim.core.observability;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics}, {@code /healthz}, {@code /livez}, {@code /readyz}: what every Kubernetes
 * component serves. Health answers plain {@code ok}, as {@code kubectl get --raw /healthz} expects.
 */
public final class HealthRoutes {
  private HealthRoutes() {}

  public static void mount(Router router, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    router.get("/metrics").handler(ctx -> metrics(ctx, registry));
    router.get("/healthz").handler(HealthRoutes::ok);
    router.get("/livez").handler(HealthRoutes::ok);
    router.get("/readyz").handler(ctx -> ready(ctx, ready));
  }

  private static void metrics(RoutingContext ctx, PrometheusMeterRegistry registry) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape());
  }

  private static void ok(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("ok");
  }

  private static void ready(RoutingContext ctx, BooleanSupplier ready) {
    if (ready.getAsBoolean()) {
      ok(ctx);
    } else {
      ctx.response()
          .setStatusCode(503)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("[-]ready failed: not ready yet\nreadyz check failed");
    }
  }
}
