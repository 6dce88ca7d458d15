package io.kubesim.coredns;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.BooleanSupplier;

/**
 * What CoreDNS's health and ready plugins serve, which kubeadm's CoreDNS Deployment probes: {@code
 * /health} on 8080 answers {@code OK} while the process runs; {@code /ready} on 8181 answers {@code
 * OK} once the kubernetes plugin has synced, else 503 with the names of the plugins not ready.
 */
final class HealthServers {
  private final Vertx vertx;
  private final BooleanSupplier ready;
  private HttpServer health;
  private HttpServer readiness;

  HealthServers(Vertx vertx, BooleanSupplier ready) {
    this.vertx = vertx;
    this.ready = ready;
  }

  Future<Void> listen(String host, int healthPort, int readyPort) {
    return vertx
        .createHttpServer()
        .requestHandler(r -> answer(r, "/health", true))
        .listen(healthPort, host)
        .compose(
            h -> {
              health = h;
              return vertx
                  .createHttpServer()
                  .requestHandler(r -> answer(r, "/ready", ready.getAsBoolean()))
                  .listen(readyPort, host);
            })
        .onSuccess(r -> readiness = r)
        .mapEmpty();
  }

  /** The port /health was bound to (0 in the config: a free one), or -1 before. */
  int healthPort() {
    return health == null ? -1 : health.actualPort();
  }

  /** The port /ready was bound to, or -1 before. */
  int readyPort() {
    return readiness == null ? -1 : readiness.actualPort();
  }

  Future<Void> close() {
    Future<Void> h = health == null ? Future.succeededFuture() : health.close();
    Future<Void> r = readiness == null ? Future.succeededFuture() : readiness.close();
    return Future.all(h, r).mapEmpty();
  }

  /** Go's net/http: a 404 page for other paths; plain text bodies. */
  private static void answer(HttpServerRequest request, String path, boolean ok) {
    var response = request.response().putHeader("Content-Type", "text/plain; charset=utf-8");
    if (!request.path().equals(path)) {
      response.setStatusCode(404).end("404 page not found\n");
    } else if (ok) {
      response.end("OK");
    } else {
      response.setStatusCode(503).end("kubernetes");
    }
  }
}
