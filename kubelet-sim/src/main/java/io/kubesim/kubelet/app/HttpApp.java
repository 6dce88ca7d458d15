package io.kubesim.kubelet.app;

import io.kubesim.kubelet.image.ImageFiles;
import io.kubesim.kubelet.runtime.Images;
import io.kubesim.kubelet.shell.Files;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a simulated container answers over HTTP, and what it writes to its log for each request, as
 * pure functions. nginx images answer like nginx (the welcome page on {@code /} and {@code
 * /index.html}, nginx's 404 page elsewhere, an access-log line in nginx's "main" format); every
 * other image answers like traefik/whoami with the pod's identity and the request.
 */
public final class HttpApp {

  /** Which program the image runs. */
  public enum Kind {
    NGINX,
    WHOAMI,
    /** The pause image: sleeps, listens on nothing. */
    PAUSE
  }

  /** The simulated container: who it is, as whoami reports it. */
  public record Identity(
      String pod, String namespace, String node, String podIp, String container, String image) {}

  /** The app's health, scripted by the pod's annotations: 503 while warming up, 500 when sick. */
  public enum Health {
    OK,
    WARMING_UP,
    FAILING
  }

  /**
   * One HTTP request.
   *
   * @param headers in arrival order, names as sent
   */
  public record Request(
      String method,
      String uri,
      String version,
      List<Map.Entry<String, String>> headers,
      String remoteAddr) {

    public String header(String name) {
      for (Map.Entry<String, String> h : headers) {
        if (h.getKey().equalsIgnoreCase(name)) {
          return h.getValue();
        }
      }
      return null;
    }

    public String path() {
      int q = uri.indexOf('?');
      return q < 0 ? uri : uri.substring(0, q);
    }
  }

  /** The answer; {@code logLines} go to the container's log (stdout, then stderr). */
  public record Response(
      int status, Map<String, String> headers, byte[] body, List<String> logLines) {}

  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

  /** nginx's version when the tag does not name one (the stable line of mid 2025). */
  public static final String DEFAULT_NGINX_VERSION = "1.27.5";

  /** The docker image's /usr/share/nginx/html/index.html (615 bytes). */
  public static final String NGINX_WELCOME =
      """
      <!DOCTYPE html>
      <html>
      <head>
      <title>Welcome to nginx!</title>
      <style>
      html { color-scheme: light dark; }
      body { width: 35em; margin: 0 auto;
      font-family: Tahoma, Verdana, Arial, sans-serif; }
      </style>
      </head>
      <body>
      <h1>Welcome to nginx!</h1>
      <p>If you see this page, the nginx web server is successfully installed and
      working. Further configuration is required.</p>

      <p>For online documentation and support please refer to
      <a href="http://nginx.org/">nginx.org</a>.<br/>
      Commercial support is available at
      <a href="http://nginx.com/">nginx.com</a>.</p>

      <p><em>Thank you for using nginx.</em></p>
      </body>
      </html>
      """;

  private static final DateTimeFormatter TIME_LOCAL =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  static final DateTimeFormatter ERROR_TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private HttpApp() {}

  public static Kind kind(String image) {
    String normalized = Images.normalize(image);
    String repo = normalized.substring(0, normalized.lastIndexOf(':'));
    String last = repo.substring(repo.lastIndexOf('/') + 1);
    if (last.equals("pause")) {
      return Kind.PAUSE;
    }
    return last.equals("nginx") || last.startsWith("nginx-") ? Kind.NGINX : Kind.WHOAMI;
  }

  /**
   * {@code nginx/1.27.5}: the tag when it is a full version, else {@link #DEFAULT_NGINX_VERSION}.
   */
  public static String nginxVersion(String image) {
    String tag = Images.tag(image);
    String version = tag.contains("-") ? tag.substring(0, tag.indexOf('-')) : tag;
    return "nginx/" + (VERSION.matcher(version).matches() ? version : DEFAULT_NGINX_VERSION);
  }

  /** The answer of the app to {@code request} at {@code now}, its image's files untouched. */
  public static Response respond(Identity id, Health health, Request request, Instant now) {
    return respond(id, health, request, now, null);
  }

  /**
   * The answer of the app to {@code request} at {@code now}; nginx serves {@code files} (the
   * container's, with its volumes), or the image's own when null.
   */
  public static Response respond(
      Identity id, Health health, Request request, Instant now, Files files) {
    Response answer =
        switch (health) {
          case OK ->
              kind(id.image()) == Kind.NGINX
                  ? nginx(id, request, now, files)
                  : whoami(id, request, now);
          case WARMING_UP -> plain(503, "not ready yet\n", id, request, now);
          case FAILING -> plain(500, "unhealthy\n", id, request, now);
        };
    return answer;
  }

  /** Where the nginx image's default.conf roots its server. */
  public static final String NGINX_ROOT = "/usr/share/nginx/html";

  private static Response nginx(Identity id, Request request, Instant now, Files files) {
    return NginxFiles.serve(id, request, now, files != null ? files : ImageFiles.layer(id.image()));
  }

  /** nginx's built-in error page ({@code ngx_http_special_response.c}), CRLF line ends. */
  public static String nginxError(int status, String text, String server) {
    return "<html>\r\n<head><title>"
        + status
        + " "
        + text
        + "</title></head>\r\n<body>\r\n<center><h1>"
        + status
        + " "
        + text
        + "</h1></center>\r\n<hr><center>"
        + server
        + "</center>\r\n</body>\r\n</html>\r\n";
  }

  private static Response whoami(Identity id, Request request, Instant now) {
    StringBuilder b = new StringBuilder();
    b.append("Hostname: ").append(id.pod()).append('\n');
    b.append("Namespace: ").append(id.namespace()).append('\n');
    b.append("Node: ").append(id.node()).append('\n');
    b.append("Container: ").append(id.container()).append('\n');
    b.append("IP: 127.0.0.1\n");
    b.append("IP: ").append(id.podIp()).append('\n');
    b.append("RemoteAddr: ").append(request.remoteAddr()).append('\n');
    b.append(requestLine(request)).append('\n');
    for (Map.Entry<String, String> h : request.headers()) {
      b.append(h.getKey()).append(": ").append(h.getValue()).append('\n');
    }
    byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/plain; charset=utf-8");
    headers.put("Date", HTTP_DATE.format(now));
    return new Response(
        200, headers, body, List.of(accessLine(request, 200, body.length, now, false)));
  }

  private static Response plain(int status, String text, Identity id, Request request, Instant n) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/plain; charset=utf-8");
    headers.put("Date", HTTP_DATE.format(n));
    boolean nginx = kind(id.image()) == Kind.NGINX;
    return new Response(
        status, headers, body, List.of(accessLine(request, status, body.length, n, nginx)));
  }

  /**
   * nginx's "main" format, the docker image's default: {@code $remote_addr - $remote_user
   * [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"
   * "$http_x_forwarded_for"}; other images write the combined format without the last field.
   */
  public static String accessLine(
      Request request, int status, long bytes, Instant now, boolean nginxMain) {
    String line =
        host(request.remoteAddr())
            + " - - ["
            + TIME_LOCAL.format(now)
            + "] \""
            + requestLine(request)
            + "\" "
            + status
            + " "
            + bytes
            + " \""
            + orDash(request.header("Referer"))
            + "\" \""
            + orDash(request.header("User-Agent"))
            + "\"";
    return nginxMain ? line + " \"" + orDash(request.header("X-Forwarded-For")) + "\"" : line;
  }

  /**
   * What the container writes when it starts: nginx's docker entrypoint and its notices; other
   * images one line naming the simulated program and its ports.
   */
  public static List<String> startLines(String image, List<Integer> ports, Instant now) {
    if (kind(image) == Kind.NGINX) {
      String t = ERROR_TIME.format(now);
      return List.of(
          "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform"
              + " configuration",
          "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
          "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
          "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of"
              + " /etc/nginx/conf.d/default.conf",
          "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in"
              + " /etc/nginx/conf.d/default.conf",
          "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
          "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
          "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
          "/docker-entrypoint.sh: Configuration complete; ready for start up",
          t + " [notice] 1#1: using the \"epoll\" event method",
          t + " [notice] 1#1: " + nginxVersion(image),
          t + " [notice] 1#1: OS: Linux " + io.kubesim.kubelet.node.NodeObjects.KERNEL_VERSION,
          t + " [notice] 1#1: start worker processes",
          t + " [notice] 1#1: start worker process 29");
    }
    String listening =
        ports.isEmpty()
            ? "no container ports declared"
            : "listening on " + String.join(", ", ports.stream().map(p -> ":" + p).toList());
    return List.of(
        "kubesim: simulated " + Images.normalize(image) + " started (whoami-style), " + listening);
  }

  static String requestLine(Request request) {
    return request.method() + " " + request.uri() + " " + request.version();
  }

  /** The address without its port: {@code 10.244.0.1:53422} is {@code 10.244.0.1}. */
  static String host(String remoteAddr) {
    if (remoteAddr == null) {
      return "-";
    }
    int colon = remoteAddr.lastIndexOf(':');
    return colon > 0 && remoteAddr.indexOf(':') == colon
        ? remoteAddr.substring(0, colon)
        : remoteAddr;
  }

  static String orDash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }
}
