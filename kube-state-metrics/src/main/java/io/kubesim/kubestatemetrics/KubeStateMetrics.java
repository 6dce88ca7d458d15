package io.kubesim.kubestatemetrics;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.core.process.Component;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The kube-state-metrics process: informers on pods, deployments, nodes, namespaces and replication
 * controllers, and a collector that turns their caches into metrics on every scrape of /metrics.
 */
public final class KubeStateMetrics implements Component {
  static final ResourcePath DEPLOYMENTS = ResourcePath.of("apps/v1", "deployments");
  static final ResourcePath NAMESPACES = ResourcePath.core("namespaces");
  static final ResourcePath REPLICATION_CONTROLLERS = ResourcePath.core("replicationcontrollers");

  @Override
  public Future<Running> start(Vertx vertx, ApiClient api, MeterRegistry registry) {
    if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
      return Future.failedFuture(new IllegalArgumentException("needs a Prometheus registry"));
    }
    Informer pods = new Informer(vertx, api, InformerOptions.of(ResourcePath.PODS));
    Informer deployments = new Informer(vertx, api, InformerOptions.of(DEPLOYMENTS));
    Informer nodes = new Informer(vertx, api, InformerOptions.of(ResourcePath.NODES));
    Informer namespaces = new Informer(vertx, api, InformerOptions.of(NAMESPACES));
    Informer controllers = new Informer(vertx, api, InformerOptions.of(REPLICATION_CONTROLLERS));
    List<Informer> all = List.of(pods, deployments, nodes, namespaces, controllers);
    MultiCollector collector =
        () ->
            new MetricSnapshots(
                StateMetrics.of(
                    pods.list(),
                    deployments.list(),
                    nodes.list(),
                    namespaces.list(),
                    controllers.list()));
    prometheus.getPrometheusRegistry().register(collector);
    // Informers retry their lists until the apiserver answers; ready means every cache synced.
    all.forEach(Informer::start);
    return Future.succeededFuture(
        new Running() {
          @Override
          public boolean ready() {
            return all.stream().allMatch(Informer::hasSynced);
          }

          @Override
          public Future<Void> stop() {
            prometheus.getPrometheusRegistry().unregister(collector);
            return Future.join(all.stream().map(Informer::stop).toList()).mapEmpty();
          }
        });
  }
}
