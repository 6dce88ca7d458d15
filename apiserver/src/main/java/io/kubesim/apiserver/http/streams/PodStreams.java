package io.kubesim.apiserver.http.streams;

import io.kubesim.core.client.ExecStream;
import io.kubesim.core.net.PodNetwork;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetClient;
import java.util.List;

/**
 * Serves exec, attach and port-forward once the API has accepted the request: negotiates the
 * protocol, upgrades the connection (websocket first, as kubectl 1.32 tries; SPDY/3.1 as its
 * fallback) and runs the session. Port-forward is served here against the pod network; exec and
 * attach are the kubelet's, reached over the event bus ({@link KubeletExec}).
 */
public final class PodStreams {
  private final Vertx vertx;
  private final NetClient client;
  private final PodNetwork network;

  public PodStreams(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createNetClient();
    this.network = PodNetwork.of(vertx);
  }

  /** The request must be paused and not yet upgraded. */
  public void serve(HttpServerRequest request, StreamTarget target) {
    boolean websocket = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    String protocol = negotiate(request, target.subresource(), websocket);
    if (protocol == null) {
      return; // answered
    }
    if (target.subresource().equals("portforward")) {
      portForward(request, target, websocket);
    } else {
      exec(request, target, websocket, protocol);
    }
  }

  /** The protocol to speak, or null after answering a request that names none we speak. */
  private static String negotiate(HttpServerRequest request, String subresource, boolean ws) {
    if (ws) {
      List<String> offered = Protocols.values(request.headers().getAll("Sec-WebSocket-Protocol"));
      String chosen = Protocols.negotiate(offered, Protocols.websocket(subresource));
      if (chosen == null) {
        fail(
            request,
            400,
            subresource.equals("portforward")
                ? "unable to upgrade: no tunneling spdy protocols provided"
                : "unable to upgrade: unable to negotiate protocol: client supports "
                    + goList(offered)
                    + ", server accepts "
                    + goList(Protocols.websocket(subresource)));
      }
      return chosen;
    }
    List<String> offered = Protocols.values(request.headers().getAll("X-Stream-Protocol-Version"));
    List<String> accepted = Protocols.spdy(subresource);
    if (offered.isEmpty()) {
      fail(request, 400, "unable to upgrade: X-Stream-Protocol-Version is required");
      return null;
    }
    String chosen = Protocols.negotiate(offered, accepted);
    if (chosen == null) {
      accepted.forEach(
          p -> request.response().headers().add("X-Accepted-Stream-Protocol-Versions", p));
      fail(
          request,
          403,
          "unable to upgrade: unable to negotiate protocol: client supports "
              + goList(offered)
              + ", server accepts "
              + goList(accepted));
    }
    return chosen;
  }

  private void portForward(HttpServerRequest request, StreamTarget target, boolean websocket) {
    if (websocket) {
      request.toWebSocket().onSuccess(ws -> runPortForward(target, Transport.of(ws)));
      return;
    }
    SpdyUpgrade.accept(request, Protocols.PORT_FORWARD)
        .onSuccess(socket -> runPortForward(target, Transport.of(socket)));
  }

  private void runPortForward(StreamTarget target, Transport transport) {
    PortForward forward = new PortForward(vertx, client, network, target, transport);
    SpdySession session = new SpdySession(transport::write, forward);
    transport.handler(session::receive);
    transport.closeHandler(session::transportClosed);
  }

  private void exec(
      HttpServerRequest request, StreamTarget target, boolean websocket, String protocol) {
    KubeletExec kubelet = new KubeletExec(vertx, target);
    kubelet
        .open()
        .onComplete(
            opened -> {
              if (websocket) {
                execOverWebSocket(request, kubelet, opened.cause(), protocol, target);
              } else if (opened.failed()) {
                refuse(request, opened.cause(), target);
              } else {
                execOverSpdy(request, kubelet, target);
              }
            });
  }

  /**
   * The stream translator upgrades the websocket before it dials the kubelet, so the kubelet's
   * refusal arrives as an internal error on the error channel.
   */
  private void execOverWebSocket(
      HttpServerRequest request,
      KubeletExec kubelet,
      Throwable refused,
      String protocol,
      StreamTarget target) {
    request
        .toWebSocket()
        .onSuccess(
            ws -> {
              Transport transport = Transport.of(ws);
              if (refused instanceof KubeletExec.Refused r) {
                WebSocketExec.end(
                    transport,
                    ExecStream.internal("unable to upgrade connection: " + r.getMessage()));
              } else if (refused != null) {
                WebSocketExec.end(
                    transport,
                    ExecStream.internal(KubeletExec.unreachable(refused, target.node())));
              } else {
                new WebSocketExec(transport, protocol.equals(Protocols.V5), kubelet).start();
              }
            })
        .onFailure(e -> kubelet.cancel());
  }

  /** The upgrade-aware proxy hands the kubelet's refusal back as it came: status and text. */
  private static void refuse(HttpServerRequest request, Throwable cause, StreamTarget target) {
    if (cause instanceof KubeletExec.Refused r) {
      fail(request, r.code, r.getMessage());
    } else {
      fail(request, 500, KubeletExec.unreachable(cause, target.node()));
    }
  }

  private void execOverSpdy(HttpServerRequest request, KubeletExec kubelet, StreamTarget target) {
    SpdyUpgrade.accept(request, Protocols.V4)
        .onFailure(e -> kubelet.cancel())
        .onSuccess(
            socket -> {
              Transport transport = Transport.of(socket);
              SpdyExec exec =
                  new SpdyExec(vertx, ExecOptions.parse(target.query()), kubelet, transport);
              SpdySession session = new SpdySession(transport::write, exec);
              exec.attach(session);
              transport.handler(session::receive);
              transport.closeHandler(session::transportClosed);
            });
  }

  /** A list as Go's %v prints a []string. */
  private static String goList(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  /** What Go's http.Error writes. */
  private static void fail(HttpServerRequest request, int code, String text) {
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return;
    }
    response
        .setStatusCode(code)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(text + "\n");
  }
}
