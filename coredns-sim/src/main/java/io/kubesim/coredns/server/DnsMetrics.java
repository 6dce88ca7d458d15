package io.kubesim.coredns.server;

import io.kubesim.coredns.kubernetes.Zones;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * CoreDNS's server metrics (plugin/metrics/vars, 1.11) under their real names and labels:
 *
 * <ul>
 *   <li>{@code coredns_dns_requests_total{server, zone, view, proto, family, type}};
 *   <li>{@code coredns_dns_responses_total{server, zone, view, rcode, plugin}};
 *   <li>{@code coredns_dns_request_duration_seconds{server, zone, view, type}}, a histogram with
 *       CoreDNS's buckets, 0.25 ms doubling to 8.192 s.
 * </ul>
 *
 * {@code server} is the listener ({@code dns://:53}), {@code zone} the zone that answered ({@code
 * dropped} for a query of no zone), {@code view} empty (no view plugin), {@code proto} udp or tcp,
 * {@code family} 1 (IPv4) or 2 (IPv6), {@code type} one of the types CoreDNS names or {@code
 * other}. The meters of each label set are made on first use and kept in arrays: a query only
 * increments.
 */
public final class DnsMetrics {
  /** The zone label of a query that entered no zone. */
  public static final String DROPPED = "dropped";

  /** The query types CoreDNS counts by name; every other type is "other" (the last index). */
  private static final int[] MONITORED = {
    Type.A,
    Type.AAAA,
    Type.MX,
    Type.SOA,
    Type.CNAME,
    Type.PTR,
    Type.TXT,
    Type.NS,
    Type.SRV,
    Type.DS,
    Type.DNSKEY,
    Type.RRSIG,
    Type.NSEC,
    Type.NSEC3,
    Type.HTTPS,
    Type.IXFR,
    Type.AXFR,
    Type.ANY
  };

  private static final int TYPES = MONITORED.length + 1;
  private static final List<String> ZONES = zones();

  private final MeterRegistry registry;
  private volatile String server;
  // zone x proto x family x type; zone x rcode x plugin; zone x type: made on first use
  private final AtomicReferenceArray<Counter> requests =
      new AtomicReferenceArray<>(ZONES.size() * 2 * 2 * TYPES);
  private final AtomicReferenceArray<Counter> responses =
      new AtomicReferenceArray<>(ZONES.size() * 16 * 2);
  private final AtomicReferenceArray<Timer> durations =
      new AtomicReferenceArray<>(ZONES.size() * TYPES);

  public DnsMetrics(MeterRegistry registry, int port) {
    this.registry = registry;
    this.server = "dns://:" + port;
  }

  /** The port the listener got, when it asked for any (0): the server label names it. */
  public void boundTo(int port) {
    server = "dns://:" + port;
  }

  /**
   * One query answered: what CoreDNS's metrics plugin records when the reply is written.
   *
   * @param zone the zone that answered, or {@link #DROPPED}
   */
  public void record(
      String zone, boolean tcp, boolean ipv6, int qtype, int rcode, boolean byPlugin, long nanos) {
    int z = ZONES.indexOf(zone);
    int t = typeIndex(qtype);
    int r = (z * 2 + (tcp ? 1 : 0)) * 2 + (ipv6 ? 1 : 0);
    counter(requests, r * TYPES + t, () -> request(zone, tcp, ipv6, t)).increment();
    int code = rcode & 0xF;
    counter(
            responses,
            (z * 16 + code) * 2 + (byPlugin ? 1 : 0),
            () -> response(zone, code, byPlugin))
        .increment();
    Timer timer = durations.get(z * TYPES + t);
    if (timer == null) {
      timer = duration(zone, t);
      durations.compareAndSet(z * TYPES + t, null, timer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private static Counter counter(
      AtomicReferenceArray<Counter> array, int index, Supplier<Counter> make) {
    Counter counter = array.get(index);
    if (counter == null) {
      // registering the same name and tags twice gives the same meter, so a race is harmless
      counter = make.get();
      array.compareAndSet(index, null, counter);
    }
    return counter;
  }

  private Counter request(String zone, boolean tcp, boolean ipv6, int type) {
    return Counter.builder("coredns.dns.requests")
        .description("Counter of DNS requests made per zone, protocol and family.")
        .tags(
            labels(zone)
                .and("proto", tcp ? "tcp" : "udp", "family", ipv6 ? "2" : "1", "type", type(type)))
        .register(registry);
  }

  private Counter response(String zone, int rcode, boolean byPlugin) {
    return Counter.builder("coredns.dns.responses")
        .description("Counter of response status codes.")
        .tags(
            labels(zone).and("rcode", Rcode.string(rcode), "plugin", byPlugin ? "kubernetes" : ""))
        .register(registry);
  }

  private Timer duration(String zone, int type) {
    return Timer.builder("coredns.dns.request.duration")
        .description("Histogram of the time (in seconds) each request took per zone.")
        .tags(labels(zone).and("type", type(type)))
        .serviceLevelObjectives(buckets())
        .register(registry);
  }

  private Tags labels(String zone) {
    return Tags.of("server", server, "zone", zone, "view", "");
  }

  private static int typeIndex(int qtype) {
    for (int i = 0; i < MONITORED.length; i++) {
      if (MONITORED[i] == qtype) {
        return i;
      }
    }
    return MONITORED.length;
  }

  private static String type(int index) {
    return index < MONITORED.length ? Type.string(MONITORED[index]) : "other";
  }

  private static List<String> zones() {
    List<String> out = new ArrayList<>(Zones.ALL);
    out.add(DROPPED);
    return List.copyOf(out);
  }

  /** plugin.TimeBuckets: prometheus.ExponentialBuckets(0.00025, 2, 16), 0.25 ms to 8.192 s. */
  static Duration[] buckets() {
    Duration[] out = new Duration[16];
    for (int i = 0; i < out.length; i++) {
      out[i] = Duration.ofNanos(250_000L << i);
    }
    return out;
  }
}
