package io.kubesim.ingress.proxy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * nginx's own answers (ngx_http_special_response.c, server_tokens off as ingress-nginx sets it):
 * the default backend's 404, 503 for a backend without ready endpoints, 502 when no endpoint
 * answers, 403 for a client outside the allowlist, the redirects. The 404 page is 146 bytes, CRLF
 * line ends, "nginx" without a version.
 */
public final class ErrorPages {
  private static final Map<Integer, String> REASONS =
      Map.of(
          301, "Moved Permanently",
          308, "Permanent Redirect",
          400, "Bad Request",
          403, "Forbidden",
          404, "Not Found",
          502, "Bad Gateway",
          503, "Service Temporarily Unavailable",
          504, "Gateway Time-out");

  private static final Map<Integer, Buffer> PAGES = pages();

  private ErrorPages() {}

  public static String reason(int status) {
    return REASONS.getOrDefault(status, "Error");
  }

  /** The page of {@code status}: shared and read-only, copy before changing. */
  public static Buffer page(int status) {
    Buffer page = PAGES.get(status);
    return page != null ? page : Buffer.buffer(text(status), "UTF-8");
  }

  static String text(int status) {
    String title = status + " " + reason(status);
    return "<html>\r\n<head><title>"
        + title
        + "</title></head>\r\n<body>\r\n<center><h1>"
        + title
        + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
  }

  private static Map<Integer, Buffer> pages() {
    Map<Integer, Buffer> out = new java.util.HashMap<>();
    for (int status : REASONS.keySet()) {
      out.put(status, Buffer.buffer(text(status).getBytes(StandardCharsets.UTF_8)));
    }
    return Map.copyOf(out);
  }
}
