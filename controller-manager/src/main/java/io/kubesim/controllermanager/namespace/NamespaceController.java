package io.kubesim.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.Trees;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Result;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The namespace controller (pkg/controller/namespace/deletion): a Terminating namespace that still
 * carries the {@code kubernetes} finalizer has every namespaced object deleted (every resource
 * discovery lists as namespaced, listable and deletable), is looked at again until nothing is left
 * (pods wait for their kubelet's graceful termination, owners for the garbage collector), and is
 * then finalized through {@code namespaces/<name>/finalize}; the apiserver removes it once no
 * finalizer is left. Keys are namespace names.
 */
public final class NamespaceController implements ManagedController {
  public static final ResourcePath NAMESPACES = ResourcePath.core("namespaces");
  public static final String FINALIZER = "kubernetes";

  /** How soon to look again while content remains (the real one estimates from grace periods). */
  static final Duration RECHECK = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(NamespaceController.class);

  private final ControllerContext ctx;
  private final Informer namespaces;
  private final ControllerLoop loop;

  public NamespaceController(ControllerContext ctx) {
    this.ctx = ctx;
    this.namespaces = ctx.informers().of(NAMESPACES);
    this.loop = ctx.loop("namespace", 2, this::sync);
    namespaces.addHandler(EventHandler.onAddOrUpdate(this::enqueue));
  }

  private void enqueue(ObjectNode ns) {
    if (Trees.deleting(ns)) {
      loop.enqueue(Trees.name(ns));
    }
  }

  @Override
  public String name() {
    return "namespace";
  }

  @Override
  public void start() {
    loop.start(namespaces.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private Future<Result> sync(String name) {
    ObjectNode ns = namespaces.get(name);
    if (ns == null || !Trees.deleting(ns) || !hasFinalizer(ns)) {
      return Future.succeededFuture(Result.done());
    }
    return namespacedResources()
        .compose(resources -> deleteContent(name, resources))
        .compose(tally -> writeConditions(ns, tally).map(v -> tally))
        .compose(
            tally ->
                tally.empty()
                    ? finalizeNamespace(name).map(v -> Result.done())
                    : Future.succeededFuture(Result.requeueAfter(RECHECK)));
  }

  /** One pass: objects left per resource and per finalizer, and the deletes that failed. */
  record Tally(
      Map<String, Integer> remaining, Map<String, Integer> finalizers, List<String> errors) {
    boolean empty() {
      return remaining.values().stream().allMatch(n -> n == 0) && errors.isEmpty();
    }
  }

  private static boolean hasFinalizer(JsonNode ns) {
    for (JsonNode f : ns.path("spec").path("finalizers")) {
      if (FINALIZER.equals(f.asString(""))) {
        return true;
      }
    }
    return false;
  }

  /** Discovery: every namespaced resource that can be listed and deleted. */
  private Future<List<ResourcePath>> namespacedResources() {
    return ctx.api()
        .get("/apis")
        .compose(
            groups -> {
              List<Future<List<ResourcePath>>> lists = new ArrayList<>();
              lists.add(resources("v1"));
              for (JsonNode group : groups.path("groups")) {
                String gv = group.path("preferredVersion").path("groupVersion").asString("");
                if (!gv.isEmpty()) {
                  lists.add(resources(gv));
                }
              }
              return Future.all(lists)
                  .map(
                      all -> {
                        List<ResourcePath> paths = new ArrayList<>();
                        for (int i = 0; i < all.size(); i++) {
                          paths.addAll(all.<List<ResourcePath>>resultAt(i));
                        }
                        return paths;
                      });
            });
  }

  private Future<List<ResourcePath>> resources(String groupVersion) {
    String path = groupVersion.equals("v1") ? "/api/v1" : "/apis/" + groupVersion;
    return ctx.api()
        .get(path)
        .map(
            list -> {
              List<ResourcePath> paths = new ArrayList<>();
              for (JsonNode r : list.path("resources")) {
                String name = r.path("name").asString("");
                if (name.contains("/") || !r.path("namespaced").asBoolean(false)) {
                  continue;
                }
                boolean listable = false;
                boolean deletable = false;
                for (JsonNode verb : r.path("verbs")) {
                  listable |= verb.asString("").equals("list");
                  deletable |= verb.asString("").equals("delete");
                }
                if (listable && deletable) {
                  paths.add(ResourcePath.of(groupVersion, name));
                }
              }
              return paths;
            });
  }

  /** Deletes what is not being deleted yet; answers what is left. */
  private Future<Tally> deleteContent(String ns, List<ResourcePath> resources) {
    Tally tally = new Tally(new TreeMap<>(), new TreeMap<>(), new ArrayList<>());
    List<Future<Void>> passes = new ArrayList<>();
    for (ResourcePath resource : resources) {
      passes.add(
          ctx.api()
              .list(resource.collection(ns), Map.of())
              .compose(list -> deleteAll(ns, resource, list, tally)));
    }
    return Future.all(passes).map(v -> tally);
  }

  private Future<Void> deleteAll(String ns, ResourcePath resource, ObjectNode list, Tally tally) {
    String gvr = resource.resource() + "." + group(resource);
    List<Future<Void>> deletes = new ArrayList<>();
    int count = 0;
    for (JsonNode item : list.path("items")) {
      count++;
      for (JsonNode f : item.path("metadata").path("finalizers")) {
        tally.finalizers().merge(f.asString(""), 1, Integer::sum);
      }
      if (!Trees.deleting(item)) {
        deletes.add(
            ctx.api()
                .delete(resource.item(ns, Trees.name(item)))
                .<Void>mapEmpty()
                .recover(
                    e -> {
                      if (!ApiClient.isNotFound(e)) {
                        tally.errors().add(Trees.message(e));
                      }
                      return Future.succeededFuture();
                    }));
      }
    }
    if (count > 0) {
      tally.remaining().put(gvr, count);
      LOG.debug("namespace {}: {} {} left", ns, count, gvr);
    }
    return Future.all(deletes).mapEmpty();
  }

  /** "" for the core group, else the group of /apis/<group>/<version>. */
  private static String group(ResourcePath resource) {
    String prefix = resource.prefix();
    if (!prefix.startsWith("/apis/")) {
      return "";
    }
    String gv = prefix.substring("/apis/".length());
    return gv.substring(0, gv.indexOf('/'));
  }

  /** PUT status with the five deletion conditions, when they changed. */
  private Future<Void> writeConditions(ObjectNode ns, Tally tally) {
    Namespace typed = ApiClient.as(ns, Namespace.class);
    List<NamespaceCondition> old =
        typed.getStatus() == null ? List.of() : typed.getStatus().getConditions();
    List<NamespaceCondition> conditions =
        NamespaceConditions.compute(
            tally.remaining(), tally.finalizers(), tally.errors(), old, ctx.clock().instant());
    if (conditions.equals(old)) {
      return Future.succeededFuture();
    }
    ObjectNode body = ns.deepCopy();
    ObjectNode status = body.get("status") instanceof ObjectNode s ? s : body.putObject("status");
    status.set("conditions", Json.MAPPER.<JsonNode>valueToTree(conditions));
    return ctx.api()
        .updateStatus(NAMESPACES.item(null, Trees.name(ns)), body)
        .<Void>mapEmpty()
        .recover(e -> ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** PUT namespaces/<name>/finalize without the "kubernetes" finalizer. */
  private Future<Void> finalizeNamespace(String name) {
    return ctx.api()
        .get(NAMESPACES.item(null, name))
        .compose(
            live -> {
              JsonNode spec = live.path("spec");
              if (spec instanceof ObjectNode s && s.get("finalizers") instanceof ArrayNode list) {
                for (int i = list.size() - 1; i >= 0; i--) {
                  if (FINALIZER.equals(list.get(i).asString(""))) {
                    list.remove(i);
                  }
                }
              }
              return ctx.api()
                  .update(NAMESPACES.item(null, name) + "/finalize", live)
                  .<Void>mapEmpty();
            })
        .recover(e -> ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }
}
