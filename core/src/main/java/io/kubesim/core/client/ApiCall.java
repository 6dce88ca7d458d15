package io.kubesim.core.client;

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
