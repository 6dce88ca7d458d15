package io.kubesim.controllermanager.resourcequota;

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
import io.kubesim.core.quota.Evaluators;
import io.kubesim.core.quota.ResourceList;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resource quota controller (pkg/controller/resourcequota): keeps every ResourceQuota's
 * status.hard equal to its spec.hard and status.used equal to what its namespace uses. Keys are
 * quotas' namespace/name. A quota is synced when it is new or its spec changes; the quotas of a
 * namespace when an object there that quota counts comes, goes or changes its usage (a pod ending,
 * being deleted, resized), which gives back what the admission plugin charged; and every quota on
 * each full resync ({@link ResourceQuotaConfig#syncPeriod()}), which also corrects charges for
 * requests that failed after admission.
 */
public final class ResourceQuotaController implements ManagedController {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceQuotaController.class);
  static final ResourcePath QUOTAS = ResourcePath.core("resourcequotas");

  /**
   * The resources whose usage the controller follows, by qualified name: what pods, services and
   * claims measure, the legacy counts, and the workloads most often counted ({@code
   * count/deployments.apps}).
   */
  static final Map<String, ResourcePath> COUNTED = counted();

  private final ControllerContext ctx;
  private final ResourceQuotaConfig config;
  private final Informer quotas;
  private final Map<String, Informer> informers = new LinkedHashMap<>();
  private final ControllerLoop loop;
  private long resyncTimer = -1;

  public ResourceQuotaController(ControllerContext ctx) {
    this(ctx, ResourceQuotaConfig.fromEnv(System.getenv()));
  }

  ResourceQuotaController(ControllerContext ctx, ResourceQuotaConfig config) {
    this.ctx = ctx;
    this.config = config;
    this.quotas = ctx.informers().of(QUOTAS);
    this.loop = ctx.loop("resourcequota", config.workers(), this::sync);
    quotas.addHandler(new QuotaHandler());
    COUNTED.forEach(
        (resource, path) -> {
          Informer informer = ctx.informers().of(path);
          informer.addHandler(new UsageHandler(resource));
          informers.put(resource, informer);
        });
  }

  private static Map<String, ResourcePath> counted() {
    Map<String, ResourcePath> out = new LinkedHashMap<>();
    for (String core :
        List.of(
            "pods",
            "services",
            "persistentvolumeclaims",
            "configmaps",
            "secrets",
            "replicationcontrollers",
            "resourcequotas",
            "serviceaccounts")) {
      out.put(core, ResourcePath.core(core));
    }
    for (String apps : List.of("deployments", "replicasets", "statefulsets", "daemonsets")) {
      out.put(apps + ".apps", ResourcePath.of("apps/v1", apps));
    }
    for (String batch : List.of("jobs", "cronjobs")) {
      out.put(batch + ".batch", ResourcePath.of("batch/v1", batch));
    }
    out.put("ingresses.networking.k8s.io", ResourcePath.of("networking.k8s.io/v1", "ingresses"));
    return out;
  }

  @Override
  public String name() {
    return "resourcequota";
  }

  @Override
  public void start() {
    loop.start(quotas.keys());
    long period = config.syncPeriod().toMillis();
    resyncTimer = ctx.vertx().setPeriodic(period, id -> quotas.keys().forEach(loop::enqueue));
  }

  @Override
  public void stop() {
    if (resyncTimer >= 0) {
      ctx.vertx().cancelTimer(resyncTimer);
      resyncTimer = -1;
    }
    loop.stop();
  }

  private Future<Result> sync(String key) {
    ObjectNode quota = quotas.get(key);
    if (quota == null) {
      return Future.succeededFuture(Result.done());
    }
    String namespace = Trees.namespace(quota);
    ObjectNode status =
        QuotaStatus.next(quota, resource -> inNamespace(resource, namespace), now());
    if (status == null) {
      return Future.succeededFuture(Result.done());
    }
    ObjectNode body = quota.deepCopy();
    body.set("status", status);
    return ctx.api()
        .updateStatus(QUOTAS.item(namespace, Trees.name(quota)), body)
        .map(updated -> Result.done())
        .recover(
            failure -> {
              if (ApiClient.isNotFound(failure)) {
                return Future.succeededFuture(Result.done());
              }
              LOG.info("syncing resource quota {} failed: {}", key, Trees.message(failure));
              return Future.failedFuture(failure);
            });
  }

  private Instant now() {
    return ctx.clock().instant();
  }

  /** The watched objects of a resource in one namespace; null for a resource not watched. */
  private List<ObjectNode> inNamespace(String resource, String namespace) {
    Informer informer = informers.get(resource);
    if (informer == null) {
      return null;
    }
    return informer.list().stream().filter(o -> namespace.equals(Trees.namespace(o))).toList();
  }

  private boolean hasQuota(String namespace) {
    String prefix = namespace + "/";
    return quotas.keys().stream().anyMatch(key -> key.startsWith(prefix));
  }

  private void enqueueNamespace(String namespace) {
    for (String key : quotas.keys()) {
      if (namespace.equals(Keys.namespace(key))) {
        loop.enqueue(key);
      }
    }
  }

  /** A quota: synced when new, when its spec changes, or while its status lacks a hard name. */
  private final class QuotaHandler implements EventHandler {
    @Override
    public void onAdd(ObjectNode quota) {
      loop.enqueue(Keys.of(quota));
    }

    @Override
    public void onUpdate(ObjectNode old, ObjectNode quota) {
      boolean specChanged = !old.path("spec").equals(quota.path("spec"));
      JsonNode status = quota.path("status");
      boolean incomplete =
          !ResourceList.of(status.path("used"))
              .keySet()
              .containsAll(ResourceList.of(quota.path("spec").path("hard")).keySet());
      if (specChanged || incomplete || !status.has("hard")) {
        loop.enqueue(Keys.of(quota));
      }
    }
  }

  /**
   * An object of a counted resource: its namespace's quotas when its usage may have changed. Not
   * when it is created (as the real quota monitor, which watches updates and deletes): admission
   * charged it already, and a recount from caches that have not seen the newest creates yet wrote
   * the quota's usage down, letting a create past the quota (ResourceQuotaIT, in CI).
   */
  private final class UsageHandler implements EventHandler {
    private final String resource;

    UsageHandler(String resource) {
      this.resource = resource;
    }

    @Override
    public void onUpdate(ObjectNode old, ObjectNode object) {
      // most namespaces have no quota: spare them the usage of every pod status change
      if (old == object || !hasQuota(Trees.namespace(object))) {
        return;
      }
      var evaluator = Evaluators.forResource(resource);
      Instant now = now();
      if (!ResourceList.same(evaluator.usage(old, now), evaluator.usage(object, now))) {
        enqueueNamespace(Trees.namespace(object));
      }
    }

    @Override
    public void onDelete(ObjectNode object) {
      enqueueNamespace(Trees.namespace(object));
    }
  }
}
