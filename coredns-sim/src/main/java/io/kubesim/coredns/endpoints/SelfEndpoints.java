package io.kubesim.coredns.endpoints;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.coredns.endpoints.KubeDnsObjects.Server;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the kube-dns Service's Endpoints and EndpointSlice pointing at this server, as the endpoint
 * controllers would for a CoreDNS pod: at start, whenever the cluster view changes, and every
 * resync period; level-triggered (read the Service and both objects, write only what differs), so a
 * lost event or a conflict is repaired by the next pass. When the server stops its endpoint turns
 * not ready (a terminating pod's). No Service, nothing to keep: a deleted kube-dns stays deleted,
 * as on a kubeadm cluster.
 */
public final class SelfEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(SelfEndpoints.class);
  private static final ResourcePath SERVICES = ResourcePath.core("services");
  private static final ResourcePath ENDPOINTS = ResourcePath.core("endpoints");
  private static final ResourcePath SLICES =
      ResourcePath.of("discovery.k8s.io/v1", "endpointslices");

  private final Vertx vertx;
  private final ApiClient api;
  private final Server server;
  private final Duration period;
  private Context context;
  private long timer = -1;
  private boolean running;
  private boolean again;

  public SelfEndpoints(Vertx vertx, ApiClient api, Server server, Duration period) {
    this.vertx = vertx;
    this.api = api;
    this.server = server;
    this.period = period;
  }

  /** The first pass; then a pass every period. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    timer = vertx.setPeriodic(period.toMillis(), t -> trigger());
    return sync(server).recover(e -> Future.succeededFuture());
  }

  /** Asks for a pass (one at a time; a request during a pass runs one more after it). */
  public void trigger() {
    context.runOnContext(
        v -> {
          if (running) {
            again = true;
            return;
          }
          running = true;
          sync(server)
              .onComplete(
                  done -> {
                    running = false;
                    if (again) {
                      again = false;
                      trigger();
                    }
                  });
        });
  }

  /** Stops the passes and marks the endpoint not ready. */
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return sync(server.stopping()).recover(e -> Future.succeededFuture());
  }

  private Future<Void> sync(Server state) {
    return api.get(SERVICES.item(KubeDnsObjects.NAMESPACE, KubeDnsObjects.SERVICE))
        .compose(
            service ->
                Future.all(
                        keep(
                            ENDPOINTS,
                            KubeDnsObjects.SERVICE,
                            KubeDnsObjects.endpoints(service, state)),
                        keep(SLICES, KubeDnsObjects.SLICE, KubeDnsObjects.slice(service, state)))
                    .<Void>mapEmpty())
        .recover(
            e -> {
              if (!ApiClient.isNotFound(e)) {
                LOG.warn("kube-dns endpoints: {}", e.toString());
              }
              return Future.failedFuture(e);
            });
  }

  /** Creates the object, or updates it when it differs from {@code desired}. */
  private Future<Void> keep(ResourcePath path, String name, ObjectNode desired) {
    String item = path.item(KubeDnsObjects.NAMESPACE, name);
    return api.get(item)
        .compose(
            current -> {
              ObjectNode next = KubeDnsObjects.changed(current, desired);
              return next == null
                  ? Future.<Void>succeededFuture()
                  : api.update(item, next).<Void>mapEmpty();
            },
            e ->
                ApiClient.isNotFound(e)
                    ? api.create(path.collection(KubeDnsObjects.NAMESPACE), desired)
                        .<Void>mapEmpty()
                    : Future.failedFuture(e));
  }
}
