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
    mount(router, registry, ready, () -> "");
  }

  /**
   * @param extra exposition text appended to the registry's: families Micrometer cannot name, such
   *     as kube-proxy's gauge kubeproxy_sync_proxy_rules_iptables_total (the Prometheus client
   *     reserves the _total suffix for counters)
   */
  public static void mount(
      Router router,
      PrometheusMeterRegistry registry,
      BooleanSupplier ready,
      java.util.function.Supplier<String> extra) {
    router.get("/metrics").handler(ctx -> metrics(ctx, registry, extra));
    router.get("/healthz").handler(HealthRoutes::ok);
    router.get("/livez").handler(HealthRoutes::ok);
    router.get("/readyz").handler(ctx -> ready(ctx, ready));
  }

  private static void metrics(
      RoutingContext ctx,
      PrometheusMeterRegistry registry,
      java.util.function.Supplier<String> extra) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape() + extra.get());
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
