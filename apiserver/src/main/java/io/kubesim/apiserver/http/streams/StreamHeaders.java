package io.kubesim.apiserver.http.streams;

import java.util.function.UnaryOperator;

/**
 * The headers kubectl puts on each port-forward stream (core/v1 {@code StreamType}, {@code
 * PortHeader}, {@code PortForwardRequestIDHeader}) and the kubelet's checks of them.
 */
final class StreamHeaders {
  static final String STREAM_TYPE = "streamType";
  static final String PORT = "port";
  static final String REQUEST_ID = "requestID";
  static final String ERROR = "error";
  static final String DATA = "data";

  private StreamHeaders() {}

  /** Why the kubelet would refuse a stream with these headers, or null when they are fine. */
  static String problem(UnaryOperator<String> header) {
    String port = header.apply(PORT);
    if (port == null || port.isEmpty()) {
      return "\"port\" header is required";
    }
    int value;
    try {
      value = Integer.parseInt(port);
      if (value < 0 || value > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      return "unable to parse \""
          + port
          + "\" as a port: strconv.ParseUint: parsing \""
          + port
          + "\": invalid syntax";
    }
    if (value < 1) {
      return "port \"" + port + "\" must be > 0";
    }
    String type = header.apply(STREAM_TYPE);
    if (type == null || type.isEmpty()) {
      return "\"streamType\" header is required";
    }
    if (!type.equals(ERROR) && !type.equals(DATA)) {
      return "invalid stream type \"" + type + "\"";
    }
    return null;
  }

  /**
   * The request a stream belongs to. Clients older than the requestID header opened the error and
   * data streams of one connection back to back (stream ids n and n + 2), which the kubelet uses as
   * a best effort.
   */
  static String requestId(UnaryOperator<String> header, int streamId) {
    String id = header.apply(REQUEST_ID);
    if (id != null && !id.isEmpty()) {
      return id;
    }
    return Integer.toString(ERROR.equals(header.apply(STREAM_TYPE)) ? streamId : streamId - 2);
  }
}
