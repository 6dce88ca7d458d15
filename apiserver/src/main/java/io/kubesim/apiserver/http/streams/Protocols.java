package io.kubesim.apiserver.http.streams;

import java.util.ArrayList;
import java.util.List;

/**
 * The streaming protocols kubectl 1.32 asks for, and how a server picks one: the first protocol the
 * client lists that the server supports (client order wins, as in httpstream.Handshake and in the
 * websocket handshake).
 *
 * <p>kubectl first tries a websocket ({@code Sec-WebSocket-Protocol}): {@code v5.channel.k8s.io}
 * for exec and attach, {@code SPDY/3.1+portforward.k8s.io} (SPDY tunnelled in binary messages) for
 * port-forward. If that is not answered with 101 it falls back to {@code Upgrade: SPDY/3.1} with
 * the protocols in {@code X-Stream-Protocol-Version} headers.
 */
public final class Protocols {
  public static final String PORT_FORWARD = "portforward.k8s.io";
  public static final String PORT_FORWARD_TUNNEL = "SPDY/3.1+" + PORT_FORWARD;
  public static final String V5 = "v5.channel.k8s.io";
  public static final String V4 = "v4.channel.k8s.io";

  /** Websocket subprotocols the apiserver accepts (HttpServerOptions.webSocketSubProtocols). */
  public static final List<String> WEBSOCKET = List.of(V5, V4, PORT_FORWARD_TUNNEL);

  /** What the kubelet's SPDY endpoints speak: remotecommand v4 (v5 is websocket only). */
  static final List<String> SPDY_EXEC = List.of(V4);

  static final List<String> SPDY_PORT_FORWARD = List.of(PORT_FORWARD);

  private Protocols() {}

  /** The values of a header that may repeat and hold comma-separated lists, in order. */
  public static List<String> values(List<String> headers) {
    List<String> out = new ArrayList<>();
    for (String header : headers) {
      for (String part : header.split(",")) {
        String value = part.trim();
        if (!value.isEmpty()) {
          out.add(value);
        }
      }
    }
    return out;
  }

  /** The first of {@code client} that {@code server} supports, or null. */
  public static String negotiate(List<String> client, List<String> server) {
    for (String protocol : client) {
      if (server.contains(protocol)) {
        return protocol;
      }
    }
    return null;
  }

  /** The websocket subprotocols a stream subresource may use. */
  static List<String> websocket(String subresource) {
    return subresource.equals("portforward") ? List.of(PORT_FORWARD_TUNNEL) : List.of(V5, V4);
  }

  /** The SPDY protocols a stream subresource may use. */
  static List<String> spdy(String subresource) {
    return subresource.equals("portforward") ? SPDY_PORT_FORWARD : SPDY_EXEC;
  }
}
