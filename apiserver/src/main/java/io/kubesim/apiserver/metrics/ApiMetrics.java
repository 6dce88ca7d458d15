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

  /** Records one finished request. {@code info} is null for non-resource paths. */
  public void request(RequestInfo info, String method, String contentType, int code, long nanos) {
    Tags tags = tags(info, method, contentType);
    Counter.builder("apiserver.request")
        .description(
            "Counter of apiserver requests broken out for each verb, dry run value,"
                + " group, version, resource, scope, component, and HTTP response code.")
        .tags(tags)
        .tag("code", Integer.toString(code))
        .register(registry)
        .increment();
    Timer.builder("apiserver.request.duration")
        .description(
            "Response latency distribution in seconds for each verb, dry run value,"
                + " group, version, resource, subresource, scope and component.")
        .serviceLevelObjectives(BUCKETS)
        .tags(tags)
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  public void watchStarted(ResourceType type) {
    watcherGauge(type).incrementAndGet();
  }

  public void watchEnded(ResourceType type) {
    watcherGauge(type).decrementAndGet();
  }

  public void watchEvent(ResourceType type) {
    Counter.builder("apiserver.watch.events")
        .description("Number of events sent in watch clients")
        .tags("group", type.group(), "version", type.version(), "kind", type.kind())
        .register(registry)
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

  private static Tags tags(RequestInfo info, String method, String contentType) {
    if (info == null) {
      return Tags.of(
          "verb",
          method,
          "group",
          "",
          "version",
          "",
          "resource",
          "",
          "subresource",
          "",
          "scope",
          "",
          "component",
          "apiserver");
    }
    return Tags.of(
        "verb",
        verb(info.verb(), contentType),
        "group",
        info.group(),
        "version",
        info.version(),
        "resource",
        info.resource(),
        "subresource",
        info.subresource() == null ? "" : info.subresource(),
        "scope",
        info.scope(),
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
