package io.kubesim.controllermanager.it;

import io.kubesim.apiserver.it.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl against the shared test apiserver. */
final class Kubectl {
  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private final Path kubeconfig;

  Kubectl() {
    try {
      kubeconfig = TestCluster.kubeconfig();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result run(String... args) {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      Path out = java.nio.file.Files.createTempFile("kubectl", ".out");
      Path err = java.nio.file.Files.createTempFile("kubectl", ".err");
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
      }
      Result result =
          new Result(
              process.exitValue(),
              java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
              java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
      java.nio.file.Files.deleteIfExists(out);
      java.nio.file.Files.deleteIfExists(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs and asserts exit 0. */
  Result ok(String... args) {
    Result result = run(args);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + result);
    }
    return result;
  }
}
