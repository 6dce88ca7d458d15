package io.kubesim.controllermanager.podcontrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

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
      return now;
    }
  }

  final MutableClock clock = new MutableClock();
  final Expectations expectations = new Expectations(clock);

  @Test
  void aReplicaSetWithNothingPendingIsSatisfied() {
    assertThat(expectations.satisfied("ns/rs")).isTrue();
  }

  @Test
  void creationsAreSatisfiedOnlyOnceEveryCreatedPodWasSeen() {
    expectations.expectCreations("ns/rs", 3);
    assertThat(expectations.satisfied("ns/rs")).isFalse();
    expectations.creationObserved("ns/rs");
    expectations.creationObserved("ns/rs");
    assertThat(expectations.satisfied("ns/rs")).isFalse();
    expectations.creationObserved("ns/rs");
    assertThat(expectations.satisfied("ns/rs")).isTrue();
    assertThat(expectations.satisfied("ns/other")).isTrue();
  }

  @Test
  void deletionsAreSatisfiedWhenEachDeletedPodWasSeenGoingEvenTwice() {
    expectations.expectDeletions("ns/rs", Set.of("ns/a", "ns/b"));
    expectations.deletionObserved("ns/rs", "ns/a");
    expectations.deletionObserved("ns/rs", "ns/a");
    assertThat(expectations.satisfied("ns/rs")).isFalse();
    expectations.deletionObserved("ns/rs", "ns/b");
    assertThat(expectations.satisfied("ns/rs")).isTrue();
  }

  @Test
  void pendingExpectationsExpireAfterFiveMinutesSoALostEventNeverBlocksForever() {
    expectations.expectCreations("ns/rs", 2);
    clock.now = clock.now.plus(Expectations.TTL).minus(Duration.ofSeconds(1));
    assertThat(expectations.satisfied("ns/rs")).isFalse();
    clock.now = clock.now.plus(Duration.ofSeconds(1));
    assertThat(expectations.satisfied("ns/rs")).isTrue();
  }

  @Test
  void aNewLeadershipTermStartsWithNothingPending() {
    expectations.expectCreations("ns/a", 2);
    expectations.expectDeletions("ns/b", Set.of("ns/p"));
    expectations.clear();
    assertThat(expectations.satisfied("ns/a")).isTrue();
    assertThat(expectations.satisfied("ns/b")).isTrue();
  }

  @Test
  void aDeletedReplicaSetIsForgotten() {
    expectations.expectCreations("ns/rs", 2);
    expectations.forget("ns/rs");
    assertThat(expectations.satisfied("ns/rs")).isTrue();
  }

  @Test
  void createsAndDeletesExpectedTogetherAreBothAwaited() {
    expectations.expect("ns/ds", 1, Set.of("ns/old"));
    expectations.creationObserved("ns/ds");
    assertThat(expectations.satisfied("ns/ds")).isFalse();
    expectations.deletionObserved("ns/ds", "ns/old");
    assertThat(expectations.satisfied("ns/ds")).isTrue();
  }
}
