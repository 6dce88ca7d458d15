package io.kubesim.apiserver.http.streams;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;

/**
 * The client's upgraded connection: an HTTP connection taken over after {@code 101 Switching
 * Protocols} (SPDY), or a websocket whose binary messages carry the bytes (SPDY tunnelled) or the
 * channel protocol's messages. Used from the connection's context only.
 */
interface Transport {
  /** One write: a run of bytes on a socket, one binary message on a websocket. */
  void write(Buffer data);

  boolean writeQueueFull();

  void drainHandler(Runnable handler);

  /** Everything read: bytes from the socket, or each binary message whole. */
  void handler(Handler<Buffer> handler);

  void closeHandler(Runnable handler);

  void close();

  static Transport of(NetSocket socket) {
    return new Transport() {
      @Override
      public void write(Buffer data) {
        socket.write(data);
      }

      @Override
      public boolean writeQueueFull() {
        return socket.writeQueueFull();
      }

      @Override
      public void drainHandler(Runnable handler) {
        socket.drainHandler(v -> handler.run());
      }

      @Override
      public void handler(Handler<Buffer> handler) {
        socket.handler(handler);
      }

      @Override
      public void closeHandler(Runnable handler) {
        socket.closeHandler(v -> handler.run());
      }

      @Override
      public void close() {
        socket.close();
      }
    };
  }

  static Transport of(ServerWebSocket ws) {
    return new Transport() {
      @Override
      public void write(Buffer data) {
        if (!ws.isClosed()) {
          ws.writeBinaryMessage(data);
        }
      }

      @Override
      public boolean writeQueueFull() {
        return ws.writeQueueFull();
      }

      @Override
      public void drainHandler(Runnable handler) {
        ws.drainHandler(v -> handler.run());
      }

      @Override
      public void handler(Handler<Buffer> handler) {
        ws.binaryMessageHandler(handler);
      }

      @Override
      public void closeHandler(Runnable handler) {
        ws.closeHandler(v -> handler.run());
      }

      @Override
      public void close() {
        if (!ws.isClosed()) {
          ws.close((short) 1000);
        }
      }
    };
  }
}
