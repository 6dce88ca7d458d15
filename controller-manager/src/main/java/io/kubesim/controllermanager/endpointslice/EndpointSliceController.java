package io.kubesim.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.Trees;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The EndpointSlice controller: keeps each selecting Service's EndpointSlices true to its pods
 * ({@link EndpointSlicePlanner} decides). Keys are Services' namespace/name; a pod's change
 * requeues the Services that select it, a managed slice's change its Service, a node's zone change
 * every Service.
 */
public final class EndpointSliceController implements ManagedController {
  static final ResourcePath SLICES = ResourcePath.of("discovery.k8s.io/v1", "endpointslices");
  private static final String ZONE = "topology.kubernetes.io/zone";

  private final ControllerContext ctx;
  private final ServicePods servicePods;
  private final Informer slices;
  private final Informer nodes;
  private final ControllerLoop loop;
  private final SliceTracker tracker = new SliceTracker();
  private final TriggerTimes triggerTimes = new TriggerTimes();

  public EndpointSliceController(ControllerContext ctx) {
    this.ctx = ctx;
    this.servicePods = new ServicePods(ctx.informers());
    this.slices = ctx.informers().of(SLICES);
    this.nodes = ctx.informers().of(ResourcePath.NODES);
    // --concurrent-service-endpoint-syncs defaults to 5
    this.loop = ctx.loop("endpoint_slice", 5, this::sync);
    servicePods.addHandlers(loop::enqueue);
    slices.addHandler(EventHandler.enqueue(this::enqueueServiceOf));
    nodes.addHandler(
        new EventHandler() {
          @Override
          public void onUpdate(ObjectNode old, ObjectNode node) {
            if (!Trees.labels(old)
                .getOrDefault(ZONE, "")
                .equals(Trees.labels(node).getOrDefault(ZONE, ""))) {
              servicePods.services().keys().forEach(loop::enqueue);
            }
          }
        });
  }

  /** A slice's key: requeue the Service it belongs to, when this controller manages it. */
  private void enqueueServiceOf(String sliceKey) {
    ObjectNode slice = slices.get(sliceKey);
    if (slice == null) {
      return; // deleted: the Service's own events and the resync cover it
    }
    Map<String, String> labels = Trees.labels(slice);
    if (EndpointSlicePlanner.CONTROLLER.equals(labels.get(EndpointSlicePlanner.MANAGED_BY))) {
      String service = labels.get(EndpointSlicePlanner.SERVICE_NAME);
      if (service != null) {
        loop.enqueue(Keys.of(Trees.namespace(slice), service));
      }
    }
  }

  @Override
  public String name() {
    return "endpointslice";
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
    Service service = servicePods.service(key);
    if (service == null) {
      tracker.forget(key); // its slices go with it: the garbage collector follows their owner
      triggerTimes.forget(key);
      return Future.succeededFuture(Result.done());
    }
    String namespace = Keys.namespace(key);
    List<ObjectNode> mine = managedSlices(namespace, Keys.name(key));
    Map<String, Long> versions = new HashMap<>();
    mine.forEach(s -> versions.put(Trees.name(s), version(s)));
    if (tracker.stale(key, versions)) {
      return Future.succeededFuture(Result.requeueAfter(Duration.ofMillis(100)));
    }
    List<EndpointSlice> existing = new ArrayList<>();
    mine.forEach(
        s ->
            existing.add(
                ctx.informers()
                    .typed(s, "discovery.k8s.io/v1", "EndpointSlice", EndpointSlice.class)));
    List<Pod> pods = servicePods.pods(namespace);
    EndpointSlicePlanner.Plan plan =
        EndpointSlicePlanner.plan(
            service, pods, zones(), existing, triggerTimes.compute(key, service, pods));
    return execute(key, namespace, plan).map(v -> Result.done());
  }

  private List<ObjectNode> managedSlices(String namespace, String service) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode slice : slices.list()) {
      Map<String, String> labels = Trees.labels(slice);
      if (namespace.equals(Trees.namespace(slice))
          && service.equals(labels.get(EndpointSlicePlanner.SERVICE_NAME))
          && EndpointSlicePlanner.CONTROLLER.equals(labels.get(EndpointSlicePlanner.MANAGED_BY))) {
        out.add(slice);
      }
    }
    return out;
  }

  private Map<String, String> zones() {
    Map<String, String> zones = new HashMap<>();
    for (ObjectNode node : nodes.list()) {
      String zone = Trees.labels(node).get(ZONE);
      if (zone != null) {
        zones.put(Trees.name(node), zone);
      }
    }
    return zones;
  }

  private Future<Void> execute(String key, String namespace, EndpointSlicePlanner.Plan plan) {
    List<Future<?>> writes = new ArrayList<>();
    for (EndpointSlice slice : plan.creates()) {
      writes.add(
          ctx.api()
              .create(SLICES.collection(namespace), ApiClient.tree(slice))
              .onSuccess(made -> tracker.wrote(key, Trees.name(made), version(made))));
    }
    for (EndpointSlice slice : plan.updates()) {
      writes.add(
          ctx.api()
              .update(SLICES.item(namespace, slice.getMetadata().getName()), ApiClient.tree(slice))
              .onSuccess(made -> tracker.wrote(key, Trees.name(made), version(made))));
    }
    for (String name : plan.deletes()) {
      writes.add(
          ctx.api()
              .delete(SLICES.item(namespace, name))
              .onSuccess(gone -> tracker.wrote(key, name, SliceTracker.DELETED))
              .recover(
                  e ->
                      ApiClient.isNotFound(e)
                          ? Future.succeededFuture(null)
                          : Future.failedFuture(e)));
    }
    return Future.all(writes).mapEmpty();
  }

  private static long version(ObjectNode object) {
    try {
      return Long.parseLong(object.path("metadata").path("resourceVersion").asString("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
