package io.kubesim.apiserver.http.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChannelsTest {

  record Case(String name, byte[] message, boolean v5, Channels.Message expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "stdin is channel 0 and its data the rest of the message",
            bytes(0, 'l', 's', '\r'),
            true,
            new Channels.Message(0, Buffer.buffer("ls\r"), false)),
        new Case(
            "a resize is channel 4 with the size as JSON",
            bytes(4, '{', '}'),
            true,
            new Channels.Message(4, Buffer.buffer("{}"), false)),
        new Case(
            "in v5, 255 then a channel closes that channel",
            bytes(255, 0),
            true,
            new Channels.Message(0, Buffer.buffer(), true)),
        new Case(
            "in v4 there is no close signal: 255 is just a channel nobody reads",
            bytes(255, 0),
            false,
            new Channels.Message(255, Buffer.buffer(bytes(0)), false)),
        new Case("an empty message carries nothing", bytes(), true, null),
        new Case("a close signal without its channel carries nothing", bytes(255), true, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsing(Case c) {
    assertThat(Channels.parse(Buffer.buffer(c.message()), c.v5())).isEqualTo(c.expected());
  }

  @Test
  void outputIsFramedWithItsChannelFirst() {
    assertThat(Channels.frame(1, Buffer.buffer("hi\n")).getBytes())
        .containsExactly(1, 'h', 'i', '\n');
  }
}
