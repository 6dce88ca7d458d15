package io.kubesim.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCorrelatorTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private final EventCorrelator correlator = new EventCorrelator();
  private int names;

  private EventCorrelator.Decision record(
      String object, String reason, String message, Instant at) {
    return correlator.correlate(
        new EventCorrelator.Event(
            "replicaset-controller\u0000", object, null, "Normal", reason, message),
        at,
        () -> "event-" + ++names);
  }

  @Test
  void aRepeatUpdatesTheFirstEventsCount() {
    EventCorrelator.Decision first = record("rs/web", "SuccessfulDelete", "Deleted pod: a", T0);
    EventCorrelator.Decision second =
        record("rs/web", "SuccessfulDelete", "Deleted pod: a", T0.plusSeconds(5));
    EventCorrelator.Decision third =
        record("rs/web", "SuccessfulDelete", "Deleted pod: a", T0.plusSeconds(9));

    assertThat(first.create()).isTrue();
    assertThat(first.count()).isEqualTo(1);
    assertThat(second.create()).isFalse();
    assertThat(second.name()).isEqualTo(first.name());
    assertThat(second.count()).isEqualTo(2);
    assertThat(third.count()).isEqualTo(3);
    assertThat(third.message()).isEqualTo("Deleted pod: a");
  }

  @Test
  void theTenthDifferentMessageOfOneReasonIsCombinedAndLaterOnesUpdateIt() {
    List<EventCorrelator.Decision> d = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      d.add(record("rs/web", "SuccessfulCreate", "Created pod: web-" + i, T0.plusSeconds(i)));
    }

    for (int i = 0; i < 9; i++) {
      assertThat(d.get(i).create()).isTrue();
      assertThat(d.get(i).message()).isEqualTo("Created pod: web-" + (i + 1));
    }
    EventCorrelator.Decision combined = d.get(9);
    assertThat(combined.create()).isTrue();
    assertThat(combined.message()).isEqualTo("(combined from similar events): Created pod: web-10");
    assertThat(d.get(10).create()).isFalse();
    assertThat(d.get(10).name()).isEqualTo(combined.name());
    assertThat(d.get(10).count()).isEqualTo(2);
    assertThat(d.get(11).count()).isEqualTo(3);
    assertThat(d.get(11).message())
        .isEqualTo("(combined from similar events): Created pod: web-12");
  }

  @Test
  void similarEventsTenMinutesApartAreNotCombined() {
    for (int i = 1; i <= 9; i++) {
      record("rs/web", "SuccessfulCreate", "Created pod: web-" + i, T0);
    }
    EventCorrelator.Decision late =
        record(
            "rs/web", "SuccessfulCreate", "Created pod: web-10", T0.plus(Duration.ofMinutes(11)));

    assertThat(late.create()).isTrue();
    assertThat(late.message()).isEqualTo("Created pod: web-10");
  }

  @Test
  void aSourceMayBurst25EventsAboutAnObjectThenOneEveryFiveMinutes() {
    int written = 0;
    for (int i = 0; i < 40; i++) {
      written += record("pod/a", "Reason" + i, "message", T0).skip() ? 0 : 1;
    }
    assertThat(written).isEqualTo(25);
    assertThat(record("pod/b", "Reason", "message", T0).skip())
        .as("another object has its own budget")
        .isFalse();
    assertThat(record("pod/a", "Late", "message", T0.plusSeconds(299)).skip()).isTrue();
    assertThat(record("pod/a", "Later", "message", T0.plusSeconds(301)).skip()).isFalse();
    assertThat(record("pod/a", "Latest", "message", T0.plusSeconds(302)).skip()).isTrue();
  }

  @Test
  void aDroppedRepeatStillCountsInTheNextOneWritten() {
    for (int i = 0; i < 25; i++) {
      record("pod/a", "BackOff", "Back-off restarting failed container", T0.plusSeconds(i));
    }
    assertThat(
            record("pod/a", "BackOff", "Back-off restarting failed container", T0.plusSeconds(30))
                .skip())
        .isTrue();
    EventCorrelator.Decision next =
        record("pod/a", "BackOff", "Back-off restarting failed container", T0.plusSeconds(400));

    assertThat(next.skip()).isFalse();
    assertThat(next.create()).isFalse();
    assertThat(next.count()).isEqualTo(27);
  }

  @Test
  void aFailedWriteIsForgottenSoTheNextOneCreates() {
    EventCorrelator.Decision first = record("rs/web", "SuccessfulDelete", "Deleted pod: a", T0);
    correlator.forget(first.key());

    assertThat(record("rs/web", "SuccessfulDelete", "Deleted pod: a", T0).create()).isTrue();
  }
}
