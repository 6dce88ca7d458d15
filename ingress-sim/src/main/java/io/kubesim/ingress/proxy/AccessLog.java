package io.kubesim.ingress.proxy;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The controller's access log in ingress-nginx's log-format-upstream:
 *
 * <pre>
 * $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer"
 * "$http_user_agent" $request_length $request_time [$proxy_upstream_name]
 * [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length
 * $upstream_response_time $upstream_status $req_id
 * </pre>
 *
 * written to stdout (ingress-nginx's access.log is a link to it, so {@code docker logs} and the
 * launcher's log show it). Lines are queued by the event loops and written by one thread, in
 * batches, so that a request never waits for the terminal.
 */
public final class AccessLog implements AutoCloseable {
  private static final DateTimeFormatter TIME_LOCAL =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private static final int MAX_QUEUED = 100_000;

  /** What one request leaves in the log; "-" for what did not happen (no upstream). */
  public record Entry(
      String remoteAddr,
      Instant time,
      String request,
      int status,
      long bodyBytes,
      String referer,
      String userAgent,
      long requestLength,
      double requestTime,
      String upstreamName,
      String alternativeName,
      String upstreamAddr,
      String upstreamResponseLength,
      String upstreamResponseTime,
      String upstreamStatus,
      String requestId) {}

  private final PrintStream out;
  private final boolean enabled;
  private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final Thread writer;
  private volatile boolean closed;
  private static volatile CachedTime cachedTime = new CachedTime(-1, "");

  /** $time_local of one second, formatted once. */
  private record CachedTime(long second, String text) {}

  public AccessLog(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
    this.writer = new Thread(this::drainLoop, "ingress-access-log");
    writer.setDaemon(true);
    if (enabled) {
      writer.start();
    }
  }

  public boolean enabled() {
    return enabled;
  }

  public void log(Entry entry) {
    if (!enabled || queued.get() >= MAX_QUEUED) {
      return;
    }
    queue.add(format(entry));
    queued.incrementAndGet();
  }

  public static String format(Entry e) {
    StringBuilder b = new StringBuilder(256);
    b.append(e.remoteAddr()).append(" - - [").append(timeLocal(e.time())).append("] \"");
    b.append(e.request()).append("\" ").append(e.status()).append(' ').append(e.bodyBytes());
    b.append(" \"").append(dash(e.referer())).append("\" \"").append(dash(e.userAgent()));
    b.append("\" ").append(e.requestLength()).append(' ').append(seconds(e.requestTime()));
    b.append(" [").append(e.upstreamName()).append("] [").append(e.alternativeName());
    b.append("] ").append(e.upstreamAddr()).append(' ').append(e.upstreamResponseLength());
    b.append(' ').append(e.upstreamResponseTime()).append(' ').append(e.upstreamStatus());
    b.append(' ').append(e.requestId());
    return b.toString();
  }

  /**
   * nginx prints times in seconds with millisecond resolution: {@code 0.003}. By hand rather than
   * String.format, which showed in the proxy's profile: it runs twice a request.
   */
  public static String seconds(double s) {
    long millis = Math.max(0, Math.round(s * 1000));
    long fraction = millis % 1000;
    String digits = fraction < 10 ? "00" : fraction < 100 ? "0" : "";
    return (millis / 1000) + "." + digits + fraction;
  }

  private static String timeLocal(Instant t) {
    CachedTime cached = cachedTime;
    if (cached.second() != t.getEpochSecond()) {
      cached = new CachedTime(t.getEpochSecond(), TIME_LOCAL.format(t));
      cachedTime = cached;
    }
    return cached.text();
  }

  private static String dash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }

  private void drainLoop() {
    StringBuilder batch = new StringBuilder(64 * 1024);
    while (!closed) {
      drain(batch);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    drain(batch);
  }

  private void drain(StringBuilder batch) {
    String line;
    while ((line = queue.poll()) != null) {
      queued.decrementAndGet();
      batch.append(line).append('\n');
      if (batch.length() > 60_000) {
        out.print(batch);
        batch.setLength(0);
      }
    }
    if (!batch.isEmpty()) {
      out.print(batch);
      out.flush();
      batch.setLength(0);
    }
  }

  @Override
  public void close() {
    closed = true;
    if (enabled) {
      writer.interrupt();
      StringBuilder rest = new StringBuilder();
      drain(rest);
    }
  }
}
