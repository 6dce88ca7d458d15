package io.kubesim.core.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WorkQueueTest {
  private final FakeTimers timers = new FakeTimers();
  private final WorkQueue queue = new WorkQueue(timers, RateLimiter.defaults());

  private static String now(Future<String> key) {
    assertThat(key.isComplete()).as("a key is ready").isTrue();
    return key.result();
  }

  @Test
  void addingAKeyThatIsAlreadyQueuedIsANoOp() {
    queue.add("ns/a");
    queue.add("ns/b");
    queue.add("ns/a");

    assertThat(queue.queued()).containsExactly("ns/a", "ns/b");
    assertThat(now(queue.get())).isEqualTo("ns/a");
    assertThat(now(queue.get())).isEqualTo("ns/b");
    assertThat(queue.get().isComplete()).as("nothing left").isFalse();
  }

  @Test
  void aKeyAddedWhileProcessingIsNotHandedOutUntilDoneThenComesBackOnce() {
    queue.add("ns/a");
    String key = now(queue.get());

    queue.add("ns/a");
    queue.add("ns/a");
    Future<String> second = queue.get();

    assertThat(second.isComplete()).as("no second worker gets ns/a").isFalse();
    assertThat(queue.isProcessing("ns/a")).isTrue();
    queue.done(key);
    assertThat(second.isComplete()).isTrue();
    assertThat(second.result()).isEqualTo("ns/a");
    queue.done("ns/a");
    assertThat(queue.len()).as("the two adds while processing were one").isZero();
  }

  @Test
  void aWaitingWorkerGetsTheNextAddedKey() {
    Future<String> waiting = queue.get();
    assertThat(waiting.isComplete()).isFalse();

    queue.add("ns/a");

    assertThat(waiting.result()).isEqualTo("ns/a");
    assertThat(queue.isProcessing("ns/a")).isTrue();
  }

  @Test
  void addAfterWaitsForTheDelayAndTheEarliestOfTwoDelaysWins() {
    queue.addAfter("ns/a", Duration.ofMillis(100));
    queue.addAfter("ns/a", Duration.ofMillis(50));
    queue.addAfter("ns/a", Duration.ofMillis(500));

    timers.advance(49);
    assertThat(queue.len()).isZero();
    timers.advance(1);
    assertThat(queue.queued()).containsExactly("ns/a");
    timers.advance(1000);
    assertThat(queue.len()).as("the replaced timers do not add it again").isOne();
    assertThat(timers.pending()).isZero();
  }

  record Backoff(String name, int failures, long expectedMillis) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Backoff> backoffs() {
    return Stream.of(
        new Backoff("the first failure waits the base of 5 ms", 0, 5),
        new Backoff("the second failure waits 10 ms", 1, 10),
        new Backoff("the fifth failure waits 5 ms * 2^4 = 80 ms", 4, 80),
        new Backoff("the 18th failure waits 5 ms * 2^17 = 655.36 s", 17, 655_360),
        new Backoff("the 19th failure is capped at 1000 s", 18, 1_000_000),
        new Backoff("the 100th failure is still 1000 s, not an overflow", 99, 1_000_000));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backoffs")
  void theBackoffDoublesPerFailureUpToTheCap(Backoff c) {
    RateLimiter limiter = RateLimiter.defaults();
    for (int i = 0; i < c.failures(); i++) {
      limiter.when("k");
    }
    assertThat(limiter.when("k")).isEqualTo(Duration.ofMillis(c.expectedMillis()));
  }

  @Test
  void addRateLimitedGrowsPerKeyAndForgetStartsOver() {
    List<Long> readyAfter = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long start = timers.nowMillis();
      queue.addRateLimited("ns/a");
      long waited = 0;
      while (queue.len() == 0) {
        timers.advance(1);
        waited++;
      }
      readyAfter.add(timers.nowMillis() - start);
      queue.done(now(queue.get()));
      assertThat(waited).isPositive();
    }
    assertThat(readyAfter).containsExactly(5L, 10L, 20L, 40L);
    assertThat(queue.numRequeues("ns/a")).isEqualTo(4);
    assertThat(queue.numRequeues("ns/b")).as("backoff is per key").isZero();

    queue.forget("ns/a");
    queue.addRateLimited("ns/a");
    timers.advance(5);
    assertThat(queue.queued()).containsExactly("ns/a");
  }

  @Test
  void shutDownFailsWaitingAndLaterGets() {
    Future<String> waiting = queue.get();
    queue.addAfter("ns/a", Duration.ofSeconds(1));

    queue.shutDown();

    assertThat(waiting.failed()).isTrue();
    assertThat(waiting.cause()).isInstanceOf(WorkQueue.ShutDown.class);
    assertThat(queue.get().failed()).isTrue();
    timers.advance(2000);
    assertThat(queue.len()).isZero();
  }
}
