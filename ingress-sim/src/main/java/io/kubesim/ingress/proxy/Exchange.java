package io.kubesim.ingress.proxy;

import io.kubesim.ingress.metrics.RequestMetrics;
import io.kubesim.ingress.model.Location;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One request's way through the controller, as nginx's variables record it for the access log and
 * the metrics: $req_id, $proxy_upstream_name, the endpoints tried, the upstream's status and time.
 * Finished once, when the response is written (or the client went away: 499).
 */
final class Exchange {
  final HttpServerRequest request;
  final long startNanos = System.nanoTime();
  final Instant start = Instant.now();
  final String requestId = requestId();
  final String remoteAddr;
  String upstreamName = "-";
  String alternativeName = "";
  Location location;
  String host = "";
  final List<String> upstreamAddrs = new ArrayList<>(1);
  final List<String> upstreamStatuses = new ArrayList<>(1);
  long upstreamStartNanos;
  String upstreamTime = "-";
  String upstreamLength = "-";
  private boolean finished;

  Exchange(HttpServerRequest request) {
    this.request = request;
    this.remoteAddr = request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress();
  }

  /** 32 hex digits, as $req_id. */
  private static String requestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String hi = Long.toHexString(r.nextLong());
    String lo = Long.toHexString(r.nextLong());
    return "0".repeat(16 - hi.length()) + hi + "0".repeat(16 - lo.length()) + lo;
  }

  void upstreamAnswered(int status, long length) {
    upstreamStatuses.add(Integer.toString(status));
    upstreamTime = AccessLog.seconds((System.nanoTime() - upstreamStartNanos) / 1e9);
    upstreamLength = Long.toString(length);
  }

  void upstreamFailed(String status) {
    upstreamStatuses.add(status);
  }

  void finish(ProxyState state) {
    if (finished) {
      return;
    }
    finished = true;
    HttpServerResponse response = request.response();
    int status = response.ended() ? response.getStatusCode() : 499;
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    long body = response.bytesWritten();
    if (state.accessLog.enabled()) {
      state.accessLog.log(
          new AccessLog.Entry(
              remoteAddr,
              start,
              requestLine(),
              status,
              body,
              request.getHeader("Referer"),
              request.getHeader("User-Agent"),
              requestLength(),
              seconds,
              upstreamName,
              alternativeName,
              upstreamAddrs.isEmpty() ? "-" : String.join(", ", upstreamAddrs),
              upstreamLength,
              upstreamTime,
              upstreamStatuses.isEmpty() ? "-" : String.join(", ", upstreamStatuses),
              requestId));
    }
    if (location != null) {
      state.metrics.observe(
          new RequestMetrics.Labels(
              Integer.toString(status),
              request.method().name(),
              location.ingressPath(),
              location.ingress() == null ? "" : location.ingress().namespace(),
              location.ingress() == null ? "" : location.ingress().name(),
              location.service(),
              alternativeName,
              host),
          seconds,
          body + headerBytes(response));
    }
  }

  private String requestLine() {
    return request.method().name() + " " + request.uri() + " " + protocol(request.version());
  }

  static String protocol(HttpVersion version) {
    return switch (version) {
      case HTTP_1_0 -> "HTTP/1.0";
      case HTTP_2 -> "HTTP/2.0";
      default -> "HTTP/1.1";
    };
  }

  /** $request_length: the request line, the headers and the body. */
  private long requestLength() {
    long n = requestLine().length() + 2;
    n += headerLength(request.headers());
    return n + request.bytesRead();
  }

  /** $bytes_sent counts the status line and headers too. */
  private static long headerBytes(HttpServerResponse response) {
    return 17 + headerLength(response.headers());
  }

  private static long headerLength(MultiMap headers) {
    long n = 2;
    for (Map.Entry<String, String> h : headers) {
      n += h.getKey().length() + h.getValue().length() + 4;
    }
    return n;
  }
}
