package io.kubesim.ingress.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * ingress-nginx's request metrics (its SocketCollector), named and labelled as it names them:
 *
 * <ul>
 *   <li>{@code nginx_ingress_controller_requests}: a counter (no {@code _total}: client_golang
 *       names it as given);
 *   <li>{@code nginx_ingress_controller_request_duration_seconds}: a histogram of $request_time,
 *       the default buckets .005 to 10;
 *   <li>{@code nginx_ingress_controller_response_size}: a histogram of $bytes_sent, the default
 *       length buckets 10 to 100.
 * </ul>
 *
 * Labels: {@code canary} (the alternative upstream that served it, or empty), {@code host}, {@code
 * ingress}, {@code method}, {@code namespace}, {@code path} (the ingress path), {@code service},
 * {@code status}, and the controller's own {@code controller_class}, {@code controller_namespace},
 * {@code controller_pod}. With --metrics-per-host (the default) a request whose host no server
 * names is not counted: requests to host-less ingresses are not, as in ingress-nginx.
 */
public final class RequestMetrics {
  static final double[] TIME_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
  static final double[] LENGTH_BUCKETS = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  static final String PREFIX = "nginx_ingress_controller_";

  /** One request's labels. */
  public record Labels(
      String status,
      String method,
      String path,
      String namespace,
      String ingress,
      String service,
      String canary,
      String host) {}

  private final String constLabels;
  private final boolean perHost;
  private volatile Set<String> hosts = Set.of();
  private final Map<Labels, Series> series = new ConcurrentHashMap<>();

  /**
   * @param controllerClass --controller-class (k8s.io/ingress-nginx)
   * @param namespace the controller's namespace
   * @param pod the controller's pod name
   * @param perHost --metrics-per-host
   */
  public RequestMetrics(String controllerClass, String namespace, String pod, boolean perHost) {
    this.constLabels =
        "controller_class=\""
            + escape(controllerClass)
            + "\",controller_namespace=\""
            + escape(namespace)
            + "\",controller_pod=\""
            + escape(pod)
            + "\"";
    this.perHost = perHost;
  }

  /** The host names the servers serve (SetHosts). */
  public void hosts(Set<String> names) {
    Set<String> lower = new java.util.HashSet<>();
    names.forEach(n -> lower.add(n.toLowerCase(Locale.ROOT)));
    hosts = Set.copyOf(lower);
  }

  public String constLabels() {
    return constLabels;
  }

  public void observe(Labels labels, double seconds, long responseBytes) {
    if (perHost && !hosts.contains(labels.host())) {
      return;
    }
    Labels key = perHost ? labels : withoutHost(labels);
    Series s = series.computeIfAbsent(key, k -> new Series());
    s.requests.increment();
    s.duration.observe(seconds);
    s.size.observe(responseBytes);
  }

  private static Labels withoutHost(Labels l) {
    return new Labels(
        l.status(),
        l.method(),
        l.path(),
        l.namespace(),
        l.ingress(),
        l.service(),
        l.canary(),
        null);
  }

  /** Prometheus text, HELP and TYPE first, labels in client_golang's (sorted) order. */
  public String exposition() {
    StringBuilder b = new StringBuilder();
    b.append("# HELP ").append(PREFIX).append("requests The total number of client requests\n");
    b.append("# TYPE ").append(PREFIX).append("requests counter\n");
    series.forEach(
        (l, s) ->
            b.append(PREFIX)
                .append("requests{")
                .append(labels(l))
                .append("} ")
                .append(s.requests.sum())
                .append('\n'));
    histogram(
        b,
        "request_duration_seconds",
        "The request processing time in milliseconds",
        TIME_BUCKETS,
        true);
    histogram(
        b,
        "response_size",
        "The response length (including request line, header, and request body)",
        LENGTH_BUCKETS,
        false);
    return b.toString();
  }

  private void histogram(
      StringBuilder b, String name, String help, double[] buckets, boolean duration) {
    b.append("# HELP ").append(PREFIX).append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(PREFIX).append(name).append(" histogram\n");
    series.forEach(
        (l, s) -> {
          Histogram h = duration ? s.duration : s.size;
          String labels = labels(l);
          long cumulative = 0;
          for (int i = 0; i < buckets.length; i++) {
            cumulative += h.counts[i].sum();
            b.append(PREFIX).append(name).append("_bucket{").append(labels);
            b.append(",le=\"").append(number(buckets[i])).append("\"} ").append(cumulative);
            b.append('\n');
          }
          long count = h.count.sum();
          b.append(PREFIX).append(name).append("_bucket{").append(labels);
          b.append(",le=\"+Inf\"} ").append(count).append('\n');
          b.append(PREFIX).append(name).append("_sum{").append(labels).append("} ");
          b.append(number(h.sum.sum())).append('\n');
          b.append(PREFIX).append(name).append("_count{").append(labels).append("} ");
          b.append(count).append('\n');
        });
  }

  private String labels(Labels l) {
    StringBuilder b = new StringBuilder(256);
    b.append("canary=\"").append(escape(l.canary())).append("\",").append(constLabels);
    if (l.host() != null) {
      b.append(",host=\"").append(escape(l.host())).append('"');
    }
    b.append(",ingress=\"").append(escape(l.ingress())).append('"');
    b.append(",method=\"").append(escape(l.method())).append('"');
    b.append(",namespace=\"").append(escape(l.namespace())).append('"');
    b.append(",path=\"").append(escape(l.path())).append('"');
    b.append(",service=\"").append(escape(l.service())).append('"');
    b.append(",status=\"").append(escape(l.status())).append('"');
    return b.toString();
  }

  static String number(double v) {
    if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private final class Series {
    final LongAdder requests = new LongAdder();
    final Histogram duration = new Histogram(TIME_BUCKETS);
    final Histogram size = new Histogram(LENGTH_BUCKETS);
  }

  private static final class Histogram {
    final double[] bounds;
    final LongAdder[] counts;
    final LongAdder count = new LongAdder();
    final DoubleAdder sum = new DoubleAdder();

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new LongAdder[bounds.length];
      for (int i = 0; i < bounds.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(double value) {
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          counts[i].increment();
          break;
        }
      }
      count.increment();
      sum.add(value);
    }
  }
}
