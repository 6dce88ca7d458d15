package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.shell.Commands.Cmd;
import io.kubesim.kubelet.shell.Commands.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The filters learners put after a pipe: grep, head, tail, wc. */
final class TextCommands {
  private TextCommands() {}

  static void register(Map<String, Command> commands) {
    commands.put("grep", TextCommands::grep);
    commands.put("head", c -> slice(c, true));
    commands.put("tail", c -> slice(c, false));
    commands.put("wc", TextCommands::wc);
  }

  /** The lines of the named file, or of standard input without one; null (reported) if missing. */
  private static List<String> lines(Cmd c, String file) {
    String text;
    if (file == null || file.equals("-")) {
      text = c.io.in().readAll();
    } else {
      text = c.files().read(c.path(file));
      if (text == null) {
        c.error(c.name + ": " + file + ": No such file or directory");
        return null;
      }
    }
    List<String> lines = new ArrayList<>();
    Streams.In in = Streams.In.of(text);
    String line;
    while ((line = in.readLine()) != null) {
      lines.add(line);
    }
    return lines;
  }

  private static int grep(Cmd c) {
    String flags = "";
    List<String> operands = new ArrayList<>();
    for (String a : c.args) {
      if (a.startsWith("-") && a.length() > 1 && operands.isEmpty()) {
        flags += a.substring(1);
      } else {
        operands.add(a);
      }
    }
    if (operands.isEmpty()) {
      c.error("Usage: grep [-ivcn] PATTERN [FILE]...");
      return 2;
    }
    Pattern pattern;
    try {
      pattern =
          Pattern.compile(
              flags.contains("F") ? Pattern.quote(operands.get(0)) : operands.get(0),
              flags.contains("i") ? Pattern.CASE_INSENSITIVE : 0);
    } catch (PatternSyntaxException e) {
      c.error("grep: bad regex '" + operands.get(0) + "'");
      return 2;
    }
    List<String> files =
        operands.size() == 1
            ? java.util.Collections.singletonList(null)
            : operands.subList(1, operands.size());
    int matches = 0;
    boolean missing = false;
    for (String file : files) {
      List<String> lines = lines(c, file);
      if (lines == null) {
        missing = true;
        continue;
      }
      int count = 0;
      for (int i = 0; i < lines.size(); i++) {
        boolean hit = pattern.matcher(lines.get(i)).find() != flags.contains("v");
        if (!hit) {
          continue;
        }
        count++;
        if (!flags.contains("c") && !flags.contains("q")) {
          String prefix =
              (files.size() > 1 ? file + ":" : "") + (flags.contains("n") ? (i + 1) + ":" : "");
          c.println(prefix + lines.get(i));
        }
      }
      if (flags.contains("c")) {
        c.println((files.size() > 1 ? file + ":" : "") + count);
      }
      matches += count;
    }
    return missing ? 2 : matches > 0 ? 0 : 1;
  }

  private static int slice(Cmd c, boolean head) {
    int n = 10;
    String file = null;
    for (int i = 0; i < c.args.size(); i++) {
      String a = c.args.get(i);
      if (a.equals("-n") && i + 1 < c.args.size()) {
        n = parse(c.args.get(++i), n);
      } else if (a.matches("-n?[0-9]+")) {
        n = parse(a.replace("-n", "").replace("-", ""), n);
      } else if (!a.startsWith("-")) {
        file = a;
      }
    }
    List<String> lines = lines(c, file);
    if (lines == null) {
      return 1;
    }
    int from = head ? 0 : Math.max(0, lines.size() - n);
    int to = head ? Math.min(n, lines.size()) : lines.size();
    lines.subList(from, to).forEach(c::println);
    return 0;
  }

  private static int parse(String number, int fallback) {
    try {
      return Integer.parseInt(number);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static int wc(Cmd c) {
    String flags = "";
    String file = null;
    for (String a : c.args) {
      if (a.startsWith("-")) {
        flags += a.substring(1);
      } else {
        file = a;
      }
    }
    String text;
    if (file == null) {
      text = c.io.in().readAll();
    } else {
      text = c.files().read(c.path(file));
      if (text == null) {
        c.error("wc: " + file + ": No such file or directory");
        return 1;
      }
    }
    long lines = text.chars().filter(ch -> ch == '\n').count();
    long words = text.isBlank() ? 0 : text.trim().split("\\s+").length;
    long bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    List<String> parts = new ArrayList<>();
    if (flags.isEmpty() || flags.contains("l")) {
      parts.add(Long.toString(lines));
    }
    if (flags.isEmpty() || flags.contains("w")) {
      parts.add(Long.toString(words));
    }
    if (flags.isEmpty() || flags.contains("c")) {
      parts.add(Long.toString(bytes));
    }
    if (file != null) {
      parts.add(file);
    }
    c.println(String.join(" ", parts));
    return 0;
  }
}
