package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.shell.Timeline.Exited;
import io.kubesim.kubelet.shell.Timeline.FileRemoved;
import io.kubesim.kubelet.shell.Timeline.FileWritten;
import io.kubesim.kubelet.shell.Timeline.Output;
import io.kubesim.kubelet.shell.Timeline.RunsForever;
import io.kubesim.kubelet.shell.Timeline.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * A tiny busybox (or Debian) {@code sh} for the commands containers, exec probes and {@code kubectl
 * exec} sessions run. It never runs anything real: it interprets the script against a simulated
 * file system and machine.
 *
 * <p>Two ways to run: ahead of time ({@link #run}), computing the {@link Timeline} of what a
 * container's command does against a simulated clock (its sleeps only move the clock); and in real
 * time ({@link #exec}), for an exec session whose sleeps take that long, whose {@code wget} really
 * connects and whose interactive shell reads lines as they are typed.
 *
 * <p>Supported: {@code ;}, newlines, {@code &&}, {@code ||}, {@code |}, {@code while}, {@code if},
 * redirections, {@code $VAR}, and the commands of {@link Commands}. Anything else fails like the
 * image's shell does for an unknown command.
 */
public final class Shell {

  /** Loops stop being simulated after this much simulated time: they are taken to run forever. */
  static final Duration HORIZON = Duration.ofDays(1);

  /** A loop that does not sleep would never leave its instant: give up after this many rounds. */
  static final int MAX_ROUNDS = 10_000;

  private static final Set<String> SHELLS =
      Set.of("sh", "/bin/sh", "bash", "/bin/bash", "ash", "/bin/ash", "dash", "/bin/dash");

  private Shell() {}

  /**
   * What a command the image does not have is taken to be. Containers run real programs ({@code
   * nginx -g 'daemon off;'}, {@code python app.py}) that cannot be simulated line by line.
   */
  public enum Unknown {
    /** The shell's answer: {@code sh: curl: not found}, status 127. */
    NOT_FOUND,
    /** The image's own program, a server: it runs until stopped (container commands). */
    RUNS_FOREVER,
    /** A check of the simulated app, which is healthy: status 0 (exec probes). */
    SUCCEEDS
  }

  // --- ahead of time ----------------------------------------------------------------------------

  /** The timeline of a process in a bare busybox file system plus {@code files}. */
  public static Timeline run(List<String> argv, Map<String, String> files) {
    return run(argv, files, Unknown.NOT_FOUND);
  }

  /** The timeline of a container's process: {@code command} followed by {@code args}. */
  public static Timeline run(List<String> argv, Map<String, String> files, Unknown unknown) {
    return run(
        argv, new Overlay(layered(files)), Machine.plain(Flavor.BUSYBOX), Instant.EPOCH, unknown);
  }

  /** {@code sh -c "..."}: a shell is PID 1, and as PID 1 it ignores SIGTERM. */
  public static boolean isScript(List<String> argv) {
    return argv.size() >= 3 && SHELLS.contains(argv.get(0)) && argv.get(1).equals("-c");
  }

  /** The timeline of a shell script, as given to {@code sh -c}. */
  public static Timeline script(String text, Map<String, String> files) {
    return run(List.of("sh", "-c", text), files, Unknown.NOT_FOUND);
  }

  /**
   * The timeline of {@code argv} in a container: {@code files} as the process finds them (its
   * writes are recorded, not kept), {@code origin} the wall-clock time it starts at.
   */
  public static Timeline run(
      List<String> argv, Files files, Machine machine, Instant origin, Unknown unknown) {
    Recorder recorder = new Recorder();
    Simulated world = new Simulated(origin);
    Files recording = new Recording(files, recorder, world);
    Interpreter sh =
        new Interpreter(
            machine,
            recording,
            world,
            unknown,
            Interpreter.Kind.of(first(argv), machine.flavor()),
            1);
    Streams io =
        new Streams(recorder.out(world, false), recorder.out(world, true), Streams.In.EMPTY);
    int code;
    try {
      code = start(sh, argv, io);
    } catch (Interpreter.Forever e) {
      recorder.flush(world);
      return recorder.finish(new RunsForever(world.elapsed()));
    }
    recorder.flush(world);
    return recorder.finish(new Exited(world.elapsed(), code));
  }

  private static String first(List<String> argv) {
    return argv.isEmpty() ? "sh" : argv.get(0);
  }

  /** Runs {@code argv} as a container's or an exec's process: a shell, or one command. */
  private static int start(Interpreter sh, List<String> argv, Streams io) {
    if (argv.isEmpty()) {
      return 0;
    }
    try {
      return Commands.run(sh, argv, io, sh.vars);
    } catch (Interpreter.Exit e) {
      return e.code;
    }
  }

  /** Map keys ending in {@code /} are directories; the rest lies over busybox's usual tree. */
  private static Files layered(Map<String, String> files) {
    if (files.isEmpty()) {
      return BARE;
    }
    Overlay fs = new Overlay(BARE);
    files.forEach((path, content) -> put(fs, path, content));
    return fs;
  }

  private static void put(Files fs, String path, String content) {
    if (path.endsWith("/")) {
      fs.mkdir(Files.resolve("/", path), Instant.EPOCH);
    } else {
      fs.write(Files.resolve("/", path), content, Instant.EPOCH);
    }
  }

  /** The directories every Linux image has. */
  static final Layer BARE =
      new Layer(
          Map.ofEntries(
              Map.entry("/bin/", ""),
              Map.entry("/dev/", ""),
              Map.entry("/etc/", ""),
              Map.entry("/home/", ""),
              Map.entry("/proc/", ""),
              Map.entry("/root/", ""),
              Map.entry("/sys/", ""),
              Map.entry("/tmp/", ""),
              Map.entry("/usr/", ""),
              Map.entry("/var/", "")),
          Instant.EPOCH);

  /** Output lines and file changes, each stamped with the simulated time it happened at. */
  private static final class Recorder {
    private final List<Step> steps = new ArrayList<>();
    private final StringBuilder[] partial = {new StringBuilder(), new StringBuilder()};

    Streams.Out out(Simulated world, boolean stderr) {
      StringBuilder b = partial[stderr ? 1 : 0];
      return new Streams.Out() {
        @Override
        public void write(String text) {
          b.append(text);
          int nl;
          while ((nl = b.indexOf("\n")) >= 0) {
            steps.add(new Output(world.elapsed(), b.substring(0, nl), stderr));
            b.delete(0, nl + 1);
          }
        }

        /** The date is the one the line is written at, not the simulated clock's epoch. */
        @Override
        public void clock(String line, String format) {
          if (b.length() > 0) {
            write(line + "\n");
          } else {
            steps.add(new Output(world.elapsed(), line, stderr, format));
          }
        }
      };
    }

    void flush(Simulated world) {
      for (int i = 0; i < 2; i++) {
        if (partial[i].length() > 0) {
          steps.add(new Output(world.elapsed(), partial[i].toString(), i == 1));
          partial[i].setLength(0);
        }
      }
    }

    Timeline finish(Step last) {
      steps.add(last);
      return new Timeline(steps);
    }
  }

  /** A process's files whose changes are recorded in its timeline. */
  private record Recording(Files files, Recorder recorder, Simulated world) implements Files {
    @Override
    public Node stat(String path) {
      return files.stat(path);
    }

    @Override
    public SortedSet<String> list(String dir) {
      return files.list(dir);
    }

    @Override
    public void write(String path, String content, Instant at) {
      files.write(path, content, at);
      recorder.steps.add(new FileWritten(world.elapsed(), path, content));
    }

    @Override
    public void mkdir(String path, Instant at) {
      files.mkdir(path, at);
      recorder.steps.add(new FileWritten(world.elapsed(), path + "/", ""));
    }

    @Override
    public void remove(String path) {
      files.remove(path);
      recorder.steps.add(new FileRemoved(world.elapsed(), path));
    }
  }

  /** Simulated time: a sleep moves the clock; loops end at the horizon. */
  private static final class Simulated implements World {
    private final Instant origin;
    private Duration elapsed = Duration.ZERO;

    Simulated(Instant origin) {
      this.origin = origin;
    }

    @Override
    public Instant now() {
      return origin.plus(elapsed);
    }

    @Override
    public Duration elapsed() {
      return elapsed;
    }

    @Override
    public void sleep(Duration duration) {
      elapsed = elapsed.plus(duration);
    }

    @Override
    public void sleepForever() {
      throw new Interpreter.Forever();
    }

    @Override
    public boolean loopMayGo(int round) {
      return round < MAX_ROUNDS && elapsed.compareTo(HORIZON) <= 0;
    }

    @Override
    public Network network() {
      return null;
    }
  }

  // --- in real time -----------------------------------------------------------------------------

  /** What {@link Terminal#readLine} returns for a ^C typed at an interactive shell's prompt. */
  public static final String INTERRUPTED = Repl.INTERRUPTED;

  /** An exec'd program the image does not have: the runtime's error (no process ran). */
  public static final class NotExecutable extends RuntimeException {
    public NotExecutable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * An exec session's terminal: where output goes, where input lines come from (blocking; null at
   * the end), whether it is a tty (then an interactive shell prompts) and how wide it is.
   */
  public interface Terminal {
    void out(String text);

    void err(String text);

    String readLine();

    boolean tty();

    int columns();

    /** The shell is running a command (true) or waiting for a line (false): ^C's target. */
    void busy(boolean busy);

    /** Output bytes as they are ({@code tar cf -}); a text terminal takes them as UTF-8. */
    default void outBytes(byte[] data) {
      out(new String(data, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** All of standard input until its end, as bytes ({@code tar xf -}). */
    default byte[] readAllBytes() {
      StringBuilder all = new StringBuilder();
      String line;
      while ((line = readLine()) != null) {
        all.append(line).append('\n');
      }
      return all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Runs {@code argv} as {@code kubectl exec} does, in real time, and returns its exit code; throws
   * {@link NotExecutable} when the image has no such program and {@link World.Stop} when stopped.
   */
  public static int exec(
      List<String> argv, Machine machine, Files files, World world, int pid, Terminal terminal) {
    String program = argv.get(0);
    if (!Commands.exists(machine.flavor(), program) || Commands.isBuiltinOnly(program)) {
      throw new NotExecutable(
          program.contains("/")
              ? "exec: \"" + program + "\": stat " + program + ": no such file or directory"
              : "exec: \"" + program + "\": executable file not found in $PATH");
    }
    Streams.Out out = terminal.tty() ? new TtyOut(terminal) : new RawOut(terminal);
    Streams io = new Streams(out, terminal.tty() ? out : terminal::err, new RawIn(terminal));
    Interpreter.Kind kind = Interpreter.Kind.of(program, machine.flavor());
    boolean shell = SHELLS.contains(program) || SHELLS.contains("/bin/" + Files.name(program));
    if (shell && argv.size() == 1) {
      Interpreter sh = new Interpreter(machine, files, world, Unknown.NOT_FOUND, kind, pid);
      return Repl.run(sh.asShell(), io, terminal);
    }
    Interpreter sh = new Interpreter(machine, files, world, Unknown.NOT_FOUND, kind, pid);
    sh.direct = true;
    terminal.busy(true);
    return start(sh, argv, io);
  }

  /** Standard output without a tty: bytes pass as they are. */
  private record RawOut(Terminal terminal) implements Streams.Out {
    @Override
    public void write(String text) {
      terminal.out(text);
    }

    @Override
    public void bytes(byte[] data) {
      terminal.outBytes(data);
    }
  }

  /** Standard input of the session: lines for the shell, bytes for tar. */
  private record RawIn(Terminal terminal) implements Streams.In {
    @Override
    public String readLine() {
      return terminal.readLine();
    }

    @Override
    public byte[] readAllBytes() {
      return terminal.readAllBytes();
    }
  }

  /** Standard output on a terminal: ls lays names out in columns there. */
  private record TtyOut(Terminal terminal) implements Commands.Terminal {
    @Override
    public void write(String text) {
      terminal.out(text);
    }

    @Override
    public int columns() {
      return terminal.columns();
    }
  }
}
