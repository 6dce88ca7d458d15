package io.kubesim.kubelet.shell;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The commands the simulated shell knows: its builtins ({@code cd}, {@code exit}, {@code export}
 * ...) and the programs an image may have (which ones, its {@link Flavor} says). A command the
 * image does not have is handled by the shell's {@link Shell.Unknown} policy.
 */
final class Commands {

  /** One command as it runs: its name and arguments, its streams, the shell that started it. */
  static final class Cmd {
    final Interpreter sh;
    final String name;
    final List<String> args;
    final Streams io;
    final Map<String, String> env;

    Cmd(Interpreter sh, String name, List<String> args, Streams io, Map<String, String> env) {
      this.sh = sh;
      this.name = name;
      this.args = args;
      this.io = io;
      this.env = env;
    }

    void out(String text) {
      io.out().write(text);
    }

    void println(String line) {
      io.out().write(line + "\n");
    }

    void error(String line) {
      io.err().write(line + "\n");
    }

    String path(String arg) {
      return Files.resolve(sh.cwd, arg);
    }

    Flavor flavor() {
      return sh.machine.flavor();
    }

    Files files() {
      return sh.files;
    }

    /** Whether standard output is the session's terminal (ls then lays names out in columns). */
    boolean terminal() {
      return io.out() instanceof Terminal;
    }
  }

  /** Marks the Out of a session with a tty. */
  interface Terminal extends Streams.Out {
    /** The terminal's width in columns. */
    int columns();
  }

  interface Command {
    int run(Cmd c);
  }

  private static final Map<String, Command> BUILTINS = new HashMap<>();
  private static final Map<String, Command> PROGRAMS = new HashMap<>();

  static {
    Builtins.register(BUILTINS);
    FileCommands.register(PROGRAMS);
    SystemCommands.register(PROGRAMS);
    TextCommands.register(PROGRAMS);
    NetCommands.register(PROGRAMS);
    PROGRAMS.put("tar", Tar::run);
  }

  private Commands() {}

  static int run(Interpreter sh, List<String> words, Streams io, Map<String, String> env) {
    String name = words.get(0);
    Cmd cmd = new Cmd(sh, name, words.subList(1, words.size()), io, env);
    Command builtin = BUILTINS.get(name);
    if (builtin != null) {
      return builtin.run(cmd);
    }
    try {
      return program(sh, name, cmd);
    } catch (Files.Failure e) {
      cmd.error(Files.name(name) + ": " + e.reason());
      return 1;
    }
  }

  private static int program(Interpreter sh, String name, Cmd cmd) {
    Command program = PROGRAMS.get(Files.name(name));
    if (program == null || !sh.machine.flavor().has(name)) {
      return unknown(cmd);
    }
    if (isNetwork(name) && sh.world.network() == null && sh.unknown != Shell.Unknown.NOT_FOUND) {
      return unknown(cmd); // ahead of time there is no network: treated as the image's program
    }
    return program.run(cmd);
  }

  /** Whether {@code name} is a program of the image (or a builtin), for exec and {@code which}. */
  static boolean exists(Flavor flavor, String name) {
    return BUILTINS.containsKey(name)
        || (PROGRAMS.containsKey(Files.name(name)) && flavor.has(name));
  }

  static boolean isBuiltin(String name) {
    return BUILTINS.containsKey(name);
  }

  /** A builtin no image has a program for: exec cannot start it. */
  static boolean isBuiltinOnly(String name) {
    return List.of("exit", "cd", "export", "unset", ":").contains(name);
  }

  private static boolean isNetwork(String name) {
    return List.of("wget", "curl", "nslookup").contains(Files.name(name));
  }

  private static int unknown(Cmd c) {
    return switch (c.sh.unknown) {
      case NOT_FOUND -> {
        c.error(c.sh.notFound(c.name));
        yield 127;
      }
      case RUNS_FOREVER -> throw new Interpreter.Forever();
      case SUCCEEDS -> 0;
    };
  }
}
