package io.kubesim.kubelet.shell;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a process's time and network come from: simulated (a script computed ahead of time, whose
 * sleeps only move a clock) or real (an exec session, whose sleeps take that long and whose {@code
 * wget} really connects).
 */
public interface World {
  /** The wall clock. */
  Instant now();

  /** Time since the process started: when its output and writes happen. */
  Duration elapsed();

  /** Sleeps; an exec session that is interrupted (^C, the client left) throws {@link Stop}. */
  void sleep(Duration duration);

  /**
   * {@code sleep infinity}: never returns (a simulated one runs forever, a real one until stopped).
   */
  void sleepForever();

  /**
   * A loop is about to start round {@code round}: false once a simulated loop has run long enough
   * to be taken to run forever. Real loops pace themselves here and stop when interrupted.
   */
  boolean loopMayGo(int round);

  /** The network, or null when there is none (scripts computed ahead of time). */
  Network network();

  /** Thrown through the script when the process is interrupted. */
  final class Stop extends RuntimeException {
    public Stop() {
      super(null, null, false, false);
    }
  }
}
