package io.kubesim.apiserver.http.streams;

import io.kubesim.apiserver.http.streams.SpdySession.Stream;
import io.kubesim.core.net.PodNetwork;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code kubectl port-forward} session, served as the kubelet's portforward endpoint does
 * (pkg/kubelet/cri/streaming/portforward): for each local connection kubectl opens an error stream
 * and a data stream with the same {@code requestID} and the remote {@code port}; once both are
 * there the data goes to the pod's port, and what went wrong is written on the error stream.
 *
 * <p>The real kubelet dials {@code localhost:<port>} inside the pod's network namespace. Here the
 * apiserver dials the real address the pod network table gives for {@code <podIP>:<port>} itself:
 * the same bytes reach the same simulated app, without a second hop through the kubelet.
 */
final class PortForward implements SpdySession.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(PortForward.class);

  /** The kubelet's streamCreationTimeout: both streams of a request must come within it. */
  static final long STREAM_CREATION_MILLIS = 30_000;

  private final Vertx vertx;
  private final NetClient client;
  private final PodNetwork network;
  private final StreamTarget pod;
  private final Transport transport;
  private final Map<String, Pair> pairs = new HashMap<>();

  PortForward(
      Vertx vertx, NetClient client, PodNetwork network, StreamTarget pod, Transport transport) {
    this.vertx = vertx;
    this.client = client;
    this.network = network;
    this.pod = pod;
    this.transport = transport;
  }

  /** The error stream and data stream of one forwarded connection. */
  private final class Pair {
    final String requestId;
    Stream error;
    Stream data;
    long timer = -1;

    Pair(String requestId) {
      this.requestId = requestId;
    }
  }

  @Override
  public void opened(Stream stream) {
    String problem = StreamHeaders.problem(stream::header);
    if (problem != null) {
      // The kubelet refuses such a stream outright.
      LOG.info("port-forward to {}/{}: stream rejected: {}", pod.namespace(), pod.name(), problem);
      stream.reset();
      return;
    }
    String requestId = StreamHeaders.requestId(stream::header, stream.id());
    Pair pair = pairs.get(requestId);
    if (pair == null) {
      Pair created = new Pair(requestId);
      pair = created;
      pairs.put(requestId, created);
      created.timer =
          vertx.setTimer(
              STREAM_CREATION_MILLIS,
              t -> {
                pairs.remove(requestId);
                if (created.data == null || created.error == null) {
                  print(created, "(request=" + requestId + ") timed out waiting for streams");
                }
              });
    }
    boolean isError = StreamHeaders.ERROR.equals(stream.header(StreamHeaders.STREAM_TYPE));
    if ((isError ? pair.error : pair.data) != null) {
      String message =
          "error processing stream for request "
              + requestId
              + ": "
              + (isError ? "error" : "data")
              + " stream already assigned";
      print(pair, message);
      stream.reset();
      return;
    }
    if (isError) {
      pair.error = stream;
    } else {
      pair.data = stream;
    }
    if (pair.error != null && pair.data != null) {
      vertx.cancelTimer(pair.timer);
      pairs.remove(requestId);
      forward(pair);
    }
  }

  @Override
  public void closed() {
    pairs.values().forEach(p -> vertx.cancelTimer(p.timer));
    pairs.clear();
    transport.close();
  }

  private void forward(Pair pair) {
    int port = Integer.parseInt(pair.data.header(StreamHeaders.PORT));
    String ip = pod.podIp();
    (ip.isEmpty() ? io.vertx.core.Future.<String>succeededFuture(null) : network.lookup(ip, port))
        .onFailure(e -> fail(pair, port))
        .onSuccess(
            address -> {
              if (address == null) {
                fail(pair, port);
                return;
              }
              int colon = address.lastIndexOf(':');
              client
                  .connect(
                      Integer.parseInt(address.substring(colon + 1)), address.substring(0, colon))
                  .onSuccess(socket -> pipe(pair, socket))
                  .onFailure(e -> fail(pair, port));
            });
  }

  /** The pod's app does not listen on the port: containerd's error, on the error stream. */
  private void fail(Pair pair, int port) {
    print(pair, PortForwardErrors.refused(port, pod.uid()));
    pair.data.finish();
    pair.error.finish();
  }

  private void pipe(Pair pair, NetSocket socket) {
    Stream data = pair.data;
    data.dataHandler(
        bytes -> socket.write(bytes).onComplete(done -> data.consumed(bytes.length())));
    data.endHandler(() -> shutdownOutput(socket));
    data.resetHandler(socket::close);
    socket.handler(
        bytes -> {
          data.write(bytes);
          if (transport.writeQueueFull()) {
            socket.pause();
            transport.drainHandler(socket::resume);
          }
        });
    socket.closeHandler(
        v -> {
          data.finish();
          pair.error.finish();
        });
    socket.exceptionHandler(e -> socket.close());
  }

  /** kubectl's local connection reached its end: so does what the pod reads (a TCP half-close). */
  private static void shutdownOutput(NetSocket socket) {
    if (socket instanceof NetSocketInternal internal
        && internal.channelHandlerContext().channel() instanceof DuplexChannel duplex) {
      duplex.shutdownOutput();
    } else {
      socket.close();
    }
  }

  private static void print(Pair pair, String message) {
    if (pair.error != null) {
      pair.error.write(Buffer.buffer(message.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
