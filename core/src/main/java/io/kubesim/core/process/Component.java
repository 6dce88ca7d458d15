package io.kubesim.core.process;

import io.kubesim.core.client.ApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

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
}
