package io.kubesim.console.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerChaosTest {
  /** A Docker Engine that knows three containers and answers execs with a switch's state. */
  private static final class FakeEngine implements DockerHttpClient {
    final List<String> calls = new ArrayList<>();
    final Map<String, Boolean> running =
        new java.util.HashMap<>(Map.of("id-apiserver", true, "id-w1", true, "id-w2", false));
    String switchAnswer = "{\"partitioned\":false}";
    int execExit = 0;
    String lastExec;

    @Override
    public Response execute(Request request) {
      String call =
          request.method() + " " + URLDecoder.decode(request.path(), StandardCharsets.UTF_8);
      calls.add(call);
      String path = request.path();
      if (path.startsWith("/containers/json")) {
        assertThat(call).contains("com.docker.compose.project=p");
        return answer(
            200,
            "["
                + container("id-apiserver", "apiserver")
                + ","
                + container("id-w1", "kubesim-worker")
                + ","
                + container("id-w2", "kubesim-worker2")
                + "]");
      }
      if (path.endsWith("/kill")) {
        running.put(id(path), false);
        return answer(204, "");
      }
      if (path.endsWith("/start") && path.startsWith("/containers/")) {
        running.put(id(path), true);
        return answer(204, "");
      }
      if (path.endsWith("/exec")) {
        lastExec = new String(body(request), StandardCharsets.UTF_8);
        return answer(201, "{\"Id\":\"e1\"}");
      }
      if (path.equals("/exec/e1/start")) {
        String out = lastExec.contains("/chaos\"]") ? switchAnswer : "{\"partitioned\":true}";
        return answer(200, frame(out));
      }
      if (path.equals("/exec/e1/json")) {
        return answer(200, "{\"ExitCode\":" + execExit + "}");
      }
      return answer(404, "{\"message\":\"no such thing\"}");
    }

    private String container(String id, String service) {
      return "{\"Id\":\""
          + id
          + "\",\"State\":\""
          + (running.get(id) ? "running" : "exited")
          + "\",\"Labels\":{\"com.docker.compose.service\":\""
          + service
          + "\"}}";
    }

    private static String id(String path) {
      return path.split("/")[2];
    }

    private static byte[] body(Request request) {
      try (InputStream in = request.body()) {
        return in == null ? request.bodyBytes() : in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {}
  }

  private static byte[] frame(String stdout) {
    byte[] bytes = stdout.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1);
    out.write(0);
    out.write(0);
    out.write(0);
    out.write(0);
    out.write(0);
    out.write(0);
    out.write(bytes.length);
    out.writeBytes(bytes);
    return out.toByteArray();
  }

  private static DockerHttpClient.Response answer(int code, String body) {
    return answer(code, body.getBytes(StandardCharsets.UTF_8));
  }

  private static DockerHttpClient.Response answer(int code, byte[] body) {
    return new DockerHttpClient.Response() {
      @Override
      public int getStatusCode() {
        return code;
      }

      @Override
      public Map<String, List<String>> getHeaders() {
        return Map.of();
      }

      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body);
      }

      @Override
      public void close() {}
    };
  }

  private final FakeEngine engine = new FakeEngine();
  private final DockerChaos chaos = new DockerChaos(new DockerEngine(engine), "p");

  @Test
  void killNodeKillsTheNodesContainerAndLeavesItDown() throws Exception {
    ChaosRunner.Result r = chaos.run(List.of("kill-node", "kubesim-worker"));
    assertThat(r.exitCode()).isZero();
    assertThat(engine.calls).contains("POST /containers/id-w1/kill");
    assertThat(engine.calls).noneMatch(c -> c.endsWith("/start"));
    assertThat(engine.running.get("id-w1")).isFalse();
  }

  @Test
  void killStartsTheServiceAgainAsItsRestartPolicyWould() throws Exception {
    assertThat(chaos.run(List.of("kill", "apiserver")).exitCode()).isZero();
    assertThat(engine.calls)
        .containsSubsequence(
            "POST /containers/id-apiserver/kill", "POST /containers/id-apiserver/start");
    assertThat(chaos.run(List.of("kill", "console")).exitCode()).isEqualTo(2);
  }

  @Test
  void anUnknownTargetIsNamedWithTheKnownNodes() {
    assertThatThrownBy(() -> chaos.run(List.of("kill-node", "kubesim-worker9")))
        .isInstanceOf(DockerChaos.NoSuchTarget.class)
        .hasMessageContaining("kubesim-worker kubesim-worker2");
    assertThatThrownBy(() -> chaos.run(List.of("kill-node", "apiserver")))
        .isInstanceOf(DockerChaos.NoSuchTarget.class);
  }

  @Test
  void partitionFlipsTheKubeletsSwitchInsideTheNode() throws Exception {
    assertThat(chaos.run(List.of("partition", "kubesim-worker")).exitCode()).isZero();
    assertThat(engine.calls).contains("POST /containers/id-w1/exec");
    assertThat(engine.lastExec).contains("http://127.0.0.1:10250/chaos/partition");
    engine.execExit = 7;
    assertThat(chaos.run(List.of("partition", "kubesim-worker")).exitCode()).isEqualTo(1);
    assertThat(chaos.run(List.of("partition", "kubesim-worker2")).output()).contains("is down");
  }

  @Test
  void healStartsDeadNodesAndEndsPartitions() throws Exception {
    engine.switchAnswer = "{\"partitioned\":true}";
    ChaosRunner.Result r = chaos.run(List.of("heal"));
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("started kubesim-worker2")
        .contains("healed the partition of kubesim-worker");
    assertThat(engine.calls).contains("POST /containers/id-w2/start");
    assertThat(engine.calls).noneMatch(c -> c.contains("id-apiserver"));
    assertThat(engine.lastExec).contains("/chaos/heal");
  }

  @Test
  void engineErrorsCarryItsMessage() {
    DockerEngine bare = new DockerEngine(engine);
    assertThatThrownBy(() -> bare.project("nope")).hasMessageContaining("no such thing");
  }

  @Test
  void execOutputIsTakenOutOfItsFrames() {
    byte[] two = new byte[frame("ab").length + frame("cd").length];
    System.arraycopy(frame("ab"), 0, two, 0, 10);
    System.arraycopy(frame("cd"), 0, two, 10, 10);
    assertThat(DockerEngine.demultiplex(two)).isEqualTo("abcd");
  }
}
