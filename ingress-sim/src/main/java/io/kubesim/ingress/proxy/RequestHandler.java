package io.kubesim.ingress.proxy;

import io.kubesim.ingress.annotations.Annotations;
import io.kubesim.ingress.model.Endpoint;
import io.kubesim.ingress.model.Location;
import io.kubesim.ingress.model.Server;
import io.kubesim.ingress.model.Upstream;
import io.kubesim.ingress.routing.Route;
import io.kubesim.ingress.routing.RoutingTable;
import io.kubesim.ingress.routing.Uris;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * A request's way through nginx as ingress-nginx configures it: the server by Host, the location by
 * URI, the location's access rules (a denied location: 503; the allowlist: 403), the redirect to
 * https (308), the default backend's 404, the canary's draw, the next endpoint of the upstream
 * (none ready: 503), the rewrite, and the proxied exchange with the pod, tried on up to three
 * endpoints when a connection fails (proxy_next_upstream error, then 502).
 */
final class RequestHandler {
  /** proxy-next-upstream-tries. */
  static final int TRIES = 3;

  /** proxy-read-timeout. */
  static final long READ_TIMEOUT_MILLIS = 60_000;

  static final String HSTS = "max-age=31536000; includeSubDomains";

  private final ProxyState state;
  private final Clients clients;

  /**
   * The socket address of each real {@code host:port}, parsed once: this handler's event loop only
   * (no locking); dropped whole past {@link #MAX_ADDRESSES}, since pods come and go.
   */
  private final Map<String, SocketAddress> addresses = new HashMap<>();

  static final int MAX_ADDRESSES = 4096;

  RequestHandler(ProxyState state, Clients clients) {
    this.state = state;
    this.clients = clients;
  }

  void handle(HttpServerRequest request) {
    Exchange x = new Exchange(request);
    HttpServerResponse response = request.response();
    response.endHandler(v -> x.finish(state));
    response.closeHandler(v -> x.finish(state));
    RoutingTable table = state.table();
    String authority = request.authority() == null ? "" : request.authority().host();
    x.host = RoutingTable.hostname(authority);
    String raw = request.uri();
    int q = raw.indexOf('?');
    String rawPath = q < 0 ? raw : raw.substring(0, q);
    String query = q < 0 ? null : raw.substring(q + 1);
    String uri;
    try {
      uri = Uris.normalize(rawPath);
    } catch (Uris.BadRequest e) {
      page(request, 400);
      return;
    }
    Route route = table.route(x.host, uri);
    Location location = route.location();
    if (location == null) {
      page(request, 404);
      return;
    }
    x.location = location;
    x.upstreamName = location.backend();
    boolean tls = request.isSSL();
    if (route.slashRedirect()) {
      String target = (tls ? "https://" : "http://") + x.host + uri + "/";
      redirect(request, 301, query == null ? target : target + "?" + query);
      return;
    }
    Annotations a = location.annotations();
    if (a.denied() != null) {
      page(request, 503);
      return;
    }
    if (!a.allowlist().allows(x.remoteAddr)) {
      page(request, 403);
      return;
    }
    if (!tls && toHttps(a, table, x.host)) {
      String target = raw;
      if (!a.preserveTrailingSlash() && target.endsWith("/")) {
        target = target.substring(0, target.length() - 1);
      }
      redirect(request, 308, "https://" + x.host + target);
      return;
    }
    if (location.backend().equals(Upstream.DEFAULT_BACKEND)) {
      x.upstreamAddrs.add("127.0.0.1:8181");
      x.upstreamStartNanos = System.nanoTime();
      x.upstreamAnswered(404, ErrorPages.page(404).length());
      page(request, 404);
      return;
    }
    Upstream upstream = choose(table, table.upstream(location.backend()), request, x);
    if (upstream == null || upstream.endpoints().isEmpty()) {
      page(request, 503);
      return;
    }
    String target = raw;
    if (route.rewrite() != null) {
      String rewritten = route.rewrite().apply(uri, query);
      target = rewritten == null ? raw : rewritten;
    }
    proxy(x, upstream, target, a, tls);
  }

  /**
   * The redirect to https: force-ssl-redirect always; ssl-redirect when the host has a certificate
   * (Lua's certificate.configured_for_current_request).
   */
  private static boolean toHttps(Annotations a, RoutingTable table, String host) {
    if (a.forceSslRedirect()) {
      return true;
    }
    if (!a.sslRedirect()) {
      return false;
    }
    Server named = table.namedServer(host);
    return named != null && named.certificate() != null;
  }

  /** The upstream or, when balancer.lua's draw says so, its canary. */
  private static Upstream choose(
      RoutingTable table, Upstream main, HttpServerRequest request, Exchange x) {
    if (main == null || main.alternatives().isEmpty()) {
      return main;
    }
    Upstream canary = table.upstream(main.alternatives().get(0));
    if (canary == null || canary.endpoints().isEmpty()) {
      return main;
    }
    boolean toCanary =
        CanaryChooser.toCanary(
            canary.canary(),
            request::getHeader,
            name -> {
              Cookie c = request.getCookie(name);
              return c == null ? null : c.getValue();
            },
            ThreadLocalRandom.current());
    if (!toCanary) {
      return main;
    }
    x.alternativeName = canary.name();
    return canary;
  }

  private void proxy(Exchange x, Upstream upstream, String target, Annotations a, boolean tls) {
    HttpServerRequest request = x.request;
    ProxyRequest proxied = ProxyRequest.reverseProxy(request);
    proxied.setURI(target);
    // Host: $best_http_host, the client's own, not the pod's address
    if (request.authority() != null) {
      proxied.setAuthority(request.authority());
    }
    String scheme = tls ? "https" : "http";
    MultiMap h = proxied.headers();
    String forwardedFor = request.getHeader("X-Forwarded-For");
    h.set("X-Request-ID", x.requestId);
    h.set("X-Real-IP", x.remoteAddr);
    h.set("X-Forwarded-For", x.remoteAddr);
    h.set("X-Forwarded-Host", request.authority() == null ? "" : request.authority().toString());
    h.set("X-Forwarded-Port", Integer.toString(tls ? state.httpsPort : state.httpPort));
    h.set("X-Forwarded-Proto", scheme);
    h.set("X-Forwarded-Scheme", scheme);
    h.set("X-Scheme", scheme);
    if (forwardedFor != null) {
      h.set("X-Original-Forwarded-For", forwardedFor);
    }
    h.remove("Proxy");
    HttpClient client = clients.client(a.backendProtocol(), tls);
    attempt(x, proxied, client, upstream, 1);
  }

  private void attempt(
      Exchange x, ProxyRequest proxied, HttpClient client, Upstream upstream, int tries) {
    Endpoint endpoint = state.balancer.next(upstream);
    x.upstreamAddrs.add(endpoint.hostPort());
    x.upstreamStartNanos = System.nanoTime();
    state
        .resolver
        .real(endpoint)
        .compose(real -> connect(client, real == null ? null : address(real)))
        .onSuccess(clientRequest -> exchange(x, proxied, clientRequest))
        .onFailure(
            e -> {
              x.upstreamFailed("502");
              if (tries < TRIES && tries < upstream.endpoints().size()) {
                attempt(x, proxied, client, upstream, tries + 1);
              } else {
                proxied.release();
                page(x.request, 502);
              }
            });
  }

  private SocketAddress address(String real) {
    SocketAddress known = addresses.get(real);
    if (known == null) {
      if (addresses.size() >= MAX_ADDRESSES) {
        addresses.clear();
      }
      int colon = real.lastIndexOf(':');
      String host = real.substring(0, colon);
      if (host.startsWith("[")) {
        host = host.substring(1, host.length() - 1);
      }
      known = SocketAddress.inetSocketAddress(Integer.parseInt(real.substring(colon + 1)), host);
      addresses.put(real, known);
    }
    return known;
  }

  private static Future<io.vertx.core.http.HttpClientRequest> connect(
      HttpClient client, SocketAddress real) {
    if (real == null) {
      return Future.failedFuture("connect() failed (111: Connection refused)");
    }
    return client.request(new RequestOptions().setServer(real).setIdleTimeout(READ_TIMEOUT_MILLIS));
  }

  private void exchange(
      Exchange x, ProxyRequest proxied, io.vertx.core.http.HttpClientRequest clientRequest) {
    proxied
        .send(clientRequest)
        .compose(response -> answer(x, response))
        .onFailure(
            e -> {
              if (x.upstreamStatuses.isEmpty()) {
                x.upstreamFailed(timeout(e) ? "504" : "502");
              }
              if (!x.request.response().headWritten()) {
                page(x.request, timeout(e) ? 504 : 502);
              } else {
                x.request.connection().close();
              }
            });
  }

  private static boolean timeout(Throwable e) {
    return e instanceof TimeoutException
        || (e.getMessage() != null && e.getMessage().contains("timeout"));
  }

  private Future<Void> answer(Exchange x, ProxyResponse response) {
    long length = response.getBody() == null ? -1 : response.getBody().length();
    x.upstreamAnswered(response.getStatusCode(), Math.max(length, 0));
    response.headers().set("Server", "nginx");
    if (x.request.isSSL()) {
      response.headers().set("Strict-Transport-Security", HSTS);
    }
    return response.send();
  }

  private static void redirect(HttpServerRequest request, int status, String location) {
    request.response().putHeader("Location", location);
    page(request, status);
  }

  static void page(HttpServerRequest request, int status) {
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return;
    }
    response
        .setStatusCode(status)
        .setStatusMessage(ErrorPages.reason(status))
        .putHeader("Server", "nginx")
        .putHeader("Content-Type", "text/html");
    if (request.isSSL()) {
      response.putHeader("Strict-Transport-Security", HSTS);
    }
    response.end(ErrorPages.page(status));
  }
}
