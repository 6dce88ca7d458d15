package io.kubesim.controllermanager.rootcacertpublisher;

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
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import tools.jackson.databind.node.ObjectNode;

/**
 * The root-ca-cert-publisher (pkg/controller/certificates/rootcacertpublisher): every active
 * namespace has a ConfigMap {@code kube-root-ca.crt} whose {@code ca.crt} is the cluster CA (the
 * controller-manager's --root-ca-file); one deleted or edited is put back. Without a CA it does
 * nothing. Keys are namespace names.
 */
public final class RootCaCertPublisher implements ManagedController {
  public static final String NAME = "kube-root-ca.crt";
  public static final String KEY = "ca.crt";
  static final String DESCRIPTION =
      "Contains a CA bundle that can be used to verify the kube-apiserver when using internal"
          + " endpoints such as the internal service IP or kubernetes.default.svc. No other usage"
          + " is guaranteed across distributions of Kubernetes clusters.";
  private static final ResourcePath NAMESPACES = ResourcePath.core("namespaces");

  private final ControllerContext ctx;
  private final Informer namespaces;
  private final Informer configMaps;
  private final ControllerLoop loop;

  public RootCaCertPublisher(ControllerContext ctx) {
    this.ctx = ctx;
    this.namespaces = ctx.informers().of(NAMESPACES);
    this.configMaps = ctx.informers().of(ResourcePath.CONFIGMAPS);
    this.loop = ctx.loop("root_ca_cert_publisher", 1, this::sync);
    namespaces.addHandler(EventHandler.onAddOrUpdate(ns -> loop.enqueue(Trees.name(ns))));
    configMaps.addHandler(
        new EventHandler() {
          @Override
          public void onUpdate(ObjectNode old, ObjectNode cm) {
            if (NAME.equals(Trees.name(cm))) {
              loop.enqueue(Trees.namespace(cm));
            }
          }

          @Override
          public void onDelete(ObjectNode cm) {
            if (NAME.equals(Trees.name(cm))) {
              loop.enqueue(Trees.namespace(cm));
            }
          }
        });
  }

  @Override
  public String name() {
    return "root_ca_cert_publisher";
  }

  @Override
  public void start() {
    if (ctx.rootCa() != null) {
      loop.start(namespaces.keys());
    }
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private Future<Result> sync(String namespace) {
    ObjectNode ns = namespaces.get(namespace);
    String ca = ctx.rootCa();
    if (ns == null || Trees.deleting(ns) || ca == null) {
      return Future.succeededFuture(Result.done());
    }
    ObjectNode cm = configMaps.get(Keys.of(namespace, NAME));
    if (cm == null) {
      ObjectNode fresh = Json.object();
      fresh.put("apiVersion", "v1").put("kind", "ConfigMap");
      fresh
          .putObject("metadata")
          .put("name", NAME)
          .put("namespace", namespace)
          .putObject("annotations")
          .put("kubernetes.io/description", DESCRIPTION);
      fresh.putObject("data").put(KEY, ca);
      return ctx.api()
          .create(ResourcePath.CONFIGMAPS.collection(namespace), fresh)
          .map(created -> Result.done())
          .recover(
              e ->
                  ApiClient.isAlreadyExists(e)
                          || (e instanceof io.kubesim.core.api.ApiException a && a.code() == 403)
                      ? Future.succeededFuture(Result.done())
                      : Future.failedFuture(e));
    }
    if (ca.equals(cm.path("data").path(KEY).asString(null)) && cm.path("data").size() == 1) {
      return Future.succeededFuture(Result.done());
    }
    ObjectNode update = cm.deepCopy();
    update.putObject("data").put(KEY, ca);
    return ctx.api()
        .update(ResourcePath.CONFIGMAPS.item(namespace, NAME), update)
        .map(updated -> Result.done());
  }
}
