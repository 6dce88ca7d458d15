package io.kubesim.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Closed-loop and open-loop drivers over java.net.http, with HdrHistogram latencies. */
final class Load {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** One measured operation of one client: OK, FAILED, or DONE when there is no more work. */
  interface Op {
    int OK = 1;
    int FAILED = 0;
    int DONE = -1;

    int run() throws Exception;
  }

  /** A finished scenario. */
  record Result(String scenario, long ok, long errors, double seconds, Histogram latency) {
    double throughput() {
      return ok / seconds;
    }

    double p50() {
      return ms(latency.getValueAtPercentile(50));
    }

    double p99() {
      return ms(latency.getValueAtPercentile(99));
    }

    double max() {
      return ms(latency.getMaxValue());
    }

    private static double ms(long nanos) {
      return nanos / 1_000_000.0;
    }
  }

  private final HttpClient http;
  private final String base;

  Load(HttpClient http, String base) {
    this.http = http;
    this.base = base;
  }

  static Histogram histogram() {
    return new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(120), 3);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT);
  }

  HttpRequest get(String path) {
    return request(path).GET().build();
  }

  HttpRequest post(String path, String json) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  HttpRequest put(String path, String json) {
    return request(path)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  HttpRequest mergePatch(String path, String json) {
    return request(path)
        .header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Sends and reads the whole body, keeping only the status. */
  int status(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static boolean ok(int status) {
    return status >= 200 && status < 300;
  }

  /**
   * {@code clients} threads, each running its own op back to back until {@code duration} has passed
   * (and at least {@code minOps} ops overall) or the op says DONE.
   */
  static Result closedLoop(
      String scenario, int clients, Duration duration, long minOps, IntFunction<Op> opForClient)
      throws InterruptedException {
    Histogram h = histogram();
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong firstError = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    List<Op> ops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      ops.add(opForClient.apply(c));
    }
    for (int c = 0; c < clients; c++) {
      Op op = ops.get(c);
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < deadline || ok.get() + errors.get() < minOps) {
                  long t0 = System.nanoTime();
                  int r;
                  try {
                    r = op.run();
                  } catch (Exception e) {
                    if (firstError.compareAndSet(0, 1)) {
                      System.err.println(scenario + ": " + e);
                    }
                    r = Op.FAILED;
                  }
                  if (r == Op.DONE) {
                    return;
                  }
                  h.recordValue(Math.min(System.nanoTime() - t0, h.getHighestTrackableValue()));
                  (r == Op.OK ? ok : errors).incrementAndGet();
                }
              },
              scenario + "-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(scenario, ok.get(), errors.get(), seconds, h);
  }

  /**
   * Sends at a fixed rate regardless of how fast answers come back, and measures every latency from
   * the time the request was scheduled to be sent, so a server that stalls is charged for the
   * requests that queued behind the stall (no coordinated omission). At most {@code maxInFlight}
   * requests are outstanding; past that the sender waits, and the wait counts in the latency.
   */
  Result openLoop(
      String scenario, int ratePerSecond, Duration duration, IntFunction<HttpRequest> requestFor)
      throws InterruptedException {
    Histogram h = histogram();
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    int maxInFlight = 2000;
    Semaphore inFlight = new Semaphore(maxInFlight);
    long interval = 1_000_000_000L / ratePerSecond;
    int total = (int) (duration.toSeconds() * ratePerSecond);
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long intended = start + i * interval;
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      inFlight.acquire();
      http.sendAsync(requestFor.apply(i), HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, failure) -> {
                long latency = System.nanoTime() - intended;
                h.recordValue(Math.min(latency, h.getHighestTrackableValue()));
                if (failure == null && ok(response.statusCode())) {
                  ok.incrementAndGet();
                } else {
                  if (errors.incrementAndGet() == 1) {
                    System.err.println(
                        scenario
                            + ": "
                            + (failure != null ? failure : "HTTP " + response.statusCode()));
                  }
                }
                inFlight.release();
              });
    }
    if (!inFlight.tryAcquire(maxInFlight, 90, TimeUnit.SECONDS)) {
      System.err.println(scenario + ": requests still outstanding after 90 s");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(scenario, ok.get(), errors.get(), seconds, h);
  }
}
