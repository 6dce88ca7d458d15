package io.kubesim.apiserver.http.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExecOptionsTest {

  record Case(String name, String query, ExecOptions expected, int spdyStreams) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "kubectl exec: stdout and stderr, error and two output streams",
            "stdout=true&stderr=true",
            new ExecOptions(false, true, true, false),
            3),
        new Case(
            "kubectl exec -i adds stdin",
            "stdin=true&stdout=true&stderr=true",
            new ExecOptions(true, true, true, false),
            4),
        new Case(
            "kubectl exec -it: the tty merges stderr into stdout and adds a resize stream",
            "stdin=true&stdout=true&stderr=true&tty=true",
            new ExecOptions(true, true, false, true),
            4),
        new Case(
            "the kubelet's 1 and Go's other spellings of true are true",
            "stdin=1&stdout=T&stderr=True",
            new ExecOptions(true, true, true, false),
            4),
        new Case(
            "anything else is false",
            "stdin=yes&stdout=false",
            new ExecOptions(false, false, false, false),
            1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsing(Case c) {
    Map<String, List<String>> query = new java.util.LinkedHashMap<>();
    for (String pair : c.query().split("&")) {
      String[] kv = pair.split("=");
      query.put(kv[0], List.of(kv[1]));
    }
    ExecOptions options = ExecOptions.parse(query);
    assertThat(options).isEqualTo(c.expected());
    assertThat(options.spdyStreams()).isEqualTo(c.spdyStreams());
  }
}
