package io.kubesim.console.chaos;

import java.io.IOException;
import java.util.List;

/**
 * What carries out an experiment the page asks for ({@code --allow-chaos}): the launcher's chaos
 * command ({@link ChaosCommand}) or, in compose, the Docker Engine ({@link DockerChaos}).
 */
interface ChaosRunner {
  /** Whether this console can carry out experiments at all. */
  boolean available();

  /**
   * Whether a run reports itself to the recorder (the command does, as from a shell); otherwise the
   * routes record what succeeded.
   */
  boolean reportsItself();

  /** The experiment's words: {@code kill-node NODE}, {@code kill NAME}, {@code heal [NODE]}. */
  Result run(List<String> args) throws IOException, InterruptedException;

  record Result(int exitCode, String output) {}

  /** Neither the command nor the engine: the page says how to run experiments from a shell. */
  ChaosRunner NONE =
      new ChaosRunner() {
        @Override
        public boolean available() {
          return false;
        }

        @Override
        public boolean reportsItself() {
          return false;
        }

        @Override
        public Result run(List<String> args) {
          throw new IllegalStateException("no chaos runner");
        }
      };
}
