package io.kubesim.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * CPU seconds a JVM has used, in all and in its JIT compiler threads, from /proc (Linux; zeros
 * elsewhere). Taken before and after a measured round, it shows whether the round ran on compiled
 * code or still paid for compiling it: a fresh JVM gives a third of this machine to C2 for the
 * first minute of load.
 */
record ProcessCpu(double totalSeconds, double jitSeconds) {
  private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

  static ProcessCpu of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    if (!Files.isDirectory(proc)) {
      return new ProcessCpu(0, 0);
    }
    double jit = 0;
    try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
      for (Path task : tasks.toList()) {
        String stat = read(task.resolve("stat"));
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
          jit += ticks(stat);
        }
      }
    } catch (IOException | RuntimeException e) {
      return new ProcessCpu(0, 0); // the process ended, or no /proc
    }
    return new ProcessCpu(
        ticks(read(proc.resolve("stat"))) / TICKS_PER_SECOND, jit / TICKS_PER_SECOND);
  }

  ProcessCpu since(ProcessCpu before) {
    return new ProcessCpu(totalSeconds - before.totalSeconds, jitSeconds - before.jitSeconds);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.2f CPU-s (JIT compiler %.2f)", totalSeconds, jitSeconds);
  }

  /** utime + stime, the 14th and 15th fields of a stat line (counted after the comm's ')'). */
  private static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
