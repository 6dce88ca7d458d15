package io.kubesim.apiserver.http.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.codec.spdy.SpdyWindowUpdateFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server side of SPDY/3.1 against a client made of Netty's own codec: what kubectl's spdystream
 * sends, byte for byte through the zlib header compression, and what it reads back.
 */
class SpdySessionTest {

  /** A client: frames in, the session's bytes out, and the frames it answered. */
  private static final class Client {
    final EmbeddedChannel codec = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    final List<SpdySession.Stream> opened = new ArrayList<>();
    boolean closed;
    final SpdySession session =
        new SpdySession(
            bytes -> codec.writeInbound(Unpooled.wrappedBuffer(bytes.getBytes())),
            new SpdySession.Listener() {
              @Override
              public void opened(SpdySession.Stream stream) {
                opened.add(stream);
              }

              @Override
              public void closed() {
                closed = true;
              }
            });

    void send(Object frame) {
      codec.writeOutbound(frame);
      ByteBuf bytes;
      while ((bytes = codec.readOutbound()) != null) {
        session.receive(Buffer.buffer(ByteBufUtil.getBytes(bytes)));
        bytes.release();
      }
    }

    /** Opens stream {@code id} with kubectl's port-forward headers. */
    void open(int id, String type) {
      DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
      syn.headers().set("streamtype", type).set("port", "80").set("requestid", "0");
      send(syn);
    }

    List<Object> received() {
      List<Object> frames = new ArrayList<>();
      Object f;
      while ((f = codec.readInbound()) != null) {
        frames.add(f);
      }
      return frames;
    }
  }

  private static DefaultSpdyDataFrame data(int id, String text, boolean fin) {
    DefaultSpdyDataFrame frame =
        new DefaultSpdyDataFrame(id, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    frame.setLast(fin);
    return frame;
  }

  @Test
  void aStreamTheClientOpensIsAnsweredWithAReplyWhoseHeaderBlockGoCanRead() {
    Client c = new Client();
    c.open(1, "error");

    assertThat(c.opened)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).isEqualTo(1);
              assertThat(s.header("streamType")).isEqualTo("error");
              assertThat(s.header("requestID")).isEqualTo("0");
            });
    List<Object> frames = c.received();
    assertThat(frames).singleElement().isInstanceOf(SpdySynReplyFrame.class);
    // Go's framer fails on a SYN_REPLY without a header block; Netty writes none for no headers.
    assertThat(((SpdySynReplyFrame) frames.get(0)).headers().isEmpty()).isFalse();
  }

  @Test
  void dataArrivesInOrderAndIsAcknowledgedWithAWindowUpdateOnceConsumed() {
    Client c = new Client();
    c.open(3, "data");
    c.received();
    List<String> got = new ArrayList<>();
    SpdySession.Stream stream = c.opened.get(0);
    stream.dataHandler(b -> got.add(b.toString()));

    c.send(data(3, "GET / HTTP/1.1\r\n", false));
    c.send(data(3, "\r\n", false));
    stream.consumed(18);

    assertThat(got).containsExactly("GET / HTTP/1.1\r\n", "\r\n");
    assertThat(c.received())
        .singleElement()
        .isInstanceOfSatisfying(
            SpdyWindowUpdateFrame.class,
            w -> {
              assertThat(w.streamId()).isEqualTo(3);
              assertThat(w.deltaWindowSize()).isEqualTo(18);
            });
  }

  @Test
  void dataThatCameBeforeAHandlerIsDeliveredToIt() {
    Client c = new Client();
    c.open(1, "data");
    c.send(data(1, "early", false));
    List<String> got = new ArrayList<>();

    c.opened.get(0).dataHandler(b -> got.add(b.toString()));

    assertThat(got).containsExactly("early");
  }

  @Test
  void finishingHalfClosesWithAnEmptyFinalDataFrameAndTheClientsFinEndsTheStream() {
    Client c = new Client();
    c.open(1, "data");
    c.received();
    SpdySession.Stream stream = c.opened.get(0);
    boolean[] ended = {false};
    stream.endHandler(() -> ended[0] = true);

    stream.write(Buffer.buffer("HTTP/1.1 200 OK\r\n"));
    stream.finish();
    c.send(data(1, "", true));

    List<Object> frames = c.received();
    assertThat(frames).hasSize(2);
    SpdyDataFrame body = (SpdyDataFrame) frames.get(0);
    assertThat(body.content().toString(StandardCharsets.UTF_8)).isEqualTo("HTTP/1.1 200 OK\r\n");
    assertThat(body.isLast()).isFalse();
    assertThat(((SpdyDataFrame) frames.get(1)).isLast()).isTrue();
    assertThat(ended[0]).isTrue();
    frames.forEach(ReferenceCountUtil::release);
  }

  @Test
  void aResetFromTheClientEndsTheStream() {
    Client c = new Client();
    c.open(1, "data");
    boolean[] reset = {false};
    c.opened.get(0).resetHandler(() -> reset[0] = true);

    c.send(new DefaultSpdyRstStreamFrame(1, SpdyStreamStatus.CANCEL));

    assertThat(reset[0]).isTrue();
  }

  record Ping(String name, int id, boolean answered) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Ping> pings() {
    return Stream.of(
        new Ping("a ping the client started (odd id) is sent back", 7, true),
        new Ping(
            "the answer to a ping of the server's own (even id) is not answered again", 8, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pings")
  void pings(Ping p) {
    Client c = new Client();
    c.send(new DefaultSpdyPingFrame(p.id()));

    List<Object> frames = c.received();
    if (p.answered()) {
      assertThat(frames)
          .singleElement()
          .isInstanceOfSatisfying(SpdyPingFrame.class, f -> assertThat(f.id()).isEqualTo(p.id()));
    } else {
      assertThat(frames).isEmpty();
    }
  }

  @Test
  void goAwayFromTheClientClosesTheSessionAndEveryStream() {
    Client c = new Client();
    c.open(1, "data");
    boolean[] reset = {false};
    c.opened.get(0).resetHandler(() -> reset[0] = true);
    c.received();

    c.send(new DefaultSpdyGoAwayFrame(0));

    assertThat(c.closed).isTrue();
    assertThat(reset[0]).isTrue();
    assertThat(c.received()).singleElement().isInstanceOf(SpdyGoAwayFrame.class);
    assertThat(c.session.isClosed()).isTrue();
  }
}
