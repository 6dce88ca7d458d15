package io.kubesim.apiserver.http.streams;

import io.vertx.core.buffer.Buffer;

/**
 * The {@code channel.k8s.io} framing of exec and attach over websocket binary messages: the first
 * byte of a message is its channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize), the rest its
 * data. v5 adds one control message, {@code [255, c]}: the sender will write nothing more on
 * channel {@code c} (the client's stdin reached its end).
 */
public final class Channels {
  /** The v5 close signal's first byte. */
  public static final int CLOSE = 255;

  /** One message read from the client. */
  public record Message(int channel, Buffer data, boolean close) {}

  private Channels() {}

  public static Buffer frame(int channel, Buffer data) {
    return Buffer.buffer(data.length() + 1).appendByte((byte) channel).appendBuffer(data);
  }

  /**
   * A message from the client, or null for one that carries nothing (empty). {@code v5}: whether
   * the close signal exists; in v4 a first byte of 255 is just an unknown channel.
   */
  public static Message parse(Buffer message, boolean v5) {
    if (message.length() == 0) {
      return null;
    }
    int channel = message.getUnsignedByte(0);
    if (v5 && channel == CLOSE) {
      return message.length() < 2
          ? null
          : new Message(message.getUnsignedByte(1), Buffer.buffer(), true);
    }
    return new Message(channel, message.getBuffer(1, message.length()), false);
  }
}
