package io.kubesim.core.process;

import io.kubesim.core.client.ApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * What a kubesim process runs once it has joined the cluster: a scheduler, a set of simulated
 * nodes, the controllers. Started with the process's Vert.x, an API client on the event bus and the
 * registry its /metrics serves; tests start the same component inside one JVM.
 */
public interface Component {
  /** A started component; {@link #ready()} backs /readyz. */
  interface Running {
    boolean ready();

    Future<Void> stop();
  }

  Future<Running> start(Vertx vertx, ApiClient api, MeterRegistry registry);

  /**
   * Routes of the component's own beside /metrics, /healthz and /readyz on the process's port
   * (kube-proxy's iptables-save, for one); mounted before {@link #start}.
   */
  default void routes(Router router) {}

  /**
   * Exposition text /metrics adds to the registry's, for families Micrometer cannot name (see
   * {@link io.kubesim.core.observability.HealthRoutes}); empty by default.
   */
  default String extraMetrics() {
    return "";
  }
}
