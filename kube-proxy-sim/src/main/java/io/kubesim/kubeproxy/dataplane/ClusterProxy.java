package io.kubesim.kubeproxy.dataplane;

import io.kubesim.kubeproxy.sync.ClusterState;
import io.kubesim.kubeproxy.sync.Proxier;
import io.kubesim.kubeproxy.trace.Origin;
import io.kubesim.kubeproxy.trace.Packet;
import io.kubesim.kubeproxy.trace.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyRequest;
import java.net.URI;
import java.util.List;

/**
 * An HTTP proxy into the cluster network (port 3128), for the host, where cluster IPs do not route:
 * {@code curl -x http://127.0.0.1:3128 http://<clusterIP>/}, pod IPs, node IPs with their node
 * ports, load balancer addresses and Service names ({@code web.default.svc.cluster.local}) too;
 * CONNECT tunnels any TCP port. A request goes as a process on the first node would send it,
 * through that node's rules (or, to another node's address, through that node's), and the answer
 * names the endpoint it reached in {@code X-Kubesim-Endpoint} and the node in {@code
 * X-Kubesim-Node}.
 */
public final class ClusterProxy {
  private final Vertx vertx;
  private final ClusterState state;
  private final List<Proxier> proxiers;
  private final Connector connector;
  private final HttpClient client;
  private final ClusterDnsResolver names;
  private HttpServer server;

  public ClusterProxy(
      Vertx vertx, ClusterState state, List<Proxier> proxiers, Connector connector) {
    this.vertx = vertx;
    this.state = state;
    this.proxiers = List.copyOf(proxiers);
    this.connector = connector;
    this.client = vertx.createHttpClient();
    this.names = new ClusterDnsResolver(vertx, state);
  }

  public Future<HttpServer> listen(int port, String host) {
    server = vertx.createHttpServer().requestHandler(this::handle);
    return server.listen(port, host);
  }

  /** Where a proxied connection to host:port goes: the node whose rules it takes and its route. */
  private record Target(Proxier proxier, Connector.Route route, String description) {}

  /**
   * Where host:port goes. A request from a pod (the kubelet's exec sends {@code X-Kubesim-Node} and
   * {@code X-Kubesim-Source}) takes its node's rules as a packet from that pod; others are a
   * process on the first node.
   */
  private Future<Target> target(String host, int port, HttpServerRequest request) {
    return names
        .resolve(host)
        .compose(
            ip ->
                ip == null
                    ? Future.failedFuture(new Refusal(502, "no such host: " + host))
                    : target(
                        ip,
                        port,
                        request.getHeader("X-Kubesim-Node"),
                        request.getHeader("X-Kubesim-Source")));
  }

  private Future<Target> target(String ip, int port, String fromNode, String fromPod) {
    if (fromNode != null && fromPod != null) {
      for (Proxier p : proxiers) {
        if (p.node().equals(fromNode)) {
          return podTarget(p, fromPod, ip, port);
        }
      }
    }
    Proxier home = proxiers.get(0);
    return connector
        .resolve(ip, port)
        .compose(
            pod -> {
              if (pod != null) {
                // a pod IP: the pod network carries it straight there
                return Future.succeededFuture(
                    new Target(home, new Connector.Route(null, pod), ip + ":" + port));
              }
              Proxier via = home;
              Origin origin = Origin.NODE;
              for (Proxier p : proxiers) {
                if (p != home && p.rules() != null && p.rules().nodeIps().contains(ip)) {
                  via = p;
                  origin = Origin.EXTERNAL;
                }
              }
              String source =
                  home.rules() == null || home.rules().nodeIps().isEmpty()
                      ? "127.0.0.1"
                      : home.rules().nodeIps().get(0);
              Proxier chosen = via;
              return connector
                  .route(via, Packet.tcp(source, ip, port, origin))
                  .map(route -> new Target(chosen, route, ip + ":" + port));
            });
  }

  private Future<Target> podTarget(Proxier node, String source, String ip, int port) {
    return connector
        .route(node, Packet.tcp(source, ip, port, Origin.POD))
        .compose(
            route ->
                route != null
                        && route.outcome() != null
                        && route.outcome().verdict() == Verdict.ACCEPT
                    ? connector
                        .resolve(ip, port)
                        .map(
                            pod ->
                                new Target(node, new Connector.Route(null, pod), ip + ":" + port))
                    : Future.succeededFuture(new Target(node, route, ip + ":" + port)));
  }

  private void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.CONNECT) {
      tunnel(request);
      return;
    }
    URI uri;
    try {
      uri = URI.create(request.uri());
    } catch (IllegalArgumentException e) {
      refuse(request, new Refusal(400, "not a proxy request: " + request.uri()));
      return;
    }
    if (uri.getHost() == null) {
      refuse(
          request,
          new Refusal(
              400,
              "this is kubesim's proxy into the cluster network: use it as a proxy, e.g."
                  + " curl -x http://127.0.0.1:3128 http://<cluster IP>/"));
      return;
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    request.pause();
    target(uri.getHost(), port, request)
        .onSuccess(t -> forward(request, uri, t))
        .onFailure(e -> refuse(request, Refusal.of(e)));
  }

  private void forward(HttpServerRequest request, URI uri, Target target) {
    String real = real(target);
    if (real == null) {
      refuse(request, refusal(target));
      return;
    }
    int colon = real.lastIndexOf(':');
    ProxyRequest proxied = ProxyRequest.reverseProxy(request);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    proxied.setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    proxied.setAuthority(HostAndPort.create(uri.getHost(), uri.getPort()));
    client
        .request(
            new RequestOptions()
                .setServer(
                    SocketAddress.inetSocketAddress(
                        Integer.parseInt(real.substring(colon + 1)), real.substring(0, colon))))
        .compose(proxied::send)
        .compose(
            response -> {
              response.putHeader("X-Kubesim-Endpoint", endpoint(target));
              response.putHeader("X-Kubesim-Node", target.proxier().node());
              return response.send();
            })
        .onFailure(
            e -> {
              if (!request.response().headWritten()) {
                refuse(
                    request, new Refusal(502, "dial " + endpoint(target) + ": " + e.getMessage()));
              }
            });
  }

  private void tunnel(HttpServerRequest request) {
    String authority = request.uri();
    int colon = authority.lastIndexOf(':');
    if (colon < 0) {
      refuse(request, new Refusal(400, "CONNECT needs host:port"));
      return;
    }
    request.pause();
    target(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)), request)
        .onSuccess(
            t -> {
              String real = real(t);
              if (real == null) {
                refuse(request, refusal(t));
                return;
              }
              connector
                  .connect(real)
                  .onFailure(e -> refuse(request, new Refusal(502, e.getMessage())))
                  .onSuccess(
                      upstream ->
                          request
                              .toNetSocket()
                              .onSuccess(client -> Connector.pipe(client, upstream))
                              .onFailure(e -> upstream.close()));
            })
        .onFailure(e -> refuse(request, Refusal.of(e)));
  }

  private static String real(Target target) {
    return target.route() == null ? null : target.route().realAddress();
  }

  private static String endpoint(Target target) {
    return target.route().outcome() == null
        ? target.description()
        : target.route().outcome().endpoint();
  }

  /** Why a target is not reached, as the client's connect would fail. */
  private static Refusal refusal(Target target) {
    Connector.Route route = target.route();
    if (route == null) {
      return new Refusal(503, target.proxier().node() + " has no rules yet");
    }
    Verdict verdict = route.outcome() == null ? Verdict.DNAT : route.outcome().verdict();
    return switch (verdict) {
      case REJECT ->
          new Refusal(
              502,
              "dial tcp "
                  + target.description()
                  + ": connect: connection refused (REJECT on "
                  + target.proxier().node()
                  + ": the Service has no endpoints)");
      case DROP ->
          new Refusal(
              504,
              "dial tcp "
                  + target.description()
                  + ": i/o timeout (DROP on "
                  + target.proxier().node()
                  + ")");
      case ACCEPT ->
          new Refusal(
              502,
              "dial tcp "
                  + target.description()
                  + ": no route to host (no rule of "
                  + target.proxier().node()
                  + " matches)");
      case DNAT ->
          new Refusal(
              502,
              "dial tcp "
                  + endpoint(target)
                  + ": connect: connection refused (the pod does not"
                  + " listen there)");
    };
  }

  private static void refuse(HttpServerRequest request, Refusal refusal) {
    if (request.response().ended()) {
      return;
    }
    request.resume();
    request
        .response()
        .setStatusCode(refusal.code())
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("kubesim proxy: " + refusal.getMessage() + "\n");
  }

  public void close() {
    if (server != null) {
      server.close();
    }
    client.close();
  }

  /** An answer instead of a connection. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    Refusal(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    int code() {
      return code;
    }

    static Refusal of(Throwable e) {
      return e instanceof Refusal r ? r : new Refusal(502, e.getMessage());
    }
  }
}
