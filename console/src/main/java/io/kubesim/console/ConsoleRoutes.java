package io.kubesim.console;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * A feature of the page that brings its own API routes (the cluster view, scheduling, networking,
 * chaos). {@link Console} starts each feature, then mounts its routes; list a new one in {@link
 * Features}. Routes go under {@code /api/<feature>/}.
 */
public interface ConsoleRoutes {
  /** Starts what the feature keeps (informers are shared: {@link ConsoleContext#cluster()}). */
  default Future<Void> start(ConsoleContext context) {
    return Future.succeededFuture();
  }

  /** GET routes: what the page reads. Mounted always. */
  void readRoutes(Router router, ConsoleContext context);

  /**
   * Routes that change the cluster (a chaos experiment). Mounted only when the console runs with
   * {@code --allow-chaos}; without it every non-GET request under /api answers 403 anyway.
   */
  default void mutatingRoutes(Router router, ConsoleContext context) {}

  default Future<Void> stop() {
    return Future.succeededFuture();
  }

  /** Exposition text added to /metrics, for families Micrometer cannot name; empty by default. */
  default String extraMetrics() {
    return "";
  }
}
