package io.kubesim.core.client;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary framing of API calls and replies on the event bus: length-prefixed UTF-8 strings and
 * raw bodies. A JsonObject would carry the body base64-encoded inside JSON, encoded and decoded
 * again on both sides of every call; this is the hot path of every component.
 */
final class Wire {
  private Wire() {}

  static void putString(Buffer buffer, String s) {
    putBytes(buffer, s.getBytes(StandardCharsets.UTF_8));
  }

  static void putBytes(Buffer buffer, byte[] bytes) {
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  /** Reads what {@link #putString} and {@link #putBytes} wrote, in order. */
  static final class Reader {
    private final Buffer buffer;
    private int at;

    Reader(Buffer buffer) {
      this.buffer = buffer;
    }

    int readInt() {
      int v = buffer.getInt(at);
      at += 4;
      return v;
    }

    byte readByte() {
      return buffer.getByte(at++);
    }

    byte[] readBytes() {
      int length = readInt();
      if (length < 0 || length > buffer.length() - at) {
        throw new IllegalArgumentException("truncated message");
      }
      byte[] bytes = buffer.getBytes(at, at + length);
      at += length;
      return bytes;
    }

    String readString() {
      return new String(readBytes(), StandardCharsets.UTF_8);
    }
  }
}
