package io.kubesim.console.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the console carries out an experiment the page asks for: it runs the command line in {@code
 * KUBESIM_CHAOS_COMMAND} (words split on commas, so that a path may hold spaces) with the
 * experiment's words: {@code /repo/bin/kubesim,chaos} runs {@code /repo/bin/kubesim chaos kill-node
 * kubesim-worker2}. The launcher sets it; the command records the experiment here as it does when a
 * person runs it.
 */
final class ChaosCommand implements ChaosRunner {
  /** Longest an experiment's command may take: a heal waits for the node's process to be ready. */
  static final long TIMEOUT_SECONDS = 180;

  private final List<String> command;

  ChaosCommand(List<String> command) {
    this.command = List.copyOf(command);
  }

  static ChaosCommand fromEnv(Map<String, String> env) {
    String line = env.getOrDefault("KUBESIM_CHAOS_COMMAND", "").trim();
    return new ChaosCommand(line.isEmpty() ? List.of() : Arrays.asList(line.split(",")));
  }

  @Override
  public boolean available() {
    return !command.isEmpty();
  }

  @Override
  public boolean reportsItself() {
    return true;
  }

  /** Runs the command with {@code args}; blocks, so call it off the event loop. */
  @Override
  public Result run(List<String> args) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(command);
    line.addAll(args);
    // Output to a file, not a pipe read to its end first: that read would outwait the timeout.
    java.nio.file.Path log = java.nio.file.Files.createTempFile("kubesim-chaos", ".log");
    try {
      Process process =
          new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after " + TIMEOUT_SECONDS + " s");
      }
      return new Result(
          process.exitValue(), java.nio.file.Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      java.nio.file.Files.deleteIfExists(log);
    }
  }
}
