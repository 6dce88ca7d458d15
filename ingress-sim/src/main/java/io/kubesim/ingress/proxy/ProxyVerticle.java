package io.kubesim.ingress.proxy;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;

/**
 * One event loop's share of the data plane: an HTTP and an HTTPS listener (each instance listens on
 * the same ports; Vert.x spreads the connections over them, as nginx over its workers) and its own
 * clients to the pods.
 */
public final class ProxyVerticle extends VerticleBase {
  private final ProxyState state;
  private final String host;
  private final int httpPort;
  private final int httpsPort;
  private Clients clients;
  private HttpServer http;
  private HttpServer https;

  /**
   * @param httpPort where to listen for HTTP (0: any free port)
   * @param httpsPort where to listen for HTTPS
   */
  public ProxyVerticle(ProxyState state, String host, int httpPort, int httpsPort) {
    this.state = state;
    this.host = host;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
  }

  @Override
  public Future<?> start() {
    clients = new Clients(vertx);
    RequestHandler handler = new RequestHandler(state, clients);
    http =
        vertx
            .createHttpServer(new HttpServerOptions().setIdleTimeout(75))
            .requestHandler(handler::handle);
    https =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setIdleTimeout(75)
                    .setSsl(true)
                    .setUseAlpn(true)
                    .setKeyCertOptions(KeyCertOptions.wrap(state.keys)))
            .requestHandler(handler::handle);
    return Future.all(http.listen(httpPort, host), https.listen(httpsPort, host));
  }

  public int httpPort() {
    return http.actualPort();
  }

  public int httpsPort() {
    return https.actualPort();
  }

  @Override
  public Future<?> stop() {
    return Future.all(http.close(), https.close()).compose(v -> clients.close());
  }
}
