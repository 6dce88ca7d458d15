package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The official Python client (Debian's python3-kubernetes, which .ci/run installs) watching pods:
 * it sends {@code watch=True}, which must watch, not list.
 */
class PythonClientIT {
  /** Debian's interpreter, the one python3-kubernetes installs into. */
  private static final String PYTHON = "/usr/bin/python3";

  @Test
  void theOfficialPythonClientsWatchDeliversEvents() throws Exception {
    Http http = new Http(TestCluster.url());
    String ns = "python-watch";
    ObjectNode namespace = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
    namespace.putObject("metadata").put("name", ns);
    http.create("/api/v1/namespaces", namespace);
    http.create("/api/v1/namespaces/" + ns + "/pods", pod("before"));

    Path script = Files.createTempFile("watch_pods", ".py");
    try (var in = getClass().getResourceAsStream("/python/watch_pods.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process python =
        new ProcessBuilder(PYTHON, script.toString(), TestCluster.url(), ns, "60", "after")
            .redirectErrorStream(true)
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
              }
            });
    reader.start();
    try {
      // The pod that existed comes first, as ADDED; then one created while watching.
      assertThat(lines.poll(60, TimeUnit.SECONDS)).isEqualTo("ADDED before");
      http.create("/api/v1/namespaces/" + ns + "/pods", pod("after"));
      assertThat(List.of(lines.poll(30, TimeUnit.SECONDS), lines.poll(30, TimeUnit.SECONDS)))
          .containsExactly("ADDED after", "END");
      assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(python.exitValue()).isZero();
    } finally {
      python.destroyForcibly();
      reader.join(10_000);
      Files.deleteIfExists(script);
    }
  }

  private static ObjectNode pod(String name) {
    ObjectNode pod = Json.object().put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata").put("name", name);
    pod.putObject("spec")
        .putArray("containers")
        .addObject()
        .put("name", "main")
        .put("image", "nginx:1.27");
    return pod;
  }
}
