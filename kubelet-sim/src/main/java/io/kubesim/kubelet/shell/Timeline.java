package io.kubesim.kubelet.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
   * A line written to stdout (or stderr): what {@code kubectl logs} shows. A {@code clock} line is
   * the program's reading of the wall clock ({@code date}): {@link #text} renders it when it is
   * written; {@code line} holds it as if the process had started at the epoch.
   */
  public record Output(Duration at, String line, boolean stderr, boolean clock) implements Step {
    public Output(Duration at, String line, boolean stderr) {
      this(at, line, stderr, false);
    }

    /** busybox {@code date}'s output at that moment of the process. */
    public static Output date(Duration at) {
      return new Output(at, DATE.format(Instant.EPOCH.plus(at)), false, true);
    }

    /** The line as written at {@code written}. */
    public String text(Instant written) {
      return clock ? DATE.format(written) : line;
    }
  }

  /** busybox date's default format, in UTC: {@code Wed May 1 12:00:00 UTC 2024}. */
  static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss zzz yyyy", Locale.US)
          .withZone(ZoneId.of("UTC"));

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
