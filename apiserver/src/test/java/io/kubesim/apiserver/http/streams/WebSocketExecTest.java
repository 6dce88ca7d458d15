package io.kubesim.apiserver.http.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.client.ExecStream;
import io.kubesim.core.json.Json;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class WebSocketExecTest {

  record Case(String name, ObjectNode kubelet, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "success stays success",
            ExecStream.success(),
            "{\"metadata\":{},\"status\":\"Success\"}"),
        new Case(
            "an exit code is re-reported around client-go's own message",
            ExecStream.exitCode(
                3,
                "command terminated with non-zero exit code: error executing command [sh -c exit 3],"
                    + " exit code 3"),
            "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero"
                + " exit code: command terminated with exit code 3\",\"reason\":\"NonZeroExitCode\","
                + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}"),
        new Case(
            "another failure becomes an internal error around its message",
            ExecStream.internal("error executing command in container: boom"),
            "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred:"
                + " Internal error occurred: error executing command in container: boom\","
                + "\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"Internal"
                + " error occurred: error executing command in container: boom\"}]},\"code\":500}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theStreamTranslatorsStatus(Case c) {
    assertThat(Json.string(WebSocketExec.translate(c.kubelet()))).isEqualTo(c.expected());
  }
}
