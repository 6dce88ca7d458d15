package io.kubesim.apiserver.http.streams;

import io.kubesim.core.client.ExecStream;
import io.kubesim.core.json.Json;
import io.vertx.core.buffer.Buffer;
import tools.jackson.databind.node.ObjectNode;

/**
 * exec or attach over a websocket with the v5 (or v4) channel protocol. The real apiserver serves
 * it with its stream translator, which talks SPDY to the kubelet and re-reports the kubelet's
 * Status in its own terms ({@link #translate}).
 */
final class WebSocketExec implements KubeletExec.Output {
  private final Transport ws;
  private final boolean v5;
  private final KubeletExec kubelet;

  WebSocketExec(Transport ws, boolean v5, KubeletExec kubelet) {
    this.ws = ws;
    this.v5 = v5;
    this.kubelet = kubelet;
  }

  void start() {
    ws.handler(this::onMessage);
    ws.closeHandler(kubelet::cancel);
    kubelet.start(this);
  }

  private void onMessage(Buffer message) {
    Channels.Message m = Channels.parse(message, v5);
    if (m == null) {
      return;
    }
    if (m.channel() == ExecStream.STDIN) {
      if (m.close()) {
        kubelet.stdinClosed();
      } else {
        kubelet.stdin(m.data());
      }
    } else if (m.channel() == ExecStream.RESIZE && !m.close()) {
      kubelet.resize(m.data());
    }
  }

  @Override
  public void output(int channel, Buffer data) {
    ws.write(Channels.frame(channel, data));
  }

  @Override
  public void finish(ObjectNode status) {
    end(ws, translate(status));
  }

  /** Writes the final Status on the error channel and closes the websocket normally. */
  static void end(Transport ws, ObjectNode status) {
    ws.write(Channels.frame(ExecStream.ERROR, Buffer.buffer(Json.bytes(status))));
    ws.close();
  }

  /**
   * The kubelet's Status as the stream translator reports it: success as is; an exit code as a new
   * NonZeroExitCode Status around client-go's "command terminated with exit code N"; any other
   * failure (client-go turns its message into a plain error) as an internal error around that
   * message, hence the doubled "Internal error occurred: " kubectl prints.
   */
  static ObjectNode translate(ObjectNode status) {
    if ("Success".equals(status.path("status").asString(""))) {
      return ExecStream.success();
    }
    int code = ExecStream.exitCodeOf(status);
    if (code >= 0) {
      return ExecStream.exitCode(
          code,
          "command terminated with non-zero exit code: command terminated with exit code " + code);
    }
    return ExecStream.internal(status.path("message").asString(""));
  }
}
