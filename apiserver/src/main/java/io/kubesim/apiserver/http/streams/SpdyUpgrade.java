package io.kubesim.apiserver.http.streams;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.net.NetSocket;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code Upgrade: SPDY/3.1}: the HTTP/1.1 connection is taken over and answered {@code 101
 * Switching Protocols} with the negotiated {@code X-Stream-Protocol-Version}, as the kubelet's
 * httpstream upgrader answers. Vert.x's {@code toNetSocket()} only upgrades GET requests and
 * kubectl POSTs, so the connection is taken over first and the 101 written on the raw socket.
 */
final class SpdyUpgrade {
  private SpdyUpgrade() {}

  static Future<NetSocket> accept(HttpServerRequest request, String protocol) {
    if (!(request.connection() instanceof Http1xServerConnection http1)) {
      return Future.failedFuture("a SPDY upgrade needs an HTTP/1.1 connection");
    }
    String head =
        "HTTP/1.1 101 Switching Protocols\r\n"
            + "Connection: Upgrade\r\n"
            + "Upgrade: SPDY/3.1\r\n"
            + "X-Stream-Protocol-Version: "
            + protocol
            + "\r\n"
            + "Date: "
            + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))
            + "\r\n\r\n";
    return http1.netSocket().compose(socket -> socket.write(Buffer.buffer(head)).map(socket));
  }
}
