package io.kubesim.ingress.classes;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What kind's ingress-nginx manifest installs beside the controller and the controller needs: the
 * namespace {@code ingress-nginx} and the IngressClass {@code nginx} (controller {@code
 * k8s.io/ingress-nginx}), so that the docs' examples naming the class or the controller work
 * unmodified. Each is created when absent and left alone when present (a class a user edited, made
 * default or deleted and re-made stays theirs); a failed create is tried again every 5 s.
 */
public final class ClassInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(ClassInstaller.class);
  static final long RETRY_MILLIS = 5_000;
  static final String VERSION = "1.11.2";

  private final Vertx vertx;
  private final ApiClient api;
  private final String namespace;
  private final String className;
  private final String controller;

  public ClassInstaller(
      Vertx vertx, ApiClient api, String namespace, String className, String controller) {
    this.vertx = vertx;
    this.api = api;
    this.namespace = namespace;
    this.className = className;
    this.controller = controller;
  }

  /** Completes once both exist; never fails (it keeps trying). */
  public Future<Void> install() {
    Promise<Void> done = Promise.promise();
    attempt(done);
    return done.future();
  }

  private void attempt(Promise<Void> done) {
    createIfAbsent(ResourcePath.core("namespaces").collection(null), namespaceObject())
        .compose(
            v ->
                createIfAbsent(
                    ResourcePath.of("networking.k8s.io/v1", "ingressclasses").collection(null),
                    ingressClass(className, controller)))
        .onSuccess(v -> done.complete())
        .onFailure(
            e -> {
              LOG.warn("installing the IngressClass {}: {}; again in 5 s", className, e.toString());
              vertx.setTimer(RETRY_MILLIS, t -> attempt(done));
            });
  }

  private Future<Void> createIfAbsent(String collection, ObjectNode object) {
    return api.create(collection, object)
        .<Void>mapEmpty()
        .recover(
            e -> ApiClient.isAlreadyExists(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private ObjectNode namespaceObject() {
    ObjectNode ns = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
    ObjectNode metadata = ns.putObject("metadata").put("name", namespace);
    metadata
        .putObject("labels")
        .put("app.kubernetes.io/instance", "ingress-nginx")
        .put("app.kubernetes.io/name", "ingress-nginx");
    return ns;
  }

  /** The IngressClass of kind's deploy.yaml. */
  public static ObjectNode ingressClass(String name, String controller) {
    ObjectNode c =
        Json.object().put("apiVersion", "networking.k8s.io/v1").put("kind", "IngressClass");
    ObjectNode metadata = c.putObject("metadata").put("name", name);
    metadata
        .putObject("labels")
        .put("app.kubernetes.io/component", "controller")
        .put("app.kubernetes.io/instance", "ingress-nginx")
        .put("app.kubernetes.io/name", "ingress-nginx")
        .put("app.kubernetes.io/part-of", "ingress-nginx")
        .put("app.kubernetes.io/version", VERSION);
    c.putObject("spec").put("controller", controller);
    return c;
  }
}
