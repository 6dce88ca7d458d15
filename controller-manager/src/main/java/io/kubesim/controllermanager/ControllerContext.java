package io.kubesim.controllermanager;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.controller.Result;
import io.kubesim.core.events.EventRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * What every controller is built with: the process's Vert.x, the API client, the informers shared
 * by all controllers (one list+watch per resource), the metrics registry and the clock.
 *
 * @param resync how often the shared informers re-deliver every object, so that a lost event is
 *     repaired within this time (controllers are level-triggered)
 * @param rootCa the cluster CA certificate (PEM) that the root-ca-cert-publisher puts in every
 *     namespace, or null when there is none
 */
public record ControllerContext(
    Vertx vertx,
    ApiClient api,
    SharedInformers informers,
    MeterRegistry registry,
    Clock clock,
    Duration resync,
    String rootCa) {

  /** An event recorder reporting as {@code component}, e.g. "deployment-controller". */
  public EventRecorder recorder(String component) {
    return new EventRecorder(api, component, null, clock);
  }

  /** A work loop for a controller, with the workqueue_* metrics under {@code name}. */
  public ControllerLoop loop(String name, int workers, Function<String, Future<Result>> reconcile) {
    return new ControllerLoop(vertx, registry, name, workers, reconcile);
  }
}
