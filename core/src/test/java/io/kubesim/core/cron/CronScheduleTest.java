package io.kubesim.core.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CronScheduleTest {

  record Next(String name, String spec, String after, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Next> nextCases() {
    return Stream.of(
        new Next(
            "every minute runs at the next whole minute",
            "* * * * *",
            "2024-05-01T10:15:30Z",
            "2024-05-01T10:16:00Z"),
        new Next(
            "a time exactly on the minute is not its own next run",
            "* * * * *",
            "2024-05-01T10:16:00Z",
            "2024-05-01T10:17:00Z"),
        new Next(
            "a step of five minutes lands on multiples of five",
            "*/5 * * * *",
            "2024-05-01T10:16:00Z",
            "2024-05-01T10:20:00Z"),
        new Next(
            "a daily time already past today is tomorrow",
            "30 2 * * *",
            "2024-03-10T05:00:00Z",
            "2024-03-11T02:30:00Z"),
        new Next(
            "hourly is minute zero of the next hour",
            "@hourly",
            "2024-05-01T10:59:59Z",
            "2024-05-01T11:00:00Z"),
        new Next(
            "weekly runs on Sunday at midnight",
            "@weekly",
            "2024-05-01T10:00:00Z",
            "2024-05-05T00:00:00Z"),
        new Next(
            "yearly wraps to the first of January",
            "@yearly",
            "2024-05-01T10:00:00Z",
            "2025-01-01T00:00:00Z"),
        new Next(
            "month and day names are read in any case",
            "0 9 * JAN-dec mon-FRI",
            "2024-05-04T10:00:00Z",
            "2024-05-06T09:00:00Z"),
        new Next(
            "with both day fields restricted either may match",
            "0 0 13 * 5",
            "2024-05-01T00:00:00Z",
            "2024-05-03T00:00:00Z"),
        new Next(
            "with a star in the day of week only the day of month counts",
            "0 0 13 * *",
            "2024-05-01T00:00:00Z",
            "2024-05-13T00:00:00Z"),
        new Next(
            "a TZ prefix reads the fields in that zone",
            "TZ=Europe/Paris 0 9 * * *",
            "2024-05-01T08:00:00Z",
            "2024-05-02T07:00:00Z"),
        new Next(
            "a day that never comes gives no next run", "0 0 30 2 *", "2024-05-01T00:00:00Z", null),
        new Next(
            "every ninety seconds counts from the given time, whole seconds",
            "@every 1m30s",
            "2024-05-01T10:00:00.250Z",
            "2024-05-01T10:01:30Z"));
  }

  @ParameterizedTest
  @MethodSource("nextCases")
  void next(Next c) {
    Instant next = CronSchedule.parse(c.spec()).next(Instant.parse(c.after()));
    assertThat(next).isEqualTo(c.expected() == null ? null : Instant.parse(c.expected()));
  }

  record Bad(String name, String spec, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> errorCases() {
    return Stream.of(
        new Bad("an empty schedule", "", "empty spec string"),
        new Bad(
            "two words are not five fields",
            "every minute",
            "expected exactly 5 fields, found 2: [every minute]"),
        new Bad("an hour above 23", "0 24 * * *", "end of range (24) above maximum (23): 24"),
        new Bad(
            "a day of month of zero", "0 0 0 * *", "beginning of range (0) below minimum (1): 0"),
        new Bad(
            "a word where a number belongs",
            "x * * * *",
            "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"),
        new Bad(
            "a range written backwards",
            "0 5-2 * * *",
            "beginning of range (5) beyond end of range (2): 5-2"),
        new Bad("a step of zero", "*/0 * * * *", "step of range should be a positive number: */0"),
        new Bad("an unknown descriptor", "@fortnightly", "unrecognized descriptor: @fortnightly"),
        new Bad(
            "an every without a unit",
            "@every 5",
            "failed to parse duration @every 5: time: missing unit in duration \"5\""),
        new Bad(
            "an unknown zone",
            "TZ=Mars/Olympus 0 * * * *",
            "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"));
  }

  @ParameterizedTest
  @MethodSource("errorCases")
  void errors(Bad c) {
    assertThatThrownBy(() -> CronSchedule.parse(c.spec()))
        .isInstanceOf(CronException.class)
        .hasMessage(c.error());
    assertThat(CronSchedule.error(c.spec())).isEqualTo(c.error());
  }
}
