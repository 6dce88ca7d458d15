package io.kubesim.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesim.core.api.ApiException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LimitsTest {
  record Case(String name, String timeoutParam, long expectedMillis) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("no timeout parameter means the server default", null, 60_000),
        new Case("kubectl's 32s is taken as asked", "32s", 32_000),
        new Case("minutes and seconds combine", "1m30s", 60_000),
        new Case("milliseconds are understood", "250ms", 250),
        new Case("a longer ask is capped at the server default", "10m", 60_000),
        new Case("sub-millisecond asks get the shortest timer", "500us", 1),
        new Case("zero falls back to the server default", "0s", 60_000));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void requestTimeoutsFollowTheParameterWithinTheServerLimit(Case c) {
    assertThat(new Limits(60_000, 10).timeoutMillis(c.timeoutParam()))
        .isEqualTo(c.expectedMillis());
  }

  @Test
  void aTimeoutThatIsNoGoDurationIsABadRequestWithTheApiserversText() {
    assertThatThrownBy(() -> new Limits(60_000, 10).timeoutMillis("soon"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "invalid timeout specified in the request URL - time: invalid duration"
                          + " \"soon\"");
            });
  }

  @Test
  void aClientPastItsWatchLimitGetsTooManyRequestsUntilOneCloses() {
    Limits limits = new Limits(60_000, 2);
    Runnable first = limits.openWatch("admin@127.0.0.1");
    limits.openWatch("admin@127.0.0.1");
    limits.openWatch("other@127.0.0.1");
    assertThatThrownBy(() -> limits.openWatch("admin@127.0.0.1"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(429);
              assertThat(e.reason()).isEqualTo("TooManyRequests");
            });
    first.run();
    limits.openWatch("admin@127.0.0.1");
  }

  @Test
  void theTimeoutStatusIsTheApiserversText() {
    ApiException timeout = Limits.timeout();
    assertThat(timeout.code()).isEqualTo(504);
    assertThat(timeout.reason()).isEqualTo("Timeout");
    assertThat(timeout.getMessage())
        .isEqualTo(
            "Timeout: request did not complete within requested timeout - context deadline"
                + " exceeded");
  }
}
