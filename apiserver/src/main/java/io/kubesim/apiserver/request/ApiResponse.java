package io.kubesim.apiserver.request;

import io.kubesim.core.api.ApiException;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** An answer to an {@link ApiRequest}: status code, content type, body, warnings. */
public record ApiResponse(int code, String contentType, byte[] body, List<String> warnings) {
  public static final String JSON = "application/json";

  public static ApiResponse json(int code, JsonNode body) {
    return new ApiResponse(code, JSON, Json.bytes(body), List.of());
  }

  public static ApiResponse json(int code, JsonNode body, List<String> warnings) {
    return new ApiResponse(code, JSON, Json.bytes(body), warnings);
  }

  public static ApiResponse text(int code, String text) {
    return new ApiResponse(
        code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), List.of());
  }

  public static ApiResponse error(ApiException error) {
    return json(error.code(), error.status());
  }

  /**
   * Not an answer yet: the request is a pod stream (logs) that the kubelet of {@code node} serves;
   * the transport forwards it there ({@code Addresses.KUBELET_PREFIX + node}).
   */
  public static final String KUBELET = "application/vnd.kubesim.kubelet-forward";

  public static ApiResponse kubelet(String node) {
    return new ApiResponse(0, KUBELET, node.getBytes(StandardCharsets.UTF_8), List.of());
  }

  /** The node whose kubelet must answer, or null for a complete answer. */
  public String kubeletNode() {
    return KUBELET.equals(contentType) ? new String(body, StandardCharsets.UTF_8) : null;
  }
}
