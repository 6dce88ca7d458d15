package io.kubesim.apiserver.http.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StreamHeadersTest {

  record Case(
      String name, Map<String, String> headers, int streamId, String problem, String request) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "kubectl's error stream is fine and names its request",
            Map.of("streamType", "error", "port", "80", "requestID", "3"),
            7,
            null,
            "3"),
        new Case(
            "a stream without a port is refused",
            Map.of("streamType", "data"),
            1,
            "\"port\" header is required",
            "-1"),
        new Case(
            "port 0 is refused",
            Map.of("streamType", "data", "port", "0"),
            1,
            "port \"0\" must be > 0",
            "-1"),
        new Case(
            "a port that is not a number is refused",
            Map.of("streamType", "data", "port", "http"),
            1,
            "unable to parse \"http\" as a port: strconv.ParseUint: parsing \"http\": invalid syntax",
            "-1"),
        new Case(
            "a stream type other than error and data is refused",
            Map.of("streamType", "stdin", "port", "80"),
            1,
            "invalid stream type \"stdin\"",
            "-1"),
        new Case(
            "an old client's error stream without a request id is its own request",
            Map.of("streamType", "error", "port", "80"),
            5,
            null,
            "5"),
        new Case(
            "an old client's data stream belongs to the error stream two ids before",
            Map.of("streamType", "data", "port", "80"),
            7,
            null,
            "5"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void kubeletChecks(Case c) {
    assertThat(StreamHeaders.problem(c.headers()::get)).isEqualTo(c.problem());
    assertThat(StreamHeaders.requestId(c.headers()::get, c.streamId())).isEqualTo(c.request());
  }
}
