package io.kubesim.controllermanager.serviceaccount;

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
 * The serviceaccount-controller (pkg/controller/serviceaccount): every active namespace has a
 * ServiceAccount named "default"; one deleted is made again. Keys are namespace names.
 */
public final class ServiceAccountController implements ManagedController {
  public static final ResourcePath NAMESPACES = ResourcePath.core("namespaces");
  public static final ResourcePath SERVICE_ACCOUNTS = ResourcePath.core("serviceaccounts");
  public static final String DEFAULT = "default";

  private final ControllerContext ctx;
  private final Informer namespaces;
  private final Informer serviceAccounts;
  private final ControllerLoop loop;

  public ServiceAccountController(ControllerContext ctx) {
    this.ctx = ctx;
    this.namespaces = ctx.informers().of(NAMESPACES);
    this.serviceAccounts = ctx.informers().of(SERVICE_ACCOUNTS);
    this.loop = ctx.loop("serviceaccount", 1, this::sync);
    namespaces.addHandler(EventHandler.onAddOrUpdate(ns -> loop.enqueue(Trees.name(ns))));
    serviceAccounts.addHandler(
        new EventHandler() {
          @Override
          public void onDelete(ObjectNode sa) {
            if (DEFAULT.equals(Trees.name(sa))) {
              loop.enqueue(Trees.namespace(sa));
            }
          }
        });
  }

  @Override
  public String name() {
    return "serviceaccount";
  }

  @Override
  public void start() {
    loop.start(namespaces.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private Future<Result> sync(String namespace) {
    ObjectNode ns = namespaces.get(namespace);
    if (ns == null
        || Trees.deleting(ns)
        || serviceAccounts.get(Keys.of(namespace, DEFAULT)) != null) {
      return Future.succeededFuture(Result.done());
    }
    ObjectNode sa = Json.object();
    sa.put("apiVersion", "v1");
    sa.put("kind", "ServiceAccount");
    sa.putObject("metadata").put("name", DEFAULT).put("namespace", namespace);
    return ctx.api()
        .create(SERVICE_ACCOUNTS.collection(namespace), sa)
        .map(created -> Result.done())
        .recover(
            e ->
                ApiClient.isAlreadyExists(e)
                        // a namespace being deleted refuses new content: nothing to do
                        || (e instanceof io.kubesim.core.api.ApiException a && a.code() == 403)
                    ? Future.succeededFuture(Result.done())
                    : Future.failedFuture(e));
  }
}
