package io.kubesim.e2e;

import io.kubesim.core.net.FreePorts;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One cluster of plain JVMs started by {@code bin/kubesim}, in its own home folder, on its own API
 * port and Hazelcast cluster name (so it never meets a cluster a developer runs), in the fast
 * profile; and the real kubectl on the kubeconfig the apiserver writes there.
 */
final class Launcher {
  private Path home;
  private Map<String, String> env;

  /**
   * {@code kubesim up} on an API port found free just before; if the apiserver could not bind it
   * (another process took it first), that cluster goes down and another comes up in a fresh home on
   * a fresh port.
   */
  Compose.Result up() throws Exception {
    return FreePorts.retryOnBind(
        () -> {
          prepare();
          Compose.Result up = kubesim(600, "up");
          if (up.exitCode() != 0) {
            try {
              FreePorts.failIfBindFailedIn(Files.readString(home.resolve("logs/apiserver.log")));
            } catch (BindException e) {
              kubesim(120, "down", "--purge");
              throw e;
            }
          }
          return up;
        });
  }

  private void prepare() throws IOException {
    home = Files.createTempDirectory("kubesim-launcher");
    env =
        Map.of(
            "KUBESIM_HOME",
            home.toString(),
            "KUBESIM_API_PORT",
            String.valueOf(FreePorts.free()),
            "KUBESIM_CLUSTER_NAME",
            "launcher-it-" + UUID.randomUUID(),
            "KUBESIM_PROFILE",
            "fast",
            "KUBESIM_JAVA_OPTS",
            "-XX:+UseSerialGC -Xmx512m");
  }

  Compose.Result kubesim(long timeoutSeconds, String... args) {
    List<String> command = new ArrayList<>(List.of(Compose.ROOT.resolve("bin/kubesim").toString()));
    command.addAll(Arrays.asList(args));
    return run(command, timeoutSeconds);
  }

  Compose.Result kubectl(String... args) {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", home.resolve("kubeconfig").toString()));
    command.addAll(Arrays.asList(args));
    return run(command, 120);
  }

  /** kubectl that must succeed; answers its output. */
  String ok(String... args) {
    Compose.Result result = kubectl(args);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + ":\n" + result.output());
    }
    return result.output();
  }

  /** kubectl with a manifest on stdin. */
  String apply(String yaml) {
    try {
      Path file = Files.createTempFile(home, "manifest", ".yaml");
      Files.writeString(file, yaml);
      return ok("apply", "-f", file.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every process's log, for a failure message. */
  String logs() {
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(home.resolve("logs"))) {
      for (Path log : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(log);
        all.append("==== ").append(log.getFileName()).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 60), lines.size())
            .forEach(l -> all.append(l).append('\n'));
      }
    } catch (IOException e) {
      all.append("(no logs: ").append(e).append(")");
    }
    return all.toString();
  }

  private Compose.Result run(List<String> command, long timeoutSeconds) {
    try {
      Path log = Files.createTempFile("launcher", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(Compose.ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command) + " timed out:\n" + Files.readString(log));
      }
      String output = Files.readString(log);
      Files.deleteIfExists(log);
      return new Compose.Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
