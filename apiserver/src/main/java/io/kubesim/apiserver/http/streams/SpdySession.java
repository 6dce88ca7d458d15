package io.kubesim.apiserver.http.streams;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdyWindowUpdateFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server side of a SPDY/3.1 session as Kubernetes' streaming protocols use it (moby/spdystream
 * on the client): the client opens every stream with SYN_STREAM and the headers that say what it is
 * for, the server answers each with SYN_REPLY, both sides send DATA and half-close with FIN.
 * Netty's {@link SpdyFrameCodec} (with SPDY/3's zlib header compression) runs in an {@link
 * EmbeddedChannel}: {@link #receive} feeds it the transport's bytes, frames written come out to
 * {@code out}. Not thread-safe: call it from one thread (the connection's context).
 *
 * <p>Flow control: each DATA received is acknowledged with a WINDOW_UPDATE once its consumer says
 * it is done with it ({@link Stream#consumed}), so a client honouring SPDY/3's 64 KiB window never
 * has more than that in flight per stream. spdystream sends no WINDOW_UPDATEs itself, so the
 * client's window is not enforced on what this side sends.
 */
public final class SpdySession {

  /** What the user of the session is told. */
  public interface Listener {
    /** The client opened a stream (already answered with SYN_REPLY). */
    void opened(Stream stream);

    /** The client went away (GOAWAY) or the transport closed: every stream is over. */
    void closed();
  }

  private final EmbeddedChannel channel =
      new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
  private final Consumer<Buffer> out;
  private final Listener listener;
  private final Map<Integer, Stream> streams = new HashMap<>();
  private int lastStreamId;
  private boolean closed;

  public SpdySession(Consumer<Buffer> out, Listener listener) {
    this.out = out;
    this.listener = listener;
  }

  /** Bytes from the transport, in order. */
  public void receive(Buffer bytes) {
    if (closed) {
      return;
    }
    channel.writeInbound(Unpooled.wrappedBuffer(bytes.getBytes()));
    Object frame;
    while ((frame = channel.readInbound()) != null) {
      try {
        dispatch(frame);
      } finally {
        ReferenceCountUtil.release(frame);
      }
    }
    flush();
  }

  private void dispatch(Object frame) {
    if (frame instanceof SpdySynStreamFrame syn) {
      open(syn);
    } else if (frame instanceof SpdyDataFrame data) {
      Stream s = streams.get(data.streamId());
      if (s != null) {
        s.received(Buffer.buffer(ByteBufUtil.getBytes(data.content())), data.isLast());
      }
    } else if (frame instanceof SpdyRstStreamFrame rst) {
      Stream s = streams.remove(rst.streamId());
      if (s != null) {
        s.wasReset();
      }
    } else if (frame instanceof SpdyPingFrame ping) {
      // Pings the client started have odd ids; the answer is the same frame back.
      if ((ping.id() & 1) == 1) {
        send(new DefaultSpdyPingFrame(ping.id()));
      }
    } else if (frame instanceof SpdyGoAwayFrame) {
      close();
    }
    // SETTINGS, WINDOW_UPDATE, HEADERS: nothing the Kubernetes protocols depend on.
  }

  private void open(SpdySynStreamFrame syn) {
    int id = syn.streamId();
    lastStreamId = Math.max(lastStreamId, id);
    Map<String, String> headers = new LinkedHashMap<>();
    syn.headers()
        .iteratorAsString()
        .forEachRemaining(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    Stream stream = new Stream(id, headers, syn.isLast());
    streams.put(id, stream);
    send(reply(id, headers));
    listener.opened(stream);
  }

  /**
   * SYN_REPLY. Go's SPDY framer reads a header block in every SYN_REPLY, even one with no headers,
   * and Netty writes none for an empty one, so the reply names the stream's type (which the client
   * ignores).
   */
  private static DefaultSpdySynReplyFrame reply(int id, Map<String, String> headers) {
    DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(id);
    reply.headers().set("streamtype", headers.getOrDefault("streamtype", "unknown"));
    return reply;
  }

  /** The transport is gone: every stream ends. */
  public void transportClosed() {
    if (closed) {
      return;
    }
    closed = true;
    streams.values().forEach(Stream::wasReset);
    streams.clear();
    channel.finishAndReleaseAll();
    listener.closed();
  }

  /** Ends the session with GOAWAY (the transport is the caller's to close). */
  public void close() {
    if (closed) {
      return;
    }
    send(new DefaultSpdyGoAwayFrame(lastStreamId));
    flush();
    transportClosed();
  }

  public boolean isClosed() {
    return closed;
  }

  private void send(Object frame) {
    if (!closed) {
      channel.writeOutbound(frame);
    }
  }

  private void flush() {
    ByteBuf encoded;
    while ((encoded = channel.readOutbound()) != null) {
      try {
        out.accept(Buffer.buffer(ByteBufUtil.getBytes(encoded)));
      } finally {
        encoded.release();
      }
    }
  }

  /** One stream the client opened. Data callbacks run on the session's thread. */
  public final class Stream {
    private final int id;
    private final Map<String, String> headers;
    private Consumer<Buffer> dataHandler;
    private Runnable endHandler = () -> {};
    private Runnable resetHandler = () -> {};
    private boolean remoteDone;
    private boolean localDone;
    private final java.util.List<Buffer> early = new java.util.ArrayList<>();

    private Stream(int id, Map<String, String> headers, boolean fin) {
      this.id = id;
      this.headers = headers;
      this.remoteDone = fin;
    }

    public int id() {
      return id;
    }

    /** A header of the SYN_STREAM (names are lower case on the wire). */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Where the client's data goes; data that came before is delivered at once. Call {@link
     * #consumed} for each buffer once it is handled.
     */
    public Stream dataHandler(Consumer<Buffer> handler) {
      this.dataHandler = handler;
      early.forEach(handler);
      early.clear();
      return this;
    }

    /** The client half-closed the stream (FIN): no more data will come. */
    public Stream endHandler(Runnable handler) {
      this.endHandler = handler;
      if (remoteDone) {
        handler.run();
      }
      return this;
    }

    /** The stream was reset, or the whole session ended. */
    public Stream resetHandler(Runnable handler) {
      this.resetHandler = handler;
      return this;
    }

    private void received(Buffer data, boolean fin) {
      if (data.length() > 0) {
        if (dataHandler == null) {
          early.add(data);
        } else {
          dataHandler.accept(data);
        }
      }
      if (fin && !remoteDone) {
        remoteDone = true;
        endHandler.run();
        forgetIfDone();
      }
    }

    private void wasReset() {
      remoteDone = true;
      localDone = true;
      resetHandler.run();
    }

    /** {@code bytes} of this stream's data were handled: the client may send as many again. */
    public void consumed(int bytes) {
      if (bytes > 0 && !localDone && streams.containsKey(id)) {
        send(new DefaultSpdyWindowUpdateFrame(id, bytes));
        flush();
      }
    }

    public void write(Buffer data) {
      if (localDone || closed) {
        return;
      }
      SpdySession.this.send(new DefaultSpdyDataFrame(id, Unpooled.wrappedBuffer(data.getBytes())));
      flush();
    }

    /** Half-closes this side (FIN). */
    public void finish() {
      if (localDone || closed) {
        return;
      }
      localDone = true;
      SpdySession.this.send(new DefaultSpdyDataFrame(id).setLast(true));
      flush();
      forgetIfDone();
    }

    /** Ends both directions at once (RST_STREAM CANCEL). */
    public void reset() {
      if (closed || !streams.containsKey(id)) {
        return;
      }
      localDone = true;
      remoteDone = true;
      streams.remove(id);
      SpdySession.this.send(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.CANCEL));
      flush();
    }

    private void forgetIfDone() {
      if (localDone && remoteDone) {
        streams.remove(id);
      }
    }
  }
}
