package io.kubesim.kubelet.shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** A command's standard input, output and error. */
record Streams(Out out, Out err, In in) {

  /** Where a command writes: a terminal, a file being redirected to, a pipe. */
  interface Out {
    void write(String text);

    /**
     * A line that is {@code date}'s reading of the clock ({@code format}: "" or its +FORMAT); a
     * timeline recorded ahead of time renders it again when it is written.
     */
    default void clock(String line, String format) {
      write(line + "\n");
    }

    /** Bytes as they are (an archive {@code tar} writes); a text stream takes them as UTF-8. */
    default void bytes(byte[] data) {
      write(new String(data, StandardCharsets.UTF_8));
    }

    Out NULL = text -> {};
  }

  /** What a command reads. */
  interface In {
    /** The next line without its newline, or null at the end. */
    String readLine();

    In EMPTY = () -> null;

    /** Everything until the end, each line with its newline. */
    default String readAll() {
      StringBuilder all = new StringBuilder();
      String line;
      while ((line = readLine()) != null) {
        all.append(line).append('\n');
      }
      return all.toString();
    }

    /** Everything until the end as bytes (an archive {@code tar} reads). */
    default byte[] readAllBytes() {
      return readAll().getBytes(StandardCharsets.UTF_8);
    }

    /** The lines of {@code text} (a pipe's or a file's content). */
    static In of(String text) {
      Deque<String> lines = new ArrayDeque<>();
      if (!text.isEmpty()) {
        String[] parts = text.split("\n", -1);
        int n = text.endsWith("\n") ? parts.length - 1 : parts.length;
        for (int i = 0; i < n; i++) {
          lines.add(parts[i]);
        }
      }
      return lines::poll;
    }
  }

  /** Collects what is written (the left side of a pipe, a redirect's content). */
  static final class Buffer implements Out {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void write(String t) {
      text.append(t);
    }

    String text() {
      return text.toString();
    }
  }
}
