package io.kubesim.kubelet.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a simulated process does, as data: each step happens at an offset from the process start.
 * The last step is either {@link Exited} or {@link RunsForever}; a timeline is never open-ended.
 */
public record Timeline(List<Step> steps) {

  public Timeline {
    steps = List.copyOf(steps);
  }

  /** One thing the process does, {@code at} after it started. */
  public sealed interface Step {
    Duration at();
  }

  /**
   * A line written to stdout (or stderr): what {@code kubectl logs} shows. A line with a {@code
   * dateFormat} is {@code date}'s reading of the wall clock ("" for date's default format, else its
   * {@code +FORMAT}): {@link #text} renders it at the moment it is written, as a script computed
   * ahead of time cannot; {@code line} holds it as if the process had started at the epoch.
   */
  public record Output(Duration at, String line, boolean stderr, String dateFormat)
      implements Step {
    public Output(Duration at, String line, boolean stderr) {
      this(at, line, stderr, null);
    }

    /** {@code date}'s output (default format) at that moment of the process. */
    public static Output date(Duration at) {
      return new Output(at, SystemCommands.formatDate("", Instant.EPOCH.plus(at)), false, "");
    }

    public boolean clock() {
      return dateFormat != null;
    }

    /** The line as written at {@code written}. */
    public String text(Instant written) {
      return dateFormat == null ? line : SystemCommands.formatDate(dateFormat, written);
    }
  }

  public record FileWritten(Duration at, String path, String content) implements Step {}

  public record FileRemoved(Duration at, String path) implements Step {}

  public record Exited(Duration at, int code) implements Step {}

  /** The process never ends by itself ({@code sleep infinity}, a server, a busy loop). */
  public record RunsForever(Duration at) implements Step {}

  public static Timeline forever() {
    return new Timeline(List.of(new RunsForever(Duration.ZERO)));
  }

  public static Timeline exitAfter(Duration after, int code) {
    return new Timeline(List.of(new Exited(after, code)));
  }

  public Optional<Exited> exit() {
    return steps.stream().filter(Exited.class::isInstance).map(Exited.class::cast).findFirst();
  }

  /** The lines the process writes, in order. */
  public List<Output> outputs() {
    return steps.stream().filter(Output.class::isInstance).map(Output.class::cast).toList();
  }

  /** The log lines written up to and including {@code elapsed}. */
  public List<String> outputUntil(Duration elapsed) {
    return steps.stream()
        .filter(s -> s instanceof Output && s.at().compareTo(elapsed) <= 0)
        .map(s -> ((Output) s).line())
        .toList();
  }

  /** The file system {@code elapsed} after the start: {@code initial} plus the writes so far. */
  public Map<String, String> filesAt(Map<String, String> initial, Duration elapsed) {
    Map<String, String> files = new LinkedHashMap<>(initial);
    for (Step step : steps) {
      if (step.at().compareTo(elapsed) > 0) {
        break;
      }
      if (step instanceof FileWritten w) {
        files.put(w.path(), w.content());
      } else if (step instanceof FileRemoved r) {
        files.remove(r.path());
      }
    }
    return files;
  }
}
