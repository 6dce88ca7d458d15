package io.kubesim.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The compose CLI on the repository's docker-compose.yml, as a user runs it: {@code docker compose}
 * (v2) where it exists, else {@code docker-compose} (v1). Also plain {@code docker} and {@code
 * kubectl}.
 */
final class Compose {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final String PROJECT = "kubesim-e2e";

  record Result(int exitCode, String output) {}

  private Compose() {}

  static Result compose(long timeoutSeconds, String... args) {
    List<String> command = new ArrayList<>(composeCommand());
    // with the chaos override, so that the page's experiments through the engine are tested too
    command.addAll(
        List.of(
            "-p",
            PROJECT,
            "-f",
            ROOT.resolve("docker-compose.yml").toString(),
            "-f",
            ROOT.resolve("deploy/compose.chaos.yml").toString()));
    command.addAll(Arrays.asList(args));
    return run(command, timeoutSeconds);
  }

  /** The id of a service's container. */
  static String container(String service) {
    return compose(60, "ps", "-q", service).output().trim();
  }

  /** {@code deploy/chaos} on this project, as a user runs it from the repository. */
  static Result chaos(String... args) {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("deploy/chaos").toString()));
    command.addAll(Arrays.asList(args));
    return run(command, 180, java.util.Map.of("COMPOSE_PROJECT_NAME", PROJECT));
  }

  static Result docker(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(Arrays.asList(args));
    return run(command, 120);
  }

  static Result kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig()));
    command.addAll(Arrays.asList(args));
    return run(command, 60);
  }

  static String kubeconfig() {
    return ROOT.resolve(".kubesim/kubeconfig").toString();
  }

  private static List<String> composeCommand() {
    if (run(List.of("docker", "compose", "version"), 30).exitCode() == 0) {
      return List.of("docker", "compose");
    }
    return List.of("docker-compose");
  }

  static Result run(List<String> command, long timeoutSeconds) {
    return run(command, timeoutSeconds, java.util.Map.of());
  }

  private static Result run(
      List<String> command, long timeoutSeconds, java.util.Map<String, String> env) {
    try {
      Path log = Files.createTempFile("e2e", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command) + " timed out:\n" + Files.readString(log));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
