package io.kubesim.apiserver.request;

import java.util.List;
import java.util.Map;

/**
 * One API call, independent of its transport (HTTP or the event bus): one implementation of the API
 * serves both.
 *
 * @param headers lower-case names
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body,
    String user) {

  public String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String param(String name, String fallback) {
    String value = param(name);
    return value == null ? fallback : value;
  }

  public boolean flag(String name) {
    String value = param(name);
    return "true".equals(value) || "1".equals(value);
  }

  public String header(String name) {
    return headers.get(name);
  }

  public boolean dryRun() {
    List<String> values = query.get("dryRun");
    return values != null && values.contains("All");
  }
}
