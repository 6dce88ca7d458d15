package io.kubesim.scheduler.verdicts;

import static io.kubesim.scheduler.Fixtures.container;
import static io.kubesim.scheduler.Fixtures.info;
import static io.kubesim.scheduler.Fixtures.node;
import static io.kubesim.scheduler.Fixtures.pod;
import static io.kubesim.scheduler.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.Scheduling;
import io.kubesim.scheduler.framework.NodeInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VerdictsTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** A tainted control plane and two workers of 2 cpu, one of them half full. */
  static List<NodeInfo> cluster() {
    return List.of(
        info(
            node("cp", "4", "8Gi", 110)
                .editSpec()
                .withTaints(taint("node-role.kubernetes.io/control-plane", null, "NoSchedule"))
                .endSpec()),
        info(node("w1", "2", "8Gi", 110).build(), pod("busy", container("cpu", "1")).build()),
        info(node("w2", "2", "8Gi", 110)));
  }

  static Scheduling.Result schedule(Pod pod) {
    return Scheduling.defaults(new SplittableRandom(1)).schedule(pod, cluster());
  }

  @Test
  void aPendingPodKeepsEachNodeWithTheFilterThatRejectedItAndWhy() {
    Verdict v =
        Verdict.of(
            "default/big", "u1", T0, 1, schedule(pod("big", container("cpu", "3")).build()), 100);

    assertThat(v.scheduled()).isFalse();
    assertThat(v.message()).startsWith("0/3 nodes are available:");
    assertThat(v.rejected())
        .containsExactly(
            new Verdict.Rejection(
                "cp",
                "TaintToleration",
                List.of("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }")),
            new Verdict.Rejection("w1", "NodeResourcesFit", List.of("Insufficient cpu")),
            new Verdict.Rejection("w2", "NodeResourcesFit", List.of("Insufficient cpu")));
    assertThat(v.scores()).isEmpty();
  }

  @Test
  void aScheduledPodKeepsTheScoresOfEachPluginBestNodeFirst() {
    Verdict v =
        Verdict.of(
            "default/web",
            "u1",
            T0,
            1,
            schedule(pod("web", container("cpu", "500m")).build()),
            100);

    assertThat(v.selectedNode()).isEqualTo("w2");
    assertThat(v.scores()).extracting(Verdict.NodeScore::node).containsExactly("w2", "w1");
    Verdict.NodeScore best = v.scores().get(0);
    // PodTopologySpread skips a pod without spread constraints: no share at all
    assertThat(best.byPlugin()).containsOnlyKeys("TaintToleration", "NodeResourcesFit");
    assertThat(best.byPlugin().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(best.total());
    assertThat(v.rejected()).extracting(Verdict.Rejection::node).containsExactly("cp");
  }

  @Test
  void nodesBeyondTheLimitAreCountedNotKept() {
    Verdict v =
        Verdict.of(
            "default/big", "u1", T0, 1, schedule(pod("big", container("cpu", "3")).build()), 2);

    assertThat(v.rejected()).hasSize(2);
    assertThat(v.nodesLeftOut()).isEqualTo(1);
  }

  /** A clock the test moves. */
  static final class Moving extends Clock {
    Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  record Case(String name, Consumer<Fixture> steps, List<String> kept, int attemptsOfLast) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Three pods' verdicts recorded in a store of capacity 2, TTL 10 min. */
  record Fixture(Verdicts verdicts, Moving clock) {
    void record(String key, String uid) {
      verdicts.record(key, uid, schedule(pod("p", container("cpu", "3")).build()));
    }

    void after(Duration d) {
      clock.now = clock.now.plus(d);
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "the oldest verdict is dropped when the store is full",
            f -> {
              f.record("ns/a", "a");
              f.record("ns/b", "b");
              f.record("ns/c", "c");
            },
            List.of("ns/b", "ns/c"),
            1),
        new Case(
            "a pod tried again counts its attempts and becomes the newest",
            f -> {
              f.record("ns/a", "a");
              f.record("ns/b", "b");
              f.record("ns/a", "a");
              f.record("ns/c", "c");
            },
            List.of("ns/a", "ns/c"),
            1),
        new Case(
            "a pod recreated under the same name starts counting again",
            f -> {
              f.record("ns/a", "a");
              f.record("ns/a", "a");
              f.record("ns/a", "a2");
            },
            List.of("ns/a"),
            1),
        new Case(
            "a verdict older than the time to live is gone",
            f -> {
              f.record("ns/a", "a");
              f.after(Duration.ofMinutes(6));
              f.record("ns/b", "b");
              f.after(Duration.ofMinutes(5));
            },
            List.of("ns/b"),
            1),
        new Case(
            "a deleted pod's verdict is forgotten",
            f -> {
              f.record("ns/a", "a");
              f.record("ns/b", "b");
              f.verdicts().forget("ns/a");
            },
            List.of("ns/b"),
            1),
        new Case(
            "attempts add up for the same pod",
            f -> {
              f.record("ns/a", "a");
              f.record("ns/a", "a");
              f.record("ns/a", "a");
            },
            List.of("ns/a"),
            3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void keepsOnlyRecentVerdicts(Case c) {
    Moving clock = new Moving();
    Fixture f = new Fixture(new Verdicts(2, Duration.ofMinutes(10), 100, clock), clock);

    c.steps().accept(f);

    List<String> kept =
        Stream.of("ns/a", "ns/b", "ns/c").filter(k -> f.verdicts().get(k) != null).toList();
    assertThat(kept).isEqualTo(c.kept());
    assertThat(f.verdicts().get(c.kept().get(c.kept().size() - 1)).attempts())
        .isEqualTo(c.attemptsOfLast());
  }
}
