package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.shell.Timeline.Exited;
import io.kubesim.kubelet.shell.Timeline.FileRemoved;
import io.kubesim.kubelet.shell.Timeline.FileWritten;
import io.kubesim.kubelet.shell.Timeline.Output;
import io.kubesim.kubelet.shell.Timeline.RunsForever;
import io.kubesim.kubelet.shell.Timeline.Step;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny busybox {@code sh} for the commands that the Kubernetes documentation's examples give to
 * containers and exec probes. It never runs anything: it computes the {@link Timeline} of what the
 * process would do, against a simulated file system.
 *
 * <p>Supported: {@code sh -c "..."} (also {@code /bin/sh}, {@code bash}), {@code ;}, newlines,
 * {@code &&}, {@code ||}, {@code while ...; do ...; done}, {@code > F} and {@code >> F} after a
 * command, and the commands {@code sleep N|Ns|Nm|Nh|infinity}, {@code echo}, {@code exit N}, {@code
 * touch}, {@code rm [-f] [-r]}, {@code cat}, {@code date}, {@code true}, {@code false}, {@code :}.
 * Anything else fails like busybox does for an unknown command ({@code sh: foo: not found}, status
 * 127). No variables, no pipes, no subshells.
 */
public final class Shell {

  /** Loops stop being simulated after this much simulated time: they are taken to run forever. */
  static final Duration HORIZON = Duration.ofDays(1);

  /** A loop that does not sleep would never leave its instant: give up after this many rounds. */
  static final int MAX_ROUNDS = 10_000;

  private static final Set<String> SHELLS = Set.of("sh", "/bin/sh", "bash", "/bin/bash", "ash");

  private Shell() {}

  /**
   * What a command the shell does not know is taken to be. Containers run real programs ({@code
   * nginx -g 'daemon off;'}, {@code python app.py}) that cannot be simulated line by line.
   */
  public enum Unknown {
    /** busybox's answer: {@code sh: curl: not found}, status 127. */
    NOT_FOUND,
    /** The image's own program, a server: it runs until stopped (container commands). */
    RUNS_FOREVER,
    /** A check of the simulated app, which is healthy: status 0 (exec probes). */
    SUCCEEDS
  }

  /** The timeline of a process, unknown commands failing as in busybox. */
  public static Timeline run(List<String> argv, Map<String, String> files) {
    return run(argv, files, Unknown.NOT_FOUND);
  }

  /** The timeline of a container's process: {@code command} followed by {@code args}. */
  public static Timeline run(List<String> argv, Map<String, String> files, Unknown unknown) {
    if (isScript(argv)) {
      return script(argv.get(2), files, unknown);
    }
    Run run = new Run(files, unknown);
    run.simple(argv, null, false);
    return run.finish();
  }

  /** {@code sh -c "..."}: a shell is PID 1, and as PID 1 it ignores SIGTERM. */
  public static boolean isScript(List<String> argv) {
    return argv.size() >= 3 && SHELLS.contains(argv.get(0)) && argv.get(1).equals("-c");
  }

  /** The timeline of a shell script, as given to {@code sh -c}. */
  public static Timeline script(String text, Map<String, String> files) {
    return script(text, files, Unknown.NOT_FOUND);
  }

  static Timeline script(String text, Map<String, String> files, Unknown unknown) {
    Node program;
    try {
      program = new Parser(tokens(text)).list(Set.of());
    } catch (IllegalArgumentException e) {
      return new Timeline(
          List.of(new Output(Duration.ZERO, e.getMessage(), true), new Exited(Duration.ZERO, 2)));
    }
    Run run = new Run(files, unknown);
    run.list(program);
    return run.finish();
  }

  // --- syntax ---------------------------------------------------------------------------------

  private record Token(String text, boolean operator) {}

  sealed interface Node {}

  record Simple(List<String> words, String redirect, boolean append) implements Node {}

  record AndOr(List<Node> commands, List<String> operators) implements Node {}

  record Sequence(List<Node> items) implements Node {}

  record While(Node condition, Node body) implements Node {}

  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        int end = text.indexOf(c, i + 1);
        if (end < 0) {
          end = text.length();
        }
        word.append(text, i + 1, end);
        inWord = true;
        i = end;
      } else if (c == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
        inWord = true;
      } else if (c == '#' && !inWord) {
        while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (c == ' ' || c == '\t' || c == ';' || c == '\n' || c == '&' || c == '|'
          || c == '>') {
        if (inWord) {
          out.add(new Token(word.toString(), false));
          word.setLength(0);
          inWord = false;
        }
        boolean doubled = i + 1 < text.length() && text.charAt(i + 1) == c;
        switch (c) {
          case ';', '\n' -> out.add(new Token(";", true));
          case '&' -> {
            out.add(new Token(doubled ? "&&" : ";", true));
            i += doubled ? 1 : 0;
          }
          case '|' -> {
            out.add(new Token(doubled ? "||" : "|", true));
            i += doubled ? 1 : 0;
          }
          case '>' -> {
            out.add(new Token(doubled ? ">>" : ">", true));
            i += doubled ? 1 : 0;
          }
          default -> {}
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(new Token(word.toString(), false));
    }
    return out;
  }

  private static final class Parser {
    private final List<Token> tokens;
    private int pos;

    Parser(List<Token> tokens) {
      this.tokens = tokens;
    }

    private boolean at(String text) {
      return pos < tokens.size() && tokens.get(pos).text().equals(text);
    }

    private boolean atKeyword(Set<String> keywords) {
      return pos < tokens.size()
          && !tokens.get(pos).operator()
          && keywords.contains(tokens.get(pos).text());
    }

    Node list(Set<String> terminators) {
      List<Node> items = new ArrayList<>();
      while (pos < tokens.size() && !atKeyword(terminators)) {
        if (at(";")) {
          pos++;
          continue;
        }
        items.add(andOr(terminators));
      }
      return new Sequence(items);
    }

    private Node andOr(Set<String> terminators) {
      List<Node> commands = new ArrayList<>(List.of(command(terminators)));
      List<String> operators = new ArrayList<>();
      while (at("&&") || at("||")) {
        operators.add(tokens.get(pos++).text());
        while (at(";")) {
          pos++;
        }
        commands.add(command(terminators));
      }
      return new AndOr(commands, operators);
    }

    private Node command(Set<String> terminators) {
      if (atKeyword(Set.of("while"))) {
        pos++;
        Node condition = list(Set.of("do"));
        expect("do");
        Node body = list(Set.of("done"));
        expect("done");
        return new While(condition, body);
      }
      List<String> words = new ArrayList<>();
      String redirect = null;
      boolean append = false;
      while (pos < tokens.size()) {
        Token t = tokens.get(pos);
        if (t.text().equals(">") || t.text().equals(">>")) {
          append = t.text().equals(">>");
          pos++;
          redirect = pos < tokens.size() ? tokens.get(pos++).text() : "";
          continue;
        }
        if (t.operator() || (words.isEmpty() && atKeyword(terminators))) {
          break;
        }
        words.add(t.text());
        pos++;
      }
      return new Simple(words, redirect, append);
    }

    private void expect(String keyword) {
      if (!atKeyword(Set.of(keyword))) {
        throw new IllegalArgumentException("sh: syntax error: expected \"" + keyword + "\"");
      }
      pos++;
    }
  }

  // --- evaluation -----------------------------------------------------------------------------

  /** The state of one simulated process: its clock, its files, what it did so far. */
  private static final class Run {
    private final Map<String, String> files;
    private final List<Step> steps = new ArrayList<>();
    private Duration now = Duration.ZERO;
    private int status;
    private boolean stopped;
    private boolean forever;

    private final Unknown unknown;

    Run(Map<String, String> files, Unknown unknown) {
      this.files = new LinkedHashMap<>(files);
      this.unknown = unknown;
    }

    Timeline finish() {
      steps.add(forever ? new RunsForever(now) : new Exited(now, status));
      return new Timeline(steps);
    }

    void list(Node node) {
      if (node instanceof Sequence s) {
        for (Node item : s.items()) {
          if (stopped) {
            return;
          }
          list(item);
        }
      } else if (node instanceof AndOr a) {
        list(a.commands().get(0));
        for (int i = 0; i < a.operators().size() && !stopped; i++) {
          boolean and = a.operators().get(i).equals("&&");
          if ((status == 0) == and) {
            list(a.commands().get(i + 1));
          }
        }
      } else if (node instanceof While w) {
        loop(w);
      } else if (node instanceof Simple c) {
        simple(c.words(), c.redirect(), c.append());
      }
    }

    private void loop(While w) {
      for (int round = 0; !stopped; round++) {
        if (round >= MAX_ROUNDS || now.compareTo(HORIZON) > 0) {
          runForever();
          return;
        }
        list(w.condition());
        if (stopped || status != 0) {
          status = 0;
          return;
        }
        list(w.body());
      }
    }

    private void runForever() {
      stopped = true;
      forever = true;
    }

    void simple(List<String> words, String redirect, boolean append) {
      if (words.isEmpty()) {
        return;
      }
      List<String> out = new ArrayList<>();
      String name = words.get(0);
      List<String> args = words.subList(1, words.size());
      switch (name) {
        case "true", ":" -> status = 0;
        case "false" -> status = 1;
        case "echo" -> {
          boolean newline = !args.isEmpty() && args.get(0).equals("-n");
          out.add(String.join(" ", newline ? args.subList(1, args.size()) : args));
          status = 0;
        }
        case "sleep" -> sleep(args);
        case "date" -> {
          Output line = Output.date(now);
          if (redirect == null) {
            steps.add(line);
          } else {
            out.add(line.line());
          }
          status = 0;
        }
        case "exit" -> {
          if (!args.isEmpty() && !args.get(0).matches("-?[0-9]{1,9}")) {
            error("sh: exit: Illegal number: " + args.get(0));
            status = 2;
          } else {
            status = args.isEmpty() ? status : Integer.parseInt(args.get(0)) & 0xff;
          }
          stopped = true;
        }
        case "touch" -> {
          args.forEach(f -> write(f, files.getOrDefault(f, "")));
          status = 0;
        }
        case "rm" -> remove(args);
        case "cat" -> cat(args, out);
        default -> {
          switch (unknown) {
            case NOT_FOUND -> {
              error("sh: " + name + ": not found");
              status = 127;
            }
            case RUNS_FOREVER -> runForever();
            case SUCCEEDS -> status = 0;
          }
        }
      }
      if (redirect != null) {
        String previous = append ? files.getOrDefault(redirect, "") : "";
        StringBuilder text = new StringBuilder(previous);
        out.forEach(line -> text.append(line).append('\n'));
        write(redirect, text.toString());
      } else {
        out.forEach(line -> steps.add(new Output(now, line, false)));
      }
    }

    private void sleep(List<String> args) {
      if (args.isEmpty()) {
        error("sleep: missing operand");
        status = 1;
        return;
      }
      if (args.get(0).equals("infinity")) {
        runForever();
        return;
      }
      if (!args.get(0).matches("[0-9]*\\.?[0-9]+[smhd]?")) {
        error("sleep: invalid number '" + args.get(0) + "'");
        status = 1;
        return;
      }
      now = now.plus(seconds(args.get(0)));
      status = 0;
    }

    private static Duration seconds(String text) {
      char unit = text.charAt(text.length() - 1);
      long factor =
          switch (unit) {
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86400;
            default -> 1;
          };
      String number = Character.isDigit(unit) ? text : text.substring(0, text.length() - 1);
      BigDecimal nanos =
          new BigDecimal(number).multiply(BigDecimal.valueOf(factor * 1_000_000_000));
      return Duration.ofNanos(nanos.longValue());
    }

    private void remove(List<String> args) {
      boolean force = false;
      status = 0;
      for (String arg : args) {
        if (arg.startsWith("-")) {
          force |= arg.contains("f");
        } else if (files.containsKey(arg)
            || files.keySet().stream().anyMatch(p -> p.startsWith(arg + "/"))) {
          files.keySet().removeIf(p -> p.equals(arg) || p.startsWith(arg + "/"));
          steps.add(new FileRemoved(now, arg));
        } else if (!force) {
          error("rm: can't remove '" + arg + "': No such file or directory");
          status = 1;
        }
      }
    }

    private void cat(List<String> args, List<String> out) {
      status = 0;
      for (String file : args) {
        String content = files.get(file);
        if (content == null) {
          error("cat: can't open '" + file + "': No such file or directory");
          status = 1;
        } else if (!content.isEmpty()) {
          out.addAll(List.of(content.split("\n", -1)).subList(0, lines(content)));
        }
      }
    }

    private static int lines(String content) {
      String[] parts = content.split("\n", -1);
      return content.endsWith("\n") ? parts.length - 1 : parts.length;
    }

    private void write(String path, String content) {
      files.put(path, content);
      steps.add(new FileWritten(now, path, content));
    }

    private void error(String line) {
      steps.add(new Output(now, line, true));
    }
  }
}
