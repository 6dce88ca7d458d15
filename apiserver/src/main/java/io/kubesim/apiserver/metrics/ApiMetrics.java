package io.kubesim.apiserver.metrics;

import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The apiserver's metrics under the real names: {@code apiserver_request_total}, {@code
 * apiserver_request_duration_seconds} (the real buckets), {@code apiserver_storage_objects}, {@code
 * apiserver_registered_watchers} and {@code apiserver_watch_events_total}.
 */
public final class ApiMetrics {
  private static final Duration[] BUCKETS =
      seconds(
          0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20,
          30, 45, 60);

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> watchers = new ConcurrentHashMap<>();

  public ApiMetrics(MeterRegistry registry, Store store) {
    this.registry = registry;
    for (ResourceType type : Resources.all().stream().filter(Resources::stored).toList()) {
      Gauge.builder("apiserver.storage.objects", store, s -> s.count(type))
          .description("Number of stored objects at the time of last check split by kind.")
          .tag("resource", type.qualified())
          .register(registry);
    }
  }

  /** One series of the request metrics (code only for the counter). */
  private record Series(
      String verb,
      String group,
      String version,
      String resource,
      String subresource,
      String scope,
      int code) {
    Series withCode(int status) {
      return new Series(verb, group, version, resource, subresource, scope, status);
    }
  }

  // Meters by series: looking one up through its builder on every request cost more than the
  // request's own bookkeeping.
  private final Map<Series, Counter> requests = new ConcurrentHashMap<>();
  private final Map<Series, Timer> durations = new ConcurrentHashMap<>();
  private final Map<ResourceType, Counter> watchEvents = new ConcurrentHashMap<>();

  /** Records one finished request. {@code info} is null for non-resource paths. */
  public void request(RequestInfo info, String method, String contentType, int code, long nanos) {
    Series series = series(info, method, contentType);
    requests
        .computeIfAbsent(
            series.withCode(code),
            s ->
                Counter.builder("apiserver.request")
                    .description(
                        "Counter of apiserver requests broken out for each verb, dry run value,"
                            + " group, version, resource, scope, component, and HTTP response"
                            + " code.")
                    .tags(tags(s))
                    .tag("code", Integer.toString(code))
                    .register(registry))
        .increment();
    durations
        .computeIfAbsent(
            series,
            s ->
                Timer.builder("apiserver.request.duration")
                    .description(
                        "Response latency distribution in seconds for each verb, dry run value,"
                            + " group, version, resource, subresource, scope and component.")
                    .serviceLevelObjectives(BUCKETS)
                    .tags(tags(s))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void watchStarted(ResourceType type) {
    watcherGauge(type).incrementAndGet();
  }

  public void watchEnded(ResourceType type) {
    watcherGauge(type).decrementAndGet();
  }

  public void watchEvent(ResourceType type) {
    watchEvents
        .computeIfAbsent(
            type,
            t ->
                Counter.builder("apiserver.watch.events")
                    .description("Number of events sent in watch clients")
                    .tags("group", t.group(), "version", t.version(), "kind", t.kind())
                    .register(registry))
        .increment();
  }

  private AtomicInteger watcherGauge(ResourceType type) {
    return watchers.computeIfAbsent(
        type.qualified(),
        k -> {
          AtomicInteger count = new AtomicInteger();
          Gauge.builder("apiserver.registered.watchers", count, AtomicInteger::get)
              .description("Number of currently registered watchers for a given resources")
              .tags("group", type.group(), "version", type.version(), "kind", type.kind())
              .register(registry);
          return count;
        });
  }

  private static Series series(RequestInfo info, String method, String contentType) {
    if (info == null) {
      return new Series(method, "", "", "", "", "", 0);
    }
    return new Series(
        verb(info.verb(), contentType),
        info.group(),
        info.version(),
        info.resource(),
        info.subresource() == null ? "" : info.subresource(),
        info.scope(),
        0);
  }

  private static Tags tags(Series s) {
    return Tags.of(
        "verb",
        s.verb(),
        "group",
        s.group(),
        "version",
        s.version(),
        "resource",
        s.resource(),
        "subresource",
        s.subresource(),
        "scope",
        s.scope(),
        "component",
        "apiserver");
  }

  private static String verb(String verb, String contentType) {
    return switch (verb) {
      case "create" -> "POST";
      case "update" -> "PUT";
      case "patch" ->
          contentType != null && contentType.startsWith("application/apply-patch")
              ? "APPLY"
              : "PATCH";
      default -> verb.toUpperCase(Locale.ROOT);
    };
  }

  private static Duration[] seconds(double... values) {
    Duration[] durations = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      durations[i] = Duration.ofNanos((long) (values[i] * 1e9));
    }
    return durations;
  }
}
