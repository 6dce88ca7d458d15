package io.kubesim.ingress.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AccessLogTest {
  record Case(String name, double seconds, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("no time is 0.000", 0, "0.000"),
        new Case("a few milliseconds keep their leading zeros", 0.0034, "0.003"),
        new Case("half a millisecond rounds up", 0.0125, "0.013"),
        new Case("tens of milliseconds", 0.042, "0.042"),
        new Case("seconds and milliseconds", 12.3456, "12.346"),
        new Case("a fraction that rounds to the next second", 1.9996, "2.000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void timesAreSecondsWithMilliseconds(Case c) {
    assertThat(AccessLog.seconds(c.seconds())).isEqualTo(c.expected());
  }

  @Test
  void aLineIsIngressNginxsUpstreamInfoFormat() {
    String line =
        AccessLog.format(
            new AccessLog.Entry(
                "127.0.0.1",
                Instant.parse("2026-12-07T12:54:53Z"),
                "GET / HTTP/1.1",
                200,
                615,
                null,
                "curl/7.88.1",
                39,
                0.0012,
                "default-bench-80",
                "",
                "10.244.2.2:80",
                "615",
                "0.001",
                "200",
                "dc5a36817d6d920a6b7edf5a80d39866"));
    assertThat(line)
        .isEqualTo(
            "127.0.0.1 - - [07/Dec/2026:12:54:53 +0000] \"GET / HTTP/1.1\" 200 615 \"-\""
                + " \"curl/7.88.1\" 39 0.001 [default-bench-80] [] 10.244.2.2:80 615 0.001 200"
                + " dc5a36817d6d920a6b7edf5a80d39866");
  }
}
