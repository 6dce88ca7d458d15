package io.kubesim.apiserver.http.streams;

import java.util.List;
import java.util.Map;

/**
 * PodExecOptions (and PodAttachOptions) from the query: which streams the client wants. With a tty,
 * stderr is merged into stdout, so it is never a stream of its own (the kubelet drops it too).
 */
public record ExecOptions(boolean stdin, boolean stdout, boolean stderr, boolean tty) {

  public static ExecOptions parse(Map<String, List<String>> query) {
    boolean tty = flag(query, "tty");
    return new ExecOptions(
        flag(query, "stdin"), flag(query, "stdout"), flag(query, "stderr") && !tty, tty);
  }

  /** Go's strconv.ParseBool, with anything it does not accept taken as false. */
  static boolean flag(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return false;
    }
    return switch (values.get(0)) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      default -> false;
    };
  }

  /**
   * The SPDY streams the client opens before anything runs: error always, then stdin, stdout and
   * stderr as asked, and resize with a tty (remotecommand v3 and later).
   */
  public int spdyStreams() {
    return 1 + (stdin ? 1 : 0) + (stdout ? 1 : 0) + (stderr ? 1 : 0) + (tty ? 1 : 0);
  }
}
