package io.kubesim.scheduler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.kubesim.scheduler.Fixtures;
import io.kubesim.scheduler.queue.SchedulingQueue.QueuedPod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulingQueueTest {
  private long now = 1_000_000;
  private final SchedulingQueue queue = new SchedulingQueue(() -> now);

  private static Pod pod(String name) {
    return Fixtures.pod(name, Fixtures.container("cpu", "100m")).build();
  }

  private static Pod pod(String name, int priority) {
    Pod p = pod(name);
    p.getSpec().setPriority(priority);
    return p;
  }

  private List<String> drain() {
    List<String> keys = new ArrayList<>();
    for (var p = queue.pop(); p.isPresent(); p = queue.pop()) {
      keys.add(p.get().key());
    }
    return keys;
  }

  @Test
  void popsHigherPriorityFirstThenInArrivalOrder() {
    queue.addOrUpdate("default/a", pod("a", 0));
    now += 1;
    queue.addOrUpdate("default/b", pod("b", 100));
    now += 1;
    queue.addOrUpdate("default/c", pod("c", 0));
    now += 1;
    queue.addOrUpdate("default/d", pod("d", 100));

    assertThat(drain()).containsExactly("default/b", "default/d", "default/a", "default/c");
  }

  record BackoffCase(String name, int attempts, Duration expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BackoffCase> backoffs() {
    return Stream.of(
        new BackoffCase("the first failure waits one second", 1, Duration.ofSeconds(1)),
        new BackoffCase("the second waits two", 2, Duration.ofSeconds(2)),
        new BackoffCase("the fourth waits eight", 4, Duration.ofSeconds(8)),
        new BackoffCase("the fifth is capped at ten", 5, Duration.ofSeconds(10)),
        new BackoffCase("the hundredth is still ten", 100, Duration.ofSeconds(10)));
  }

  @ParameterizedTest
  @MethodSource("backoffs")
  void backoffDoublesFromOneSecondUpToTen(BackoffCase c) {
    assertThat(SchedulingQueue.backoffDuration(c.attempts())).isEqualTo(c.expected());
  }

  @Test
  void anUnschedulablePodWaitsForAClusterChange() {
    queue.addOrUpdate("default/a", pod("a"));
    QueuedPod a = queue.pop().orElseThrow();
    queue.requeueUnschedulable(a);
    assertThat(queue.whereIs("default/a")).isEqualTo("unschedulable");

    now += 60_000; // backoff long over, still no change: stays
    queue.flushBackoffCompleted();
    assertThat(queue.whereIs("default/a")).isEqualTo("unschedulable");

    queue.moveAllToActiveOrBackoffQueue();
    assertThat(queue.whereIs("default/a")).isEqualTo("active");
    assertThat(queue.pop().orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void aClusterChangeDuringTheBackoffMovesThePodToBackoffFirst() {
    queue.addOrUpdate("default/a", pod("a"));
    queue.requeueUnschedulable(queue.pop().orElseThrow());
    now += 500; // within the 1 s backoff of the first attempt
    queue.moveAllToActiveOrBackoffQueue();
    assertThat(queue.whereIs("default/a")).isEqualTo("backoff");

    now += 499;
    queue.flushBackoffCompleted();
    assertThat(queue.whereIs("default/a")).isEqualTo("backoff");
    now += 1;
    queue.flushBackoffCompleted();
    assertThat(queue.whereIs("default/a")).isEqualTo("active");
  }

  @Test
  void aClusterChangeWhileThePodIsInFlightSendsItToBackoffNotUnschedulable() {
    queue.addOrUpdate("default/a", pod("a"));
    QueuedPod a = queue.pop().orElseThrow();
    queue.moveAllToActiveOrBackoffQueue(); // e.g. a node was added while the cycle ran
    queue.requeueUnschedulable(a);
    assertThat(queue.whereIs("default/a")).isEqualTo("backoff");
  }

  @Test
  void anUnschedulablePodIsRetriedAfterFiveMinutesEvenWithoutAChange() {
    queue.addOrUpdate("default/a", pod("a"));
    queue.requeueUnschedulable(queue.pop().orElseThrow());
    now += Duration.ofMinutes(5).toMillis();
    queue.flushUnschedulablePodsLeftover();
    assertThat(queue.whereIs("default/a")).isEqualTo("unschedulable");
    now += 1;
    queue.flushUnschedulablePodsLeftover();
    assertThat(queue.whereIs("default/a")).isEqualTo("active");
  }

  @Test
  void aStatusOnlyUpdateLeavesAnUnschedulablePodWaitingButASpecChangeRetriesIt() {
    queue.addOrUpdate("default/a", pod("a"));
    queue.requeueUnschedulable(queue.pop().orElseThrow());
    now += 5_000;
    Pod statusChanged = pod("a");
    statusChanged.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
    statusChanged.getStatus().setPhase("Pending");
    queue.addOrUpdate("default/a", statusChanged);
    assertThat(queue.whereIs("default/a")).isEqualTo("unschedulable");

    Pod smaller = Fixtures.pod("a", Fixtures.container("cpu", "10m")).build();
    queue.addOrUpdate("default/a", smaller);
    assertThat(queue.whereIs("default/a")).isEqualTo("active");
    assertThat(queue.pop().orElseThrow().pod()).isSameAs(smaller);
  }

  @Test
  void anErrorBacksOffEvenWithoutAClusterChange() {
    queue.addOrUpdate("default/a", pod("a"));
    queue.requeueAfterError(queue.pop().orElseThrow());
    assertThat(queue.whereIs("default/a")).isEqualTo("backoff");
    now += 1000;
    queue.flushBackoffCompleted();
    assertThat(queue.whereIs("default/a")).isEqualTo("active");
  }

  @Test
  void aPodDeletedWhileInFlightIsNotRequeued() {
    queue.addOrUpdate("default/a", pod("a"));
    QueuedPod a = queue.pop().orElseThrow();
    queue.delete("default/a");
    queue.requeueUnschedulable(a);
    assertThat(queue.whereIs("default/a")).isEqualTo("absent");
  }

  @Test
  void anUpdateWhileInFlightIsKeptForTheNextAttemptWithoutQueueingTwice() {
    queue.addOrUpdate("default/a", pod("a"));
    QueuedPod a = queue.pop().orElseThrow();
    Pod newer = pod("a", 5);
    queue.addOrUpdate("default/a", newer);
    assertThat(queue.activeCount()).isZero();
    assertThat(a.pod()).isSameAs(newer);
    queue.done("default/a");
    assertThat(queue.whereIs("default/a")).isEqualTo("absent");
  }

  @Test
  void aGatedPodWaitsUntilItsGatesAreRemoved() {
    Pod gated = pod("a");
    gated.getSpec().setSchedulingGates(List.of(new PodSchedulingGate("example.com/wait")));
    queue.addOrUpdate("default/a", gated);
    assertThat(queue.gatedCount()).isEqualTo(1);
    assertThat(queue.pop()).isEmpty();

    queue.moveAllToActiveOrBackoffQueue();
    assertThat(queue.whereIs("default/a")).isEqualTo("gated");

    queue.addOrUpdate("default/a", pod("a"));
    assertThat(queue.whereIs("default/a")).isEqualTo("active");
  }

  @Test
  void countsEveryQueue() {
    queue.addOrUpdate("default/a", pod("a"));
    queue.addOrUpdate("default/b", pod("b"));
    queue.addOrUpdate("default/c", pod("c"));
    queue.requeueUnschedulable(queue.pop().orElseThrow());
    queue.requeueAfterError(queue.pop().orElseThrow());
    assertThat(
            Map.of(
                "active", queue.activeCount(),
                "backoff", queue.backoffCount(),
                "unschedulable", queue.unschedulableCount(),
                "gated", queue.gatedCount()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("active", 1, "backoff", 1, "unschedulable", 1, "gated", 0));
  }
}
