package io.kubesim.kubelet.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The log of one container of one pod, kept like the kubelet's files under /var/log/pods: one file
 * per run (restart count), of which the current and the previous one are kept. Thread-safe: the
 * kubelet appends the program's output, the container's HTTP server appends access-log lines, and
 * log requests read it and follow it.
 */
public final class ContainerLog {

  /** Lines kept per run; older ones are dropped, as log rotation would (the real limit is 10Mi). */
  static final int MAX_LINES = 10_000;

  /** One line of output, {@code at} the instant it was written. */
  public record Line(Instant at, String text, boolean stderr) {}

  /**
   * What {@code kubectl logs} asks for ({@code PodLogOptions}).
   *
   * @param tailLines null for all lines
   * @param since null for all; lines written before are skipped ({@code --since}, {@code
   *     --since-time})
   * @param limitBytes null for no limit
   */
  public record Query(
      boolean previous, boolean timestamps, Integer tailLines, Instant since, Long limitBytes) {
    public static final Query ALL = new Query(false, false, null, null, null);
  }

  /** A follower of a run: gets each new line rendered, then {@code end} when the run ends. */
  public interface Follower {
    void line(String rendered);

    void end();
  }

  private static final class Run {
    final List<Line> lines = new ArrayList<>();
    final Map<Follower, Query> followers = new java.util.LinkedHashMap<>();
    int emittedSteps;
    boolean ended;
  }

  private static final DateTimeFormatter NANO_FIXED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final TreeMap<Integer, Run> runs = new TreeMap<>();

  /** Makes sure run {@code run} exists; older runs but the one before are forgotten. */
  public synchronized void startRun(int run) {
    if (runs.containsKey(run)) {
      return;
    }
    runs.put(run, new Run());
    while (runs.size() > 2) {
      Run dropped = runs.pollFirstEntry().getValue();
      dropped.followers.keySet().forEach(Follower::end);
    }
  }

  public synchronized boolean hasRun(int run) {
    return runs.containsKey(run);
  }

  /** How many steps of the run's program output were already written (see the pod worker). */
  public synchronized int emittedSteps(int run) {
    Run r = runs.get(run);
    return r == null ? 0 : r.emittedSteps;
  }

  public synchronized void setEmittedSteps(int run, int steps) {
    Run r = runs.get(run);
    if (r != null) {
      r.emittedSteps = steps;
    }
  }

  /** Appends a line to a run that exists and has not ended; followers get it at once. */
  public synchronized void append(int run, Line line) {
    Run r = runs.get(run);
    if (r == null || r.ended) {
      return;
    }
    r.lines.add(line);
    if (r.lines.size() > MAX_LINES) {
      r.lines.remove(0);
    }
    r.followers.forEach((f, q) -> f.line(render(line, q)));
  }

  /** Appends to the newest run (an HTTP request served by the running container). */
  public synchronized void appendCurrent(Line line) {
    if (!runs.isEmpty()) {
      append(runs.lastKey(), line);
    }
  }

  /** The run ended (the process exited): its followers' streams end. */
  public synchronized void endRun(int run) {
    Run r = runs.get(run);
    if (r == null || r.ended) {
      return;
    }
    r.ended = true;
    r.followers.keySet().forEach(Follower::end);
    r.followers.clear();
  }

  /** The run's text per the query, or null when there is no such run. */
  public synchronized String read(int run, Query query) {
    Run r = runs.get(run);
    return r == null ? null : render(r.lines, query);
  }

  /**
   * The run's text so far per the query, then every new line to {@code follower} until the run ends
   * or the returned action is run. A run already ended ends the follower at once.
   */
  public synchronized Runnable follow(int run, Query query, Follower follower) {
    Run r = runs.get(run);
    if (r == null) {
      follower.end();
      return () -> {};
    }
    String initial = render(r.lines, query);
    if (!initial.isEmpty()) {
      follower.line(initial);
    }
    if (r.ended) {
      follower.end();
      return () -> {};
    }
    r.followers.put(follower, query);
    return () -> {
      synchronized (ContainerLog.this) {
        r.followers.remove(follower);
      }
    };
  }

  /** Ends every follower (the pod is gone). */
  public synchronized void close() {
    for (Integer run : new ArrayList<>(runs.keySet())) {
      endRun(run);
    }
  }

  /**
   * The lines as the kubelet returns them: those since {@code since}, the last {@code tailLines},
   * each prefixed with its RFC 3339 time (nanoseconds, fixed width) when asked, cut at {@code
   * limitBytes}.
   */
  public static String render(List<Line> lines, Query query) {
    List<Line> selected = new ArrayList<>();
    for (Line l : lines) {
      if (query.since() == null || !l.at().isBefore(query.since())) {
        selected.add(l);
      }
    }
    if (query.tailLines() != null && query.tailLines() >= 0) {
      selected =
          selected.subList(Math.max(0, selected.size() - query.tailLines()), selected.size());
    }
    StringBuilder b = new StringBuilder();
    for (Line l : selected) {
      b.append(render(l, query));
    }
    String text = b.toString();
    if (query.limitBytes() != null) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > query.limitBytes()) {
        return new String(bytes, 0, (int) (long) query.limitBytes(), StandardCharsets.UTF_8);
      }
    }
    return text;
  }

  static String render(Line line, Query query) {
    return (query.timestamps() ? NANO_FIXED.format(line.at()) + " " : "") + line.text() + "\n";
  }

  /** For tests and diagnostics: the lines per run. */
  public synchronized Map<Integer, List<Line>> snapshot() {
    Map<Integer, List<Line>> out = new TreeMap<>();
    runs.forEach((k, v) -> out.put(k, List.copyOf(v.lines)));
    return out;
  }
}
