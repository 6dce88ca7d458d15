package io.kubesim.kubeproxy.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.kubesim.kubeproxy.iptables.RuleSet;
import io.kubesim.kubeproxy.iptables.Scenarios;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class EndpointChooserTest {
  private static final Instant NOW = Instant.parse("2025-01-04T10:00:00Z");
  private static final Packet FROM_POD = Packet.tcp("10.244.1.10", "10.96.12.7", 80, Origin.POD);

  private static RandomGenerator seeded() {
    return RandomGeneratorFactory.of("L64X128MixRandom").create(42);
  }

  @Test
  void connectionsSpreadOverThreeEndpointsInThirds() {
    RuleSet rules = Scenarios.rules("clusterip-three-endpoints");
    RandomGenerator random = seeded();
    AffinityTable affinity = new AffinityTable();
    Map<String, Integer> counts = new TreeMap<>();
    int connections = 30_000;
    for (int i = 0; i < connections; i++) {
      Outcome o = EndpointChooser.choose(rules, FROM_POD, random, affinity, NOW);
      assertThat(o.verdict()).isEqualTo(Verdict.DNAT);
      assertThat(o.probability()).isEqualTo(1.0);
      counts.merge(o.endpoint(), 1, Integer::sum);
    }
    assertThat(counts).containsOnlyKeys("10.244.1.5:8080", "10.244.2.9:8080", "10.244.3.4:8080");
    // 30000 draws: one standard deviation of a share is about 0.0027.
    counts
        .values()
        .forEach(n -> assertThat(n / (double) connections).isCloseTo(1.0 / 3, offset(0.015)));
  }

  @Test
  void aClientStaysWithItsEndpointUntilTheAffinityTimesOut() {
    RuleSet rules = Scenarios.rules("session-affinity");
    RandomGenerator random = seeded();
    AffinityTable affinity = new AffinityTable();

    String first = EndpointChooser.choose(rules, FROM_POD, random, affinity, NOW).endpoint();
    for (int i = 1; i <= 50; i++) {
      Instant later = NOW.plusSeconds(i * 60L);
      assertThat(EndpointChooser.choose(rules, FROM_POD, random, affinity, later).endpoint())
          .isEqualTo(first);
    }

    // The last connection was recorded at +50 min; 10800 s after it the entry has expired.
    Instant expired = NOW.plusSeconds(50 * 60L + 10_801);
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < 200; i++) {
      AffinityTable fresh = new AffinityTable();
      fresh.record(
          "KUBE-SEP-" + "AFGSLHOD2HFNCBX4", FROM_POD.sourceIp(), NOW.plusSeconds(50 * 60L));
      counts.merge(
          EndpointChooser.choose(rules, FROM_POD, random, fresh, expired).endpoint(),
          1,
          Integer::sum);
    }
    assertThat(counts).containsOnlyKeys("10.244.1.5:8080", "10.244.2.9:8080");
  }

  @Test
  void theTraceFollowsARecordedClientWithCertainty() {
    RuleSet rules = Scenarios.rules("session-affinity");
    AffinityTable affinity = new AffinityTable();
    affinity.record("KUBE-SEP-THARIHPKCFHZIRHI", FROM_POD.sourceIp(), NOW);

    Trace trace = PacketTracer.trace(rules, FROM_POD, affinity, NOW.plusSeconds(60));

    assertThat(trace.endpointProbabilities()).containsExactly(Map.entry("10.244.2.9:8080", 1.0));
    assertThat(trace.outcomes().get(0).affinityRecords())
        .containsExactly("KUBE-SEP-THARIHPKCFHZIRHI");
    Trace otherClient =
        PacketTracer.trace(
            rules, Packet.tcp("10.244.1.11", "10.96.12.7", 80, Origin.POD), affinity, NOW);
    assertThat(otherClient.endpointProbabilities())
        .containsOnlyKeys("10.244.1.5:8080", "10.244.2.9:8080");
  }

  @Test
  void aServiceWithoutEndpointsRejectsEveryConnection() {
    RuleSet rules = Scenarios.rules("clusterip-no-ready-endpoints");
    Outcome o = EndpointChooser.choose(rules, FROM_POD, seeded(), new AffinityTable(), NOW);
    assertThat(o.verdict()).isEqualTo(Verdict.REJECT);
    assertThat(o.endpoint()).isNull();
  }

  @Test
  void pruningForgetsOldAffinityEntries() {
    AffinityTable affinity = new AffinityTable();
    affinity.record("KUBE-SEP-X", "10.244.1.10", NOW);
    affinity.record("KUBE-SEP-X", "10.244.1.11", NOW.plusSeconds(7200));
    affinity.prune(NOW.plusSeconds(10_900), Duration.ofSeconds(10_800));
    assertThat(affinity.seenWithin("KUBE-SEP-X", "10.244.1.10", 1_000_000, NOW.plusSeconds(10_900)))
        .isFalse();
    assertThat(affinity.seenWithin("KUBE-SEP-X", "10.244.1.11", 10_800, NOW.plusSeconds(10_900)))
        .isTrue();
  }
}
