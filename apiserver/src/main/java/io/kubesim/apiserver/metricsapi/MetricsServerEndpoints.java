package io.kubesim.apiserver.metricsapi;

import io.kubesim.apiserver.registry.Writes;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.apiserver.storage.WatchEvent;
import io.kubesim.core.api.ApiException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the Endpoints and EndpointSlice of {@code kube-system/metrics-server} naming this apiserver
 * while that Service exists without a selector, as kube-apiserver's endpoint reconciler keeps
 * {@code default/kubernetes}'. The controller-manager deletes a Service's Endpoints with it, so
 * without this a learner who deleted the Service and applied it again would wait forever for
 * metrics.k8s.io to come back. A Service with a selector (a real metrics-server Deployment's) is
 * left to the endpoints controllers.
 */
public final class MetricsServerEndpoints implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServerEndpoints.class);

  private static final ResourceType SERVICES = Resources.find("", "v1", "services").orElseThrow();
  private static final ResourceType ENDPOINTS = Resources.find("", "v1", "endpoints").orElseThrow();
  private static final ResourceType SLICES =
      Resources.find("discovery.k8s.io", "v1", "endpointslices").orElseThrow();

  private final Store store;
  private final Writes writes;
  private final String address;
  private final int port;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "metrics-server-endpoints");
            thread.setDaemon(true);
            return thread;
          });
  private Runnable unwatch = () -> {};

  private MetricsServerEndpoints(Store store, Writes writes, String address, int port) {
    this.store = store;
    this.writes = writes;
    this.address = address;
    this.port = port;
  }

  public static MetricsServerEndpoints start(Store store, Writes writes, String address, int port) {
    MetricsServerEndpoints reconciler = new MetricsServerEndpoints(store, writes, address, port);
    reconciler.unwatch = store.watch(store.resourceVersion(), reconciler::onEvent);
    return reconciler;
  }

  /** Store events only mark that something may be missing; the worker looks. */
  private void onEvent(WatchEvent event) {
    ResourceType type = event.resource();
    if ((type == SERVICES || type == ENDPOINTS || type == SLICES)
        && MetricsServer.NAMESPACE.equals(event.namespace())
        && MetricsServer.SERVICE.equals(event.object().path("metadata").path("name").asString(""))
        && pending.compareAndSet(false, true)) {
      worker.execute(this::sync);
    }
  }

  private void sync() {
    pending.set(false);
    String ns = MetricsServer.NAMESPACE;
    JsonNode service = store.get(SERVICES, ns, MetricsServer.SERVICE);
    if (service == null || hasSelector(service)) {
      return;
    }
    try {
      if (store.get(ENDPOINTS, ns, MetricsServer.SERVICE) == null) {
        writes.create(MetricsServer.endpoints(address, port), ns, ENDPOINTS, false);
      }
      if (store.get(SLICES, ns, MetricsServer.SERVICE) == null) {
        writes.create(MetricsServer.endpointSlice(address, port), ns, SLICES, false);
      }
    } catch (ApiException e) {
      // created meanwhile by someone else, or the namespace is going: its event marks it again
      LOG.debug("metrics-server endpoints: {}", e.getMessage());
    }
  }

  private static boolean hasSelector(JsonNode service) {
    JsonNode selector = service.path("spec").path("selector");
    return selector.isObject() && !selector.isEmpty();
  }

  @Override
  public void close() {
    unwatch.run();
    worker.shutdownNow();
  }
}
