package io.kubesim.controllermanager.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedPodBackoffTest {
  static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void theDelayStartsAtOneSecondAndDoublesUpToFifteenMinutes() {
    FailedPodBackoff backoff = new FailedPodBackoff();
    assertThat(backoff.inBackoff("k", T0)).isFalse();
    backoff.next("k", T0);
    assertThat(backoff.delay("k")).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.inBackoff("k", T0.plusMillis(500))).isTrue();
    assertThat(backoff.inBackoff("k", T0.plusSeconds(1))).isFalse();
    Instant t = T0;
    for (int i = 0; i < 12; i++) {
      t = t.plusSeconds(1);
      backoff.next("k", t);
    }
    assertThat(backoff.delay("k")).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void anEntryLeftAloneForTwiceTheMaximumStartsAgain() {
    FailedPodBackoff backoff = new FailedPodBackoff();
    backoff.next("k", T0);
    backoff.next("k", T0.plusSeconds(1));
    assertThat(backoff.delay("k")).isEqualTo(Duration.ofSeconds(2));
    Instant later = T0.plus(Duration.ofMinutes(31));
    assertThat(backoff.nextDelay("k", later)).isEqualTo(Duration.ofSeconds(1));
    backoff.gc(later);
    assertThat(backoff.delay("k")).isEqualTo(Duration.ZERO);
  }
}
