package io.kubesim.controllermanager.servicelb;

import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service controller with a simulated cloud (kind's cloud-provider-kind plays this part on a
 * kind cluster): each LoadBalancer Service without a loadBalancerClass gets the cleanup finalizer
 * and an address from the pool KUBESIM_LOADBALANCER_IP_RANGE ({@link #DEFAULT_RANGE} by default),
 * shown as EXTERNAL-IP; kube-proxy-sim routes that address as the load balancer would deliver it.
 */
public final class LoadBalancerController implements ManagedController {
  /**
   * The default pool: the top of kind's docker network, where kind users see their LB addresses.
   */
  public static final String DEFAULT_RANGE = "172.18.255.200-172.18.255.250";

  private static final ResourcePath SERVICES = ResourcePath.core("services");

  private final ControllerContext ctx;
  private final Informer services;
  private final ControllerLoop loop;
  private final EventRecorder recorder;
  private final LoadBalancerPlanner.Pool pool;

  /**
   * The Services as this controller last wrote them, until its informer has caught up (the real
   * service controller plans on its own cache the same way): a sync queued by its own finalizer
   * write would otherwise see no address yet, ensure the load balancer a second time and record its
   * events twice, and another Service could be given the same address meanwhile.
   */
  private final java.util.Map<String, ObjectNode> written =
      new java.util.concurrent.ConcurrentHashMap<>();

  public LoadBalancerController(ControllerContext ctx) {
    this.ctx = ctx;
    this.services = ctx.informers().of(SERVICES);
    this.loop = ctx.loop("service", 1, this::sync);
    this.recorder = ctx.recorder("service-controller");
    String range = System.getenv("KUBESIM_LOADBALANCER_IP_RANGE");
    this.pool =
        LoadBalancerPlanner.Pool.parse(range == null || range.isBlank() ? DEFAULT_RANGE : range);
    services.addHandler(EventHandler.enqueue(loop::enqueue));
  }

  @Override
  public String name() {
    return "service";
  }

  @Override
  public void start() {
    loop.start(services.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  /** The newer of the informer's object and this controller's last write of it. */
  private ObjectNode latest(String key) {
    ObjectNode cached = services.get(key);
    ObjectNode mine = written.get(key);
    if (mine == null) {
      return cached;
    }
    if (cached == null
        || !io.kubesim.controllermanager.Trees.uid(cached)
            .equals(io.kubesim.controllermanager.Trees.uid(mine))
        || version(cached) >= version(mine)) {
      written.remove(key, mine);
      return cached;
    }
    return mine;
  }

  private static long version(ObjectNode object) {
    try {
      return Long.parseLong(io.kubesim.controllermanager.Trees.resourceVersion(object));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Future<Result> sync(String key) {
    ObjectNode service = latest(key);
    if (service == null) {
      return Future.succeededFuture(Result.done());
    }
    LoadBalancerPlanner.Plan plan = LoadBalancerPlanner.plan(service, taken(key), pool);
    if (plan.empty()) {
      return Future.succeededFuture(Result.done());
    }
    plan.events().forEach(e -> recorder.record(service, null, e.type(), e.reason(), e.message()));
    String path = SERVICES.item(Keys.namespace(key), Keys.name(key));
    Future<ObjectNode> writes = Future.succeededFuture(service);
    if (plan.finalizer() != null) {
      writes = writes.compose(s -> ctx.api().update(path, withFinalizer(s, plan.finalizer())));
    }
    if (plan.ip() != null) {
      writes = writes.compose(s -> ctx.api().updateStatus(path, withIngress(s, plan.ip())));
    }
    return writes
        .map(
            s -> {
              written.put(key, s);
              return Result.done();
            })
        .recover(
            e ->
                ApiClient.isNotFound(e)
                    ? Future.succeededFuture(Result.done())
                    : Future.failedFuture(e));
  }

  /** The addresses other Services hold. */
  private Set<String> taken(String key) {
    Set<String> taken = new HashSet<>();
    for (String otherKey : services.keys()) {
      ObjectNode other = latest(otherKey);
      if (other != null && !otherKey.equals(key)) {
        for (var ingress : other.path("status").path("loadBalancer").path("ingress")) {
          taken.add(ingress.path("ip").asString(""));
        }
      }
    }
    return taken;
  }

  private static ObjectNode withFinalizer(ObjectNode service, boolean add) {
    ObjectNode copy = service.deepCopy();
    ObjectNode metadata = (ObjectNode) copy.path("metadata");
    ArrayNode kept = metadata.arrayNode();
    for (var f : metadata.path("finalizers")) {
      if (!LoadBalancerPlanner.FINALIZER.equals(f.asString(""))) {
        kept.add(f);
      }
    }
    if (add) {
      kept.add(LoadBalancerPlanner.FINALIZER);
    }
    metadata.set("finalizers", kept);
    return copy;
  }

  /** status.loadBalancer.ingress: the address, ipMode VIP (the packets keep it as destination). */
  private static ObjectNode withIngress(ObjectNode service, String ip) {
    ObjectNode copy = service.deepCopy();
    ObjectNode status = copy.get("status") instanceof ObjectNode s ? s : copy.putObject("status");
    ObjectNode ingress = Json.object().put("ip", ip).put("ipMode", "VIP");
    status.putObject("loadBalancer").putArray("ingress").add(ingress);
    return copy;
  }
}
