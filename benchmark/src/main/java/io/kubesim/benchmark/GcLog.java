package io.kubesim.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sums the stop-the-world pauses in a server's {@code -Xlog:gc} file. */
final class GcLog {
  private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.*?([\\d.]+)ms\\s*$");

  private GcLog() {}

  static String summary(Path log) {
    try {
      if (!Files.exists(log)) {
        return "no GC log";
      }
      int n = 0;
      double total = 0;
      double max = 0;
      for (String line : Files.readAllLines(log)) {
        Matcher m = PAUSE.matcher(line);
        if (m.find()) {
          double ms = Double.parseDouble(m.group(1));
          n++;
          total += ms;
          max = Math.max(max, ms);
        }
      }
      return String.format(
          Locale.ROOT, "GC pauses over the run: %d, total %.0f ms, longest %.0f ms", n, total, max);
    } catch (IOException | RuntimeException e) {
      return "GC log unreadable: " + e;
    }
  }
}
