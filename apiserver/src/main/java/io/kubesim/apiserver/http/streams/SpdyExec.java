package io.kubesim.apiserver.http.streams;

import io.kubesim.apiserver.http.streams.SpdySession.Stream;
import io.kubesim.core.client.ExecStream;
import io.kubesim.core.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * exec or attach over SPDY (remotecommand v4): the client opens one stream per channel, named by
 * its {@code streamType} header; the command starts once all the streams the options ask for are
 * there. At the end the Status goes on the error stream and every stream is half-closed; the client
 * then closes the connection.
 */
final class SpdyExec implements SpdySession.Listener, KubeletExec.Output {
  /** The kubelet's streamCreationTimeout. */
  static final long STREAM_CREATION_MILLIS = 30_000;

  /** After the end, the connection is closed if the client has not done it by then. */
  static final long LINGER_MILLIS = 10_000;

  private static final Map<String, Integer> CHANNELS =
      Map.of(
          "stdin", ExecStream.STDIN,
          "stdout", ExecStream.STDOUT,
          "stderr", ExecStream.STDERR,
          "error", ExecStream.ERROR,
          "resize", ExecStream.RESIZE);

  private final Vertx vertx;
  private final ExecOptions options;
  private final KubeletExec kubelet;
  private final Transport transport;
  private final Map<Integer, Stream> streams = new HashMap<>();
  private SpdySession session;
  private boolean started;
  private boolean finished;
  private long timer = -1;

  SpdyExec(Vertx vertx, ExecOptions options, KubeletExec kubelet, Transport transport) {
    this.vertx = vertx;
    this.options = options;
    this.kubelet = kubelet;
    this.transport = transport;
  }

  void attach(SpdySession session) {
    this.session = session;
    timer =
        vertx.setTimer(
            STREAM_CREATION_MILLIS,
            t -> {
              if (!started) {
                kubelet.cancel();
                session.close();
                transport.close();
              }
            });
  }

  @Override
  public void opened(Stream stream) {
    Integer channel = CHANNELS.get(String.valueOf(stream.header("streamType")));
    if (channel == null || streams.containsKey(channel) || started) {
      stream.reset();
      return;
    }
    streams.put(channel, stream);
    if (channel == ExecStream.STDIN) {
      stream.dataHandler(
          data -> {
            kubelet.stdin(data);
            stream.consumed(data.length());
          });
      stream.endHandler(kubelet::stdinClosed);
    } else if (channel == ExecStream.RESIZE) {
      stream.dataHandler(
          data -> {
            kubelet.resize(data);
            stream.consumed(data.length());
          });
    }
    if (streams.size() == options.spdyStreams()) {
      started = true;
      vertx.cancelTimer(timer);
      kubelet.start(this);
    }
  }

  @Override
  public void closed() {
    kubelet.cancel();
    vertx.cancelTimer(timer);
    transport.close();
  }

  @Override
  public void output(int channel, Buffer data) {
    Stream stream = streams.get(channel);
    if (stream != null) {
      stream.write(data);
    }
  }

  @Override
  public void finish(ObjectNode status) {
    if (finished) {
      return;
    }
    finished = true;
    Stream error = streams.get(ExecStream.ERROR);
    if (error != null) { // v4 writes every Status, success included
      error.write(Buffer.buffer(Json.bytes(status)));
    }
    streams.values().forEach(Stream::finish);
    timer =
        vertx.setTimer(
            LINGER_MILLIS,
            t -> {
              session.close();
              transport.close();
            });
  }
}
