package io.kubesim.kubelet.app;

import io.kubesim.kubelet.shell.Files;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * nginx's default server over the container's files: {@code root /usr/share/nginx/html; index
 * index.html}, so that what a learner writes there (or mounts there) is what curl shows. A file is
 * 200 with nginx's Last-Modified and ETag ({@code "<mtime hex>-<size hex>"}), a directory without
 * index.html 403, a missing file 404, each with its error-log line as nginx writes it.
 */
final class NginxFiles {
  private static final DateTimeFormatter ERROR_TIME = HttpApp.ERROR_TIME;
  private static final DateTimeFormatter HTTP_DATE = HttpApp.HTTP_DATE;

  /** The image's index.html was last changed then (its ETag is "67ffa8c7-267"). */
  static final Instant WELCOME_MODIFIED = Instant.ofEpochSecond(0x67ffa8c7L);

  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html"),
          Map.entry("htm", "text/html"),
          Map.entry("txt", "text/plain"),
          Map.entry("css", "text/css"),
          Map.entry("js", "application/javascript"),
          Map.entry("json", "application/json"),
          Map.entry("xml", "text/xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("svg", "image/svg+xml"));

  private NginxFiles() {}

  static HttpApp.Response serve(
      HttpApp.Identity id, HttpApp.Request request, Instant now, Files files) {
    String server = HttpApp.nginxVersion(id.image());
    String uri = URLDecoder.decode(request.path().replace("+", "%2B"), StandardCharsets.UTF_8);
    String path = Files.resolve(HttpApp.NGINX_ROOT, "." + uri);
    String file = uri.endsWith("/") ? Files.resolve(path, "index.html") : path;
    Files.Node node = files.stat(file);
    if (node instanceof Files.File f) {
      return ok(request, now, server, file, f);
    }
    if (node instanceof Files.Dir) {
      return redirect(request, now, server, uri + "/");
    }
    if (uri.endsWith("/") && files.isDir(path)) {
      return error(
          request,
          now,
          server,
          403,
          "Forbidden",
          "directory index of \"" + path + "/\" is forbidden");
    }
    String why =
        uri.endsWith("/")
            ? "\"" + file + "\" is not found (2: No such file or directory)"
            : "open() \"" + file + "\" failed (2: No such file or directory)";
    return error(request, now, server, 404, "Not Found", why);
  }

  private static HttpApp.Response ok(
      HttpApp.Request request, Instant now, String server, String path, Files.File f) {
    byte[] body = f.content().getBytes(StandardCharsets.UTF_8);
    Instant modified = f.content().equals(HttpApp.NGINX_WELCOME) ? WELCOME_MODIFIED : f.modified();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Server", server);
    headers.put("Date", HTTP_DATE.format(now));
    headers.put("Content-Type", type(path));
    headers.put("Last-Modified", HTTP_DATE.format(modified));
    headers.put(
        "ETag",
        "\""
            + Long.toHexString(modified.getEpochSecond())
            + "-"
            + Long.toHexString(body.length)
            + "\"");
    headers.put("Accept-Ranges", "bytes");
    List<String> log = new ArrayList<>();
    log.add(HttpApp.accessLine(request, 200, body.length, now, true));
    return new HttpApp.Response(200, headers, body, log);
  }

  private static HttpApp.Response redirect(
      HttpApp.Request request, Instant now, String server, String to) {
    byte[] body =
        HttpApp.nginxError(301, "Moved Permanently", server).getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Server", server);
    headers.put("Date", HTTP_DATE.format(now));
    headers.put("Content-Type", "text/html");
    String host = request.header("Host");
    headers.put("Location", host == null ? to : "http://" + host + to);
    List<String> log = new ArrayList<>();
    log.add(HttpApp.accessLine(request, 301, body.length, now, true));
    return new HttpApp.Response(301, headers, body, log);
  }

  private static HttpApp.Response error(
      HttpApp.Request request, Instant now, String server, int status, String text, String why) {
    byte[] body = HttpApp.nginxError(status, text, server).getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Server", server);
    headers.put("Date", HTTP_DATE.format(now));
    headers.put("Content-Type", "text/html");
    List<String> log = new ArrayList<>();
    log.add(HttpApp.accessLine(request, status, body.length, now, true));
    log.add(
        ERROR_TIME.format(now)
            + " [error] 29#29: *1 "
            + why
            + ", client: "
            + HttpApp.host(request.remoteAddr())
            + ", server: localhost, request: \""
            + HttpApp.requestLine(request)
            + "\", host: \""
            + HttpApp.orDash(request.header("Host"))
            + "\"");
    return new HttpApp.Response(status, headers, body, log);
  }

  private static String type(String path) {
    String name = Files.name(path);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }
}
