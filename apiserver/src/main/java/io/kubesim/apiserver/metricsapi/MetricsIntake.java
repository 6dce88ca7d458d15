package io.kubesim.apiserver.metricsapi;

import io.kubesim.core.Addresses;
import io.kubesim.core.stats.ResourceStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the kubelets' reports off the event bus ({@link Addresses#RESOURCE_STATS}) into the
 * storage: metrics-server's scrape loop, turned round so that the nodes push and nobody waits on
 * 1,000 kubelets.
 */
public final class MetricsIntake {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsIntake.class);

  private MetricsIntake() {}

  /** Completes once the consumer is registered across the cluster. */
  public static Future<Void> register(Vertx vertx, MetricsStorage storage) {
    MessageConsumer<Buffer> consumer =
        vertx
            .eventBus()
            .consumer(
                Addresses.RESOURCE_STATS,
                message -> {
                  try {
                    storage.record(ResourceStats.fromJson(message.body().getBytes()));
                  } catch (RuntimeException e) {
                    LOG.warn("a resource stats report was dropped: {}", e.toString());
                  }
                });
    return consumer.completion();
  }
}
