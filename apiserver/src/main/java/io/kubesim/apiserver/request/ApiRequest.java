package io.kubesim.apiserver.request;

import io.kubesim.core.api.Status;
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

  /**
   * A boolean parameter as apimachinery decodes one into ListOptions, PodLogOptions ...
   * (Convert_Slice_string_To_bool): absent is false, "0" and "false" in any case are false, and
   * every other value, even "" ({@code ?watch}) or "yes", is true. So the Python client's {@code
   * watch=True} watches.
   */
  public boolean flag(String name) {
    String value = param(name);
    return value != null && !value.equals("0") && !value.equalsIgnoreCase("false");
  }

  /**
   * An integer parameter (limit, timeoutSeconds, gracePeriodSeconds, tailLines ...), null when
   * absent; present but not an int64 as Go's strconv.ParseInt reads one (an empty value included)
   * is a 400 with Go's text, {@code strconv.ParseInt: parsing "abc": invalid syntax}.
   */
  public Long integer(String name) {
    String value = param(name);
    if (value == null) {
      return null;
    }
    try {
      return Strconv.parseInt(value);
    } catch (Strconv.NumError e) {
      throw Status.badRequest(e.getMessage());
    }
  }

  public String header(String name) {
    return headers.get(name);
  }

  public boolean dryRun() {
    List<String> values = query.get("dryRun");
    return values != null && values.contains("All");
  }
}
