package io.kubesim.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code watchers} watch connections on one namespace; one change; the time from sending the change
 * until the last watcher has the event. Watches go over websockets, the transport that fabric8's
 * mock serves (and that kubesim serves besides chunked HTTP), so both servers are measured the same
 * way.
 */
final class WatchFanOut {
  private final HttpClient http;
  private final String wsBase;
  private final Load load;

  WatchFanOut(HttpClient http, String wsBase, Load load) {
    this.http = http;
    this.wsBase = wsBase;
    this.load = load;
  }

  private final class Watcher implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();
    volatile String marker = "";
    volatile CountDownLatch latch = new CountDownLatch(0);
    final AtomicLong arrived = new AtomicLong();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        String m = message.toString();
        message.setLength(0);
        String want = marker;
        if (!want.isEmpty() && m.contains("\"" + want + "\"") && m.contains("ADDED")) {
          arrived.set(System.nanoTime());
          marker = "";
          latch.countDown();
        }
      }
      ws.request(1);
      return null;
    }
  }

  Load.Result run(String ns, int watchers, int repetitions) throws Exception {
    List<Watcher> listeners = new ArrayList<>();
    List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
    URI uri = URI.create(wsBase + "/api/v1/namespaces/" + ns + "/configmaps?watch=true");
    for (int i = 0; i < watchers; i++) {
      Watcher w = new Watcher();
      listeners.add(w);
      opening.add(
          http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, w));
    }
    List<WebSocket> sockets = new ArrayList<>();
    for (CompletableFuture<WebSocket> f : opening) {
      sockets.add(f.get(30, TimeUnit.SECONDS));
    }
    Histogram h = Load.histogram();
    long ok = 0;
    long errors = 0;
    long start = System.nanoTime();
    try {
      // The first round (not counted) proves that every watch is registered on the server.
      for (int r = -1; r < repetitions; r++) {
        String name = r < 0 ? "watch-warm" : "watch-" + r;
        CountDownLatch latch = new CountDownLatch(watchers);
        for (Watcher w : listeners) {
          w.latch = latch;
          w.marker = name;
        }
        long t0 = System.nanoTime();
        int status =
            load.status(
                load.post(
                    "/api/v1/namespaces/" + ns + "/configmaps",
                    Bodies.configMap(ns, name, null, "v")));
        boolean all = latch.await(r < 0 ? 30 : 10, TimeUnit.SECONDS);
        if (r < 0) {
          if (!all) {
            throw new IllegalStateException(
                "only "
                    + (watchers - latch.getCount())
                    + " of "
                    + watchers
                    + " watches saw an event");
          }
          continue;
        }
        if (!Load.ok(status) || !all) {
          errors++;
          continue;
        }
        long last = 0;
        for (Watcher w : listeners) {
          last = Math.max(last, w.arrived.get());
        }
        h.recordValue(last - t0);
        ok++;
      }
    } finally {
      for (WebSocket ws : sockets) {
        ws.abort();
      }
    }
    return new Load.Result(
        "watch fan-out (1 change, " + watchers + " watchers)",
        ok,
        errors,
        (System.nanoTime() - start) / 1e9,
        h);
  }
}
