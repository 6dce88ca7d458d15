package io.kubesim.core.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One API request as it travels on the event bus: the same method, path, query, headers and body as
 * over HTTP, so one implementation of the API serves both transports.
 *
 * @param headers lower-case names
 */
public record ApiCall(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body) {

  /** Header naming the event-bus address a watch streams its lines to. */
  public static final String WATCH_ADDRESS = "x-kubesim-watch-address";

  /**
   * Header naming the event-bus address a followed pod stream (logs with follow=true) is sent to,
   * on a request the apiserver forwards to a kubelet ({@code Addresses.KUBELET_PREFIX + node}). The
   * kubelet replies first (an {@link ApiReply}: 200 or the error), then sends the stream as Buffer
   * messages to that address, asks it every few seconds whether it is still wanted (a request with
   * header {@code ping}, failing when the reader is gone), and ends it with an empty message with
   * header {@code end}. The apiserver stops a stream early by sending the kubelet address a JSON
   * object {@code {"cancel": "<stream address>"}}.
   */
  public static final String STREAM_ADDRESS = "x-kubesim-stream-address";

  public static ApiCall of(String method, String path, Map<String, String> query, byte[] body) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    query.forEach((k, v) -> q.put(k, List.of(v)));
    return new ApiCall(method, path, q, Map.of("content-type", "application/json"), body);
  }

  public JsonObject toJson() {
    JsonObject q = new JsonObject();
    query.forEach((k, v) -> q.put(k, new JsonArray(new ArrayList<>(v))));
    return new JsonObject()
        .put("method", method)
        .put("path", path)
        .put("query", q)
        .put("headers", new JsonObject(new LinkedHashMap<>(headers)))
        .put("body", body == null ? new byte[0] : body);
  }

  private static final byte CALL = 'C';

  /** The call in {@link Wire}'s framing, as it travels on {@link Addresses#API}. */
  public Buffer toBuffer() {
    Buffer b = Buffer.buffer(64 + (body == null ? 0 : body.length)).appendByte(CALL);
    Wire.putString(b, method);
    Wire.putString(b, path);
    b.appendInt(query.size());
    query.forEach(
        (name, values) -> {
          Wire.putString(b, name);
          b.appendInt(values.size());
          values.forEach(v -> Wire.putString(b, v));
        });
    b.appendInt(headers.size());
    headers.forEach(
        (name, value) -> {
          Wire.putString(b, name);
          Wire.putString(b, value);
        });
    Wire.putBytes(b, body == null ? new byte[0] : body);
    return b;
  }

  /** Reads {@link #toBuffer}; throws IllegalArgumentException (or an index error) on garbage. */
  public static ApiCall fromBuffer(Buffer buffer) {
    Wire.Reader r = new Wire.Reader(buffer);
    if (r.readByte() != CALL) {
      throw new IllegalArgumentException("not an API call");
    }
    String method = r.readString();
    String path = r.readString();
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (int i = r.readInt(); i > 0; i--) {
      String name = r.readString();
      List<String> values = new ArrayList<>();
      for (int j = r.readInt(); j > 0; j--) {
        values.add(r.readString());
      }
      query.put(name, values);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = r.readInt(); i > 0; i--) {
      headers.put(r.readString(), r.readString());
    }
    return new ApiCall(method, path, query, headers, r.readBytes());
  }

  public static ApiCall fromJson(JsonObject json) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    JsonObject q = json.getJsonObject("query", new JsonObject());
    for (String name : q.fieldNames()) {
      List<String> values = new ArrayList<>();
      q.getJsonArray(name).forEach(v -> values.add(String.valueOf(v)));
      query.put(name, values);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    json.getJsonObject("headers", new JsonObject())
        .forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    return new ApiCall(
        json.getString("method", "GET"),
        json.getString("path", "/"),
        query,
        headers,
        json.getBinary("body", new byte[0]));
  }
}
