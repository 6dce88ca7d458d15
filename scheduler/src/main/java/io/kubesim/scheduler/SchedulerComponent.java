package io.kubesim.scheduler;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.process.Component;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/** The scheduler as a process component: one {@link Scheduler} verticle. */
public final class SchedulerComponent implements Component {
  private final SchedulerConfig config;

  public SchedulerComponent(SchedulerConfig config) {
    this.config = config;
  }

  @Override
  public Future<Running> start(Vertx vertx, ApiClient api, MeterRegistry registry) {
    Scheduler scheduler = new Scheduler(api, registry, config, Clock.systemUTC());
    return vertx
        .deployVerticle(scheduler)
        .map(
            id ->
                new Running() {
                  @Override
                  public boolean ready() {
                    return scheduler.synced();
                  }

                  @Override
                  public Future<Void> stop() {
                    return vertx.undeploy(id);
                  }
                });
  }
}
