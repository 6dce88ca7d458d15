package io.kubesim.kubelet.shell;

/**
 * An interactive (or stdin-fed) shell: reads lines until {@code exit} or the end of input and runs
 * each. On a terminal it prompts as the image's shell does ({@code / # } for busybox, {@code # }
 * for dash, {@code root@web:/# } for bash), and asks for more ({@code > }) while a {@code while} or
 * {@code if} is unfinished. ^C stops the running command (status 130) or drops the line.
 */
final class Repl {
  /** What a terminal's line reader returns when ^C was typed at the prompt. */
  static final String INTERRUPTED = "\u0003";

  private Repl() {}

  static int run(Interpreter sh, Streams io, Shell.Terminal terminal) {
    boolean interactive = terminal.tty();
    sh.interactive = interactive;
    StringBuilder pending = new StringBuilder();
    while (true) {
      if (interactive) {
        io.out().write(pending.length() == 0 ? prompt(sh) : "> ");
      }
      terminal.busy(false);
      String line;
      try {
        line = io.in().readLine();
      } catch (World.Stop e) {
        line = INTERRUPTED; // a ^C that arrived as the command ended
      }
      if (line == null) {
        if (interactive) {
          io.out().write(sh.kind == Interpreter.Kind.BASH ? "exit\n" : "\n");
        }
        return sh.status;
      }
      if (line.equals(INTERRUPTED)) {
        pending.setLength(0);
        sh.status = 130;
        continue;
      }
      pending.append(line).append('\n');
      Parser.Node program;
      try {
        program = Parser.parse(pending.toString());
      } catch (IllegalArgumentException e) {
        if (e.getMessage().startsWith("sh: syntax error: expected")) {
          continue; // an unfinished while/if: read on
        }
        io.err().write(sh.syntaxError(e.getMessage()) + "\n");
        pending.setLength(0);
        sh.status = 2;
        continue;
      }
      pending.setLength(0);
      terminal.busy(true);
      try {
        sh.run(program, io);
      } catch (Interpreter.Exit e) {
        return e.code;
      } catch (World.Stop e) {
        sh.status = 130;
        if (!interactive) {
          throw e;
        }
      } catch (Interpreter.Forever e) {
        sh.status = 0;
      }
      sh.line++;
    }
  }

  /** PS1 as each image's shell sets it for root. */
  static String prompt(Interpreter sh) {
    String sign = sh.machine.uid() == 0 ? "#" : "$";
    String home = sh.vars.getOrDefault("HOME", "/root");
    String cwd =
        sh.cwd.equals(home)
            ? "~"
            : sh.cwd.startsWith(home + "/") ? "~" + sh.cwd.substring(home.length()) : sh.cwd;
    return switch (sh.kind) {
      case ASH -> cwd + " " + sign + " ";
      case DASH -> sign + " ";
      case BASH -> "root@" + sh.machine.hostname() + ":" + cwd + sign + " ";
    };
  }
}
