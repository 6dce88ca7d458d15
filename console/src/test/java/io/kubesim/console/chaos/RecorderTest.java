package io.kubesim.console.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.observability.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecorderTest {
  private static final Instant T0 = Instant.parse("2026-12-07T15:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final PrometheusMeterRegistry registry = Metrics.newRegistry();
  private final AtomicReference<Snapshot> cluster = new AtomicReference<>(cluster(3, true, T0));
  private final Recorder recorder = new Recorder(clock, registry, cluster::get);

  /** web 3 replicas, kubesim-worker2 with its Lease renewed at {@code renewed}. */
  private static Snapshot cluster(int webReady, boolean worker2Ready, Instant renewed) {
    return new Snapshot(
        List.of(new Snapshot.Workload("Deployment default/web", 3, webReady)),
        Map.of("kubesim-worker2", worker2Ready),
        Map.of("kubesim-worker2", renewed),
        List.of());
  }

  private void at(int seconds, Snapshot snapshot) {
    now.set(T0.plusSeconds(seconds));
    cluster.set(snapshot);
    recorder.observe();
  }

  @Test
  void aNodeKillIsHealedWhenTheNodeIsBackAndEveryWorkloadReadyAndRecordedOnce() {
    recorder.registerMetrics();
    Experiment begun = recorder.begin(Kind.KILL_NODE, "kubesim-worker2");
    assertThat(begun.healed()).as("the killed node still reads Ready: not healed").isFalse();

    at(12, cluster(2, false, T0.minusSeconds(3)));
    at(22, cluster(3, false, T0.minusSeconds(3)));
    assertThat(recorder.list().get(0).waitingFor())
        .containsExactly(
            "node kubesim-worker2: not Ready",
            "node kubesim-worker2: no heartbeat since the experiment began");
    now.set(T0.plusSeconds(40));
    assertThat(recorder.ended("kubesim-worker2")).hasSize(1);
    at(47, cluster(3, true, T0.plusSeconds(46)));
    at(60, cluster(3, true, T0.plusSeconds(56)));

    Experiment e = recorder.list().get(0);
    assertThat(e.endedAt()).isEqualTo(T0.plusSeconds(40));
    assertThat(e.healedAt()).isEqualTo(T0.plusSeconds(47));
    assertThat(e.timeToHeal()).isEqualTo(Duration.ofSeconds(47));
    String metrics = registry.scrape();
    assertThat(metrics)
        .contains("kubesim_chaos_experiments_total{kind=\"kill-node\"} 1.0")
        .contains("kubesim_chaos_experiments_total{kind=\"partition\"} 0.0")
        .contains("kubesim_chaos_time_to_heal_seconds_bucket{kind=\"kill-node\",le=\"45.0\"} 0")
        .contains("kubesim_chaos_time_to_heal_seconds_bucket{kind=\"kill-node\",le=\"60.0\"} 1")
        .contains("kubesim_chaos_time_to_heal_seconds_count{kind=\"kill-node\"} 1")
        .contains("kubesim_chaos_time_to_heal_seconds_sum{kind=\"kill-node\"} 47.0");
  }

  @Test
  void aHealMarksOnlyTheUnendedNodeExperimentsOfItsTarget() {
    recorder.begin(Kind.PARTITION, "kubesim-worker2");
    recorder.begin(Kind.KILL, "kubesim-worker2");
    recorder.begin(Kind.PARTITION, "kubesim-worker3");
    now.set(T0.plusSeconds(5));

    assertThat(recorder.ended("kubesim-worker2"))
        .extracting(Experiment::id)
        .as("a kill's process comes back by itself: nothing to end")
        .containsExactly(1);
    assertThat(recorder.ended(null)).extracting(Experiment::id).containsExactly(3);
  }

  @Test
  void aKillOfAProcessWithoutAPodOnAHealthyClusterIsHealedAtOnce() {
    Experiment e = recorder.begin(Kind.KILL, "kube-state-metrics");
    assertThat(e.timeToHeal()).isEqualTo(Duration.ZERO);
    assertThat(recorder.latest("kube-state-metrics")).isEqualTo(e);
  }

  @Test
  void theTimelineKeepsTheLatestExperimentsOnly() {
    for (int i = 0; i < Recorder.KEEP + 5; i++) {
      recorder.begin(Kind.KILL, "kube-state-metrics");
    }
    assertThat(recorder.list()).hasSize(Recorder.KEEP);
    assertThat(recorder.list().get(0).id()).isEqualTo(6);
  }

  @Test
  void theTablePrintsTheTimeToHealOrWhatTheClusterWaitsFor() {
    recorder.begin(Kind.KILL, "kube-state-metrics");
    recorder.begin(Kind.PARTITION, "kubesim-worker2");
    assertThat(ChaosJson.table(recorder.list()))
        .isEqualTo(
            String.format(
                "ID  KIND       TARGET                    STARTED                   ENDED       "
                    + "              HEALED-AFTER%n"
                    + "1   kill       kube-state-metrics        2026-12-07T15:00:00.000Z  -       "
                    + "                  0.0s%n"
                    + "2   partition  kubesim-worker2           2026-12-07T15:00:00.000Z  -       "
                    + "                  waiting: node kubesim-worker2: no heartbeat since the"
                    + " experiment began%n"));
  }
}
