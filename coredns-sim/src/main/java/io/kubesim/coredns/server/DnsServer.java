package io.kubesim.coredns.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS listener on one port, over UDP and TCP (RFC 1035 4.2: over TCP each message is preceded
 * by its length in two bytes, and a connection may carry many). Answers come from the {@link
 * Responder} on the socket's event loop: answering is a lookup in memory.
 */
public final class DnsServer {
  private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);

  private final Vertx vertx;
  private final Responder responder;
  private DatagramSocket udp;
  private NetServer tcp;

  public DnsServer(Vertx vertx, Responder responder) {
    this.vertx = vertx;
    this.responder = responder;
  }

  /** Listens on {@code host:port} (0: a free port, the same for UDP and TCP); the UDP port. */
  public Future<Integer> listen(String host, int port) {
    // No receive buffer size: Vert.x would also make it the size of the buffer allocated for every
    // datagram read (4 MiB zeroed per query), where Netty's default of 2 KiB holds any DNS query.
    DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions());
    socket.handler(packet -> answer(socket, packet));
    return socket
        .listen(port, host)
        .compose(
            s -> {
              udp = s;
              int bound = s.localAddress().port();
              tcp = vertx.createNetServer().connectHandler(this::connected);
              return tcp.listen(bound, host).map(t -> bound);
            })
        .onSuccess(p -> LOG.info("DNS on {}:{} (udp and tcp)", host, p));
  }

  public Future<Void> close() {
    Future<Void> closeUdp = udp == null ? Future.succeededFuture() : udp.close();
    Future<Void> closeTcp = tcp == null ? Future.succeededFuture() : tcp.close();
    return Future.all(closeUdp, closeTcp).mapEmpty();
  }

  private void answer(DatagramSocket socket, DatagramPacket packet) {
    SocketAddress sender = packet.sender();
    byte[] reply = responder.respond(packet.data().getBytes(), false, isV6(sender));
    if (reply != null) {
      socket.send(Buffer.buffer(reply), sender.port(), sender.hostAddress());
    }
  }

  private void connected(NetSocket socket) {
    boolean ipv6 = isV6(socket.remoteAddress());
    Buffer[] pending = {Buffer.buffer()};
    socket.handler(
        data -> {
          Buffer buffer = pending[0].appendBuffer(data);
          int offset = 0;
          while (buffer.length() - offset >= 2) {
            int length = buffer.getUnsignedShort(offset);
            if (buffer.length() - offset - 2 < length) {
              break;
            }
            byte[] query = buffer.getBytes(offset + 2, offset + 2 + length);
            offset += 2 + length;
            byte[] reply = responder.respond(query, true, ipv6);
            if (reply != null) {
              socket.write(
                  Buffer.buffer(reply.length + 2)
                      .appendUnsignedShort(reply.length)
                      .appendBytes(reply));
            }
          }
          pending[0] = offset == 0 ? buffer : buffer.getBuffer(offset, buffer.length());
        });
  }

  private static boolean isV6(SocketAddress address) {
    String host = address == null ? null : address.hostAddress();
    return host != null && host.indexOf(':') >= 0;
  }
}
