package io.kubesim.controllermanager.endpoint;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.endpointslice.ServicePods;
import io.kubesim.controllermanager.endpointslice.TriggerTimes;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.vertx.core.Future;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Endpoints controller: writes the Endpoints object of every selecting Service as {@link
 * EndpointsPlanner} computes it, and deletes it with its Service. Keys are Services'
 * namespace/name; a pod's change requeues the Services that select it, a change to an Endpoints
 * object its Service.
 */
public final class EndpointsController implements ManagedController {
  static final ResourcePath ENDPOINTS = ResourcePath.core("endpoints");

  private final ControllerContext ctx;
  private final ServicePods servicePods;
  private final Informer endpoints;
  private final ControllerLoop loop;
  private final TriggerTimes triggerTimes = new TriggerTimes();

  public EndpointsController(ControllerContext ctx) {
    this.ctx = ctx;
    this.servicePods = new ServicePods(ctx.informers());
    this.endpoints = ctx.informers().of(ENDPOINTS);
    // --concurrent-endpoint-syncs defaults to 5
    this.loop = ctx.loop("endpoint", 5, this::sync);
    servicePods.addHandlers(loop::enqueue);
    endpoints.addHandler(EventHandler.enqueue(loop::enqueue));
  }

  @Override
  public String name() {
    return "endpoint";
  }

  @Override
  public void start() {
    loop.start(servicePods.services().keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private Future<Result> sync(String key) {
    String namespace = Keys.namespace(key);
    String path = ENDPOINTS.item(namespace, Keys.name(key));
    ObjectNode currentNode = endpoints.get(key);
    Service service = servicePods.service(key);
    if (service == null) {
      triggerTimes.forget(key);
      // the Service is gone: so are its Endpoints (they have no owner reference to follow)
      return currentNode == null
          ? Future.succeededFuture(Result.done())
          : ctx.api()
              .delete(path)
              .map(gone -> Result.done())
              .recover(
                  e ->
                      ApiClient.isNotFound(e)
                          ? Future.succeededFuture(Result.done())
                          : Future.failedFuture(e));
    }
    List<Pod> pods = servicePods.pods(namespace);
    Endpoints desired =
        EndpointsPlanner.desired(service, pods, triggerTimes.compute(key, service, pods));
    if (desired == null) {
      return Future.succeededFuture(Result.done());
    }
    if (currentNode == null) {
      return ctx.api()
          .create(ENDPOINTS.collection(namespace), ApiClient.tree(desired))
          .map(made -> Result.done());
    }
    Endpoints current = ctx.informers().typed(currentNode, "v1", "Endpoints", Endpoints.class);
    if (EndpointsPlanner.same(current, desired)) {
      return Future.succeededFuture(Result.done());
    }
    desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    return ctx.api().update(path, ApiClient.tree(desired)).map(made -> Result.done());
  }
}
