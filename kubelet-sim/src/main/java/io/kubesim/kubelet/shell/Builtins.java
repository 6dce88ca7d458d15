package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.shell.Commands.Cmd;
import io.kubesim.kubelet.shell.Commands.Command;
import java.util.List;
import java.util.Map;

/** What the shell does itself: exit, cd, pwd, export, unset, echo, true, false, :, test. */
final class Builtins {
  private Builtins() {}

  static void register(Map<String, Command> commands) {
    commands.put("exit", Builtins::exit);
    commands.put("cd", Builtins::cd);
    commands.put("pwd", c -> println(c, c.sh.cwd));
    commands.put("export", Builtins::export);
    commands.put("unset", Builtins::unset);
    commands.put("echo", Builtins::echo);
    commands.put("true", c -> 0);
    commands.put(":", c -> 0);
    commands.put("false", c -> 1);
    commands.put("test", c -> Test.evaluate(c, c.args));
    commands.put("[", Builtins::bracket);
  }

  private static int println(Cmd c, String line) {
    c.println(line);
    return 0;
  }

  private static int exit(Cmd c) {
    if (c.args.isEmpty()) {
      throw new Interpreter.Exit(c.sh.status);
    }
    String arg = c.args.get(0);
    if (!arg.matches("-?[0-9]{1,9}")) {
      c.error(c.sh.builtinPrefix("exit") + "Illegal number: " + arg);
      throw new Interpreter.Exit(2);
    }
    throw new Interpreter.Exit(Integer.parseInt(arg) & 0xff);
  }

  private static int cd(Cmd c) {
    String target = c.args.isEmpty() ? c.sh.vars.getOrDefault("HOME", "/") : c.args.get(0);
    if (target.equals("-")) {
      target = c.sh.vars.getOrDefault("OLDPWD", c.sh.cwd);
    }
    String path = c.path(target);
    if (!c.files().isDir(path)) {
      boolean exists = c.files().stat(path) != null;
      switch (c.sh.kind) {
        case ASH ->
            c.error(
                "sh: cd: can't cd to "
                    + target
                    + ": "
                    + (exists ? "Not a directory" : "No such file or directory"));
        case DASH -> c.error("sh: " + c.sh.line + ": cd: can't cd to " + target);
        case BASH ->
            c.error(
                "bash: cd: "
                    + target
                    + ": "
                    + (exists ? "Not a directory" : "No such file or directory"));
      }
      return c.sh.kind == Interpreter.Kind.BASH ? 1 : 2;
    }
    c.sh.vars.put("OLDPWD", c.sh.cwd);
    c.sh.cwd = path;
    c.sh.vars.put("PWD", path);
    return 0;
  }

  private static int export(Cmd c) {
    if (c.args.isEmpty()) {
      c.sh.vars.forEach((k, v) -> c.println("export " + k + "='" + v + "'"));
      return 0;
    }
    for (String arg : c.args) {
      int eq = arg.indexOf('=');
      if (eq > 0) {
        c.sh.vars.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
    }
    return 0;
  }

  private static int unset(Cmd c) {
    c.args.forEach(c.sh.vars::remove);
    return 0;
  }

  /** busybox's and dash's echo: {@code -n} drops the newline, {@code -e} reads \n and \t. */
  private static int echo(Cmd c) {
    List<String> args = c.args;
    boolean newline = true;
    boolean escapes = c.sh.kind == Interpreter.Kind.DASH;
    while (!args.isEmpty() && args.get(0).matches("-[neE]+")) {
      String flags = args.get(0);
      newline &= !flags.contains("n");
      escapes |= flags.contains("e");
      args = args.subList(1, args.size());
    }
    String text = String.join(" ", args);
    if (escapes) {
      text = text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
    }
    c.out(newline ? text + "\n" : text);
    return 0;
  }

  private static int bracket(Cmd c) {
    if (c.args.isEmpty() || !c.args.get(c.args.size() - 1).equals("]")) {
      c.error(c.sh.builtinPrefix("[") + "missing ]");
      return 2;
    }
    return Test.evaluate(c, c.args.subList(0, c.args.size() - 1));
  }

  /** {@code test}: the file tests and comparisons scripts use. */
  private static final class Test {
    static int evaluate(Cmd c, List<String> a) {
      if (!a.isEmpty() && a.get(0).equals("!")) {
        return evaluate(c, a.subList(1, a.size())) == 0 ? 1 : 0;
      }
      return switch (a.size()) {
        case 0 -> 1;
        case 1 -> a.get(0).isEmpty() ? 1 : 0;
        case 2 -> unary(c, a.get(0), a.get(1));
        case 3 -> binary(c, a.get(0), a.get(1), a.get(2));
        default -> {
          c.error(c.sh.builtinPrefix("test") + "too many arguments");
          yield 2;
        }
      };
    }

    private static int unary(Cmd c, String op, String arg) {
      Files.Node node = c.files().stat(c.path(arg));
      boolean result =
          switch (op) {
            case "-e" -> node != null;
            case "-f" -> node instanceof Files.File;
            case "-d" -> node instanceof Files.Dir;
            case "-s" -> node instanceof Files.File f && !f.content().isEmpty();
            case "-z" -> arg.isEmpty();
            case "-n" -> !arg.isEmpty();
            default -> false;
          };
      return result ? 0 : 1;
    }

    private static int binary(Cmd c, String left, String op, String right) {
      try {
        boolean result =
            switch (op) {
              case "=", "==" -> left.equals(right);
              case "!=" -> !left.equals(right);
              case "-eq" -> Long.parseLong(left) == Long.parseLong(right);
              case "-ne" -> Long.parseLong(left) != Long.parseLong(right);
              case "-lt" -> Long.parseLong(left) < Long.parseLong(right);
              case "-le" -> Long.parseLong(left) <= Long.parseLong(right);
              case "-gt" -> Long.parseLong(left) > Long.parseLong(right);
              case "-ge" -> Long.parseLong(left) >= Long.parseLong(right);
              default -> false;
            };
        return result ? 0 : 1;
      } catch (NumberFormatException e) {
        c.error(c.sh.builtinPrefix("test") + "invalid number");
        return 2;
      }
    }
  }
}
