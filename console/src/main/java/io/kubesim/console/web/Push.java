package io.kubesim.console.web;

import io.kubesim.core.json.Json;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Server-sent events to every open page ({@code GET /api/stream}): each update is a named event
 * whose data is one line of JSON. A page that connects first gets the latest update of every name,
 * so it draws at once and then only follows; the browser's EventSource reconnects by itself.
 */
public final class Push {
  private final Map<HttpServerResponse, Boolean> clients = new ConcurrentHashMap<>();
  private final Map<String, String> latest = new ConcurrentHashMap<>();
  private final java.util.List<Runnable> onConnect =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Runs {@code hook} as a page connects, before it is sent the latest updates: a view left stale
   * while nobody watched is brought up to date there.
   */
  public void onConnect(Runnable hook) {
    onConnect.add(hook);
  }

  /** Sends {@code data} as event {@code name} to every page and keeps it for pages to come. */
  public void send(String name, JsonNode data) {
    String text = Json.string(data);
    latest.put(name, text);
    String frame = frame(name, text);
    clients.keySet().forEach(c -> c.write(frame));
  }

  /** The last data sent under {@code name}, as JSON text, or the fallback. */
  public String latest(String name, Supplier<String> fallback) {
    String text = latest.get(name);
    return text == null ? fallback.get() : text;
  }

  public int clients() {
    return clients.size();
  }

  /** The handler of {@code GET /api/stream}. */
  public void stream(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    // tells EventSource to reconnect after 2 s when the console restarts
    response.write("retry: 2000\n\n");
    onConnect.forEach(Runnable::run);
    latest.forEach((name, text) -> response.write(frame(name, text)));
    clients.put(response, Boolean.TRUE);
    response.closeHandler(v -> clients.remove(response));
    response.exceptionHandler(e -> clients.remove(response));
  }

  /** Ends every stream (the console stops). */
  public void close() {
    clients.keySet().forEach(HttpServerResponse::end);
    clients.clear();
  }

  private static String frame(String name, String json) {
    return "event: " + name + "\ndata: " + json + "\n\n";
  }
}
