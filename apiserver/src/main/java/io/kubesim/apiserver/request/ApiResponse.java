package io.kubesim.apiserver.request;

import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An answer to an {@link ApiRequest}: status code, content type, body, warnings. A large body may
 * come as {@code parts} instead (a LIST's items as the store keeps them): the HTTP transport writes
 * them in small buffers, so no array of the whole size is allocated for it (a 21 MB array is a
 * humongous allocation that fragments G1's heap into full collections).
 */
public record ApiResponse(
    int code, String contentType, byte[] body, List<String> warnings, List<byte[]> parts) {
  public static final String JSON = "application/json";

  public ApiResponse(int code, String contentType, byte[] body, List<String> warnings) {
    this(code, contentType, body, warnings, null);
  }

  /** A JSON answer made of {@code parts}, in order, then the Encoder's newline. */
  public static ApiResponse json(int code, List<byte[]> parts) {
    List<byte[]> all = new java.util.ArrayList<>(parts.size() + 1);
    all.addAll(parts);
    all.add(NEWLINE);
    return new ApiResponse(code, JSON, null, List.of(), all);
  }

  private static final byte[] NEWLINE = {'\n'};

  /** The whole body (joined from the parts when it came in parts). */
  @Override
  public byte[] body() {
    if (body != null || parts == null) {
      return body;
    }
    byte[] joined = new byte[length()];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, joined, at, part.length);
      at += part.length;
    }
    return joined;
  }

  /** The body as parts (one, when it came whole). */
  @Override
  public List<byte[]> parts() {
    return parts != null ? parts : List.of(body == null ? new byte[0] : body);
  }

  public int length() {
    if (body != null || parts == null) {
      return body == null ? 0 : body.length;
    }
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    return length;
  }

  /**
   * An API object as kube-apiserver's serializer writes it: Go's encoding ({@link WireJson}) and a
   * final newline, for objects, lists, Tables and Statuses alike.
   */
  public static ApiResponse json(int code, JsonNode body) {
    return new ApiResponse(code, JSON, WireJson.line(body), List.of());
  }

  public static ApiResponse json(int code, JsonNode body, List<String> warnings) {
    return new ApiResponse(code, JSON, WireJson.line(body), warnings);
  }

  /** An object whose JSON is already serialized (as the store keeps it); the newline follows. */
  public static ApiResponse json(int code, byte[] json) {
    return new ApiResponse(code, JSON, null, List.of(), List.of(json, NEWLINE));
  }

  /**
   * A body that is no API object, as responsewriters.WriteRawJSON writes {@code /version}: no final
   * newline.
   */
  public static ApiResponse rawJson(int code, JsonNode body) {
    return new ApiResponse(code, JSON, WireJson.bytes(body), List.of());
  }

  public static ApiResponse text(int code, String text) {
    return new ApiResponse(
        code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), List.of());
  }

  /** The error's Status, fields in metav1.Status's order whoever built or amended it. */
  public static ApiResponse error(ApiException error) {
    return json(error.code(), Status.wire(error.status()));
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
