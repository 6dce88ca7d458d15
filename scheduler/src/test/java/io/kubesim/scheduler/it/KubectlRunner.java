package io.kubesim.scheduler.it;

import io.kubesim.apiserver.it.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl against the shared test apiserver (stdout and stderr merged). */
final class KubectlRunner {
  private final Path kubeconfig;
  private final Path cacheDir;

  KubectlRunner() {
    try {
      kubeconfig = TestCluster.kubeconfig();
      cacheDir = Files.createTempDirectory("kubectl-cache");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String run(String... args) {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("KUBECACHEDIR", cacheDir.toString());
    builder.environment().remove("KUBECONFIG");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError("kubectl " + String.join(" ", args) + " failed:\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
