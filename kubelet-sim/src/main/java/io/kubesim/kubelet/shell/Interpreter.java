package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.shell.Parser.AndOr;
import io.kubesim.kubelet.shell.Parser.If;
import io.kubesim.kubelet.shell.Parser.Node;
import io.kubesim.kubelet.shell.Parser.Part;
import io.kubesim.kubelet.shell.Parser.Pipeline;
import io.kubesim.kubelet.shell.Parser.Redirect;
import io.kubesim.kubelet.shell.Parser.Sequence;
import io.kubesim.kubelet.shell.Parser.Simple;
import io.kubesim.kubelet.shell.Parser.While;
import io.kubesim.kubelet.shell.Parser.Word;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One simulated shell process: its variables, working directory and last status, evaluating parsed
 * scripts against the container's {@link Files}, {@link Machine} and {@link World}. The same code
 * runs a container's command ahead of time (a simulated world) and an exec session (the real one).
 */
final class Interpreter {
  /** Which shell this is: the texts of its errors and its prompt differ. */
  enum Kind {
    ASH("sh"),
    DASH("sh"),
    BASH("bash");

    final String name;

    Kind(String name) {
      this.name = name;
    }

    static Kind of(String program, Flavor flavor) {
      String name = Files.name(program);
      if (name.equals("bash")) {
        return BASH;
      }
      return flavor == Flavor.DEBIAN ? DASH : ASH;
    }
  }

  /** {@code exit}: unwinds to the top of the shell. */
  static final class Exit extends RuntimeException {
    final int code;

    Exit(int code) {
      super(null, null, false, false);
      this.code = code;
    }
  }

  /** A simulated process that will not end by itself ({@code sleep infinity}, a server). */
  static final class Forever extends RuntimeException {
    Forever() {
      super(null, null, false, false);
    }
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern ASSIGNMENT =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);

  final Machine machine;
  final Files files;
  final World world;
  final Shell.Unknown unknown;
  final Kind kind;
  final int pid;
  final Map<String, String> vars = new LinkedHashMap<>();
  String cwd = "/";
  int status;
  int line = 1;

  Interpreter(
      Machine machine, Files files, World world, Shell.Unknown unknown, Kind kind, int pid) {
    this.machine = machine;
    this.files = files;
    this.world = world;
    this.unknown = unknown;
    this.kind = kind;
    this.pid = pid;
    vars.putAll(machine.env());
    vars.putIfAbsent("HOME", "/root");
  }

  /** The variables a shell sets for itself ({@code env} run by a program has none of them). */
  Interpreter asShell() {
    vars.put("SHLVL", Integer.toString(Integer.parseInt(vars.getOrDefault("SHLVL", "0")) + 1));
    vars.put("PWD", cwd);
    return this;
  }

  /** Whether this is the exec'd process itself running one program (no shell in between). */
  boolean direct;

  /** An interactive shell (its errors name no line). */
  boolean interactive;

  /** A shell started by this one ({@code sh -c}): same files and exported variables. */
  Interpreter child(Kind childKind) {
    Interpreter c = new Interpreter(machine, files, world, unknown, childKind, pid + 1);
    c.vars.putAll(vars);
    c.cwd = cwd;
    return c.asShell();
  }

  /** Runs a script; syntax errors are reported as the shell reports them (status 2). */
  int script(String text, Streams io) {
    Node program;
    try {
      program = Parser.parse(text);
    } catch (IllegalArgumentException e) {
      io.err().write(syntaxError(e.getMessage()) + "\n");
      status = 2;
      return status;
    }
    try {
      run(program, io);
    } catch (Exit e) {
      status = e.code;
    }
    return status;
  }

  String syntaxError(String message) {
    return switch (kind) {
      case ASH -> message;
      case DASH -> message.replace("sh: syntax error:", "sh: " + line + ": Syntax error:");
      case BASH -> message.replace("sh: syntax error:", "bash: syntax error:");
    };
  }

  // --- evaluation -------------------------------------------------------------------------------

  void run(Node node, Streams io) {
    if (node instanceof Sequence s) {
      s.items().forEach(item -> run(item, io));
    } else if (node instanceof AndOr a) {
      run(a.commands().get(0), io);
      for (int i = 0; i < a.operators().size(); i++) {
        if ((status == 0) == a.operators().get(i).equals("&&")) {
          run(a.commands().get(i + 1), io);
        }
      }
    } else if (node instanceof Pipeline p) {
      pipeline(p, io);
    } else if (node instanceof While w) {
      loop(w, io);
    } else if (node instanceof If f) {
      run(f.condition(), io);
      if (status == 0) {
        run(f.then(), io);
      } else {
        status = 0;
        run(f.otherwise(), io);
      }
    } else if (node instanceof Simple c) {
      simple(c, io);
    }
  }

  /** Each command runs in turn, reading what the one before wrote (no concurrency needed here). */
  private void pipeline(Pipeline p, Streams io) {
    Streams.In in = io.in();
    for (int i = 0; i < p.commands().size(); i++) {
      boolean last = i == p.commands().size() - 1;
      Streams.Buffer out = last ? null : new Streams.Buffer();
      run(p.commands().get(i), new Streams(last ? io.out() : out, io.err(), in));
      if (!last) {
        in = Streams.In.of(out.text());
      }
    }
  }

  private void loop(While w, Streams io) {
    for (int round = 0; ; round++) {
      if (!world.loopMayGo(round)) {
        throw new Forever();
      }
      run(w.condition(), io);
      if (status != 0) {
        status = 0;
        return;
      }
      run(w.body(), io);
    }
  }

  private void simple(Simple c, Streams io) {
    List<String> words = new ArrayList<>();
    Map<String, String> assignments = new LinkedHashMap<>();
    for (Word w : c.words()) {
      String value = expand(w);
      if (words.isEmpty() && ASSIGNMENT.matcher(value).matches() && w.parts().get(0).expand()) {
        int eq = value.indexOf('=');
        assignments.put(value.substring(0, eq), value.substring(eq + 1));
      } else {
        words.add(value);
      }
    }
    if (words.isEmpty()) {
      vars.putAll(assignments);
      status = 0;
      return;
    }
    Streams redirected = redirect(c.redirects(), io);
    if (redirected == null) {
      status = 1;
      return;
    }
    Map<String, String> env = new LinkedHashMap<>(vars);
    env.putAll(assignments);
    try {
      status = Commands.run(this, words, redirected, env);
    } finally {
      String failed = flushRedirects();
      if (failed != null) {
        io.err().write(writeError(words.get(0), failed) + "\n");
        status = 1;
      }
    }
  }

  // --- expansion --------------------------------------------------------------------------------

  /** $NAME, ${NAME}, $?, $$ and a leading ~, outside single quotes. No splitting, no globbing. */
  String expand(Word word) {
    StringBuilder out = new StringBuilder();
    for (int p = 0; p < word.parts().size(); p++) {
      Part part = word.parts().get(p);
      String text = part.text();
      if (!part.expand()) {
        out.append(text);
        continue;
      }
      if (p == 0 && (text.equals("~") || text.startsWith("~/"))) {
        text = vars.getOrDefault("HOME", "/") + text.substring(1);
      }
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        if (ch != '$' || i + 1 >= text.length()) {
          out.append(ch);
          continue;
        }
        char next = text.charAt(i + 1);
        if (next == '?') {
          out.append(status);
          i++;
        } else if (next == '$') {
          out.append(pid);
          i++;
        } else if (next == '{') {
          int end = text.indexOf('}', i);
          if (end < 0) {
            out.append(ch);
            continue;
          }
          out.append(vars.getOrDefault(text.substring(i + 2, end), ""));
          i = end;
        } else {
          var m = NAME.matcher(text).region(i + 1, text.length());
          if (m.lookingAt()) {
            out.append(vars.getOrDefault(m.group(), ""));
            i = m.end() - 1;
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.toString();
  }

  // --- redirections -----------------------------------------------------------------------------

  private final List<Runnable> pendingWrites = new ArrayList<>();

  /** The command's streams after its redirections, or null (reported) when one cannot be made. */
  private Streams redirect(List<Redirect> redirects, Streams io) {
    Streams.Out out = io.out();
    Streams.Out err = io.err();
    Streams.In in = io.in();
    for (Redirect r : redirects) {
      String target = expand(r.target());
      if (r.op().equals(">&")) {
        Streams.Out to = target.equals("1") ? out : target.equals("2") ? err : null;
        if (r.fd() == 2 && to != null) {
          err = to;
        } else if (r.fd() == 1 && to != null) {
          out = to;
        }
        continue;
      }
      if (r.op().equals("<")) {
        String path = Files.resolve(cwd, target);
        String content = files.read(path);
        if (content == null) {
          io.err().write(cantOpen(target) + "\n");
          return null;
        }
        in = Streams.In.of(content);
        continue;
      }
      Streams.Out file = fileOut(target, r.op().equals(">>"), io.err());
      if (file == null) {
        return null;
      }
      if (r.fd() == 2) {
        err = file;
      } else {
        out = file;
      }
    }
    return new Streams(out, err, in);
  }

  /** A stream into a file, whose content is written when the command ends. */
  private Streams.Out fileOut(String target, boolean append, Streams.Out err) {
    if (target.equals("/dev/null")) {
      return Streams.Out.NULL;
    }
    if (target.equals("/dev/stdout") || target.equals("/dev/stderr")) {
      return null;
    }
    String path = Files.resolve(cwd, target);
    if (!files.isDir(Files.parent(path))) {
      err.write(cantCreate(target, "nonexistent directory") + "\n");
      return null;
    }
    if (files.isDir(path)) {
      err.write(cantCreate(target, "Is a directory") + "\n");
      return null;
    }
    String refused = files.refuses(path);
    if (refused != null) {
      err.write(cantCreate(target, refused) + "\n");
      return null;
    }
    String existing = files.read(path);
    String before = append && existing != null ? existing : "";
    Streams.Buffer content = new Streams.Buffer();
    // Written when the command ends: one write per redirected command, as the timeline shows it.
    pendingWrites.add(() -> files.write(path, before + content.text(), world.now()));
    return content;
  }

  /** Writes the redirected files; the reason of the first that failed (ENOSPC), or null. */
  private String flushRedirects() {
    List<Runnable> writes = new ArrayList<>(pendingWrites);
    pendingWrites.clear();
    String failed = null;
    for (Runnable write : writes) {
      try {
        write.run();
      } catch (Files.Failure e) {
        failed = failed == null ? e.reason() : failed;
      }
    }
    return failed;
  }

  // --- the shell's own messages -----------------------------------------------------------------

  String notFound(String command) {
    return switch (kind) {
      case ASH -> "sh: " + command + ": not found";
      case DASH -> "sh: " + line + ": " + command + ": not found";
      case BASH ->
          "bash: " + (interactive ? "" : "line " + line + ": ") + command + ": command not found";
    };
  }

  String cantCreate(String target, String why) {
    return switch (kind) {
      case ASH -> "sh: can't create " + target + ": " + why;
      case DASH ->
          "sh: "
              + line
              + ": cannot create "
              + target
              + ": "
              + (why.equals("nonexistent directory") ? "Directory nonexistent" : why);
      case BASH ->
          "bash: "
              + target
              + ": "
              + (why.equals("nonexistent directory") ? "No such file or directory" : why);
    };
  }

  /**
   * A command's output that could not be written ({@code No space left on device}): a shell
   * builtin's error names the shell (busybox's {@code sh: write error: ...}), a program's itself.
   */
  String writeError(String command, String why) {
    String name = Files.name(command);
    if (!Commands.isBuiltin(name)) {
      return name + ": write error: " + why;
    }
    return switch (kind) {
      case ASH -> "sh: write error: " + why;
      case DASH -> "sh: " + line + ": " + name + ": " + name + ": I/O error";
      case BASH -> "bash: " + name + ": write error: " + why;
    };
  }

  String cantOpen(String target) {
    return switch (kind) {
      case ASH -> "sh: can't open '" + target + "': No such file or directory";
      case DASH -> "sh: " + line + ": cannot open " + target + ": No such file";
      case BASH -> "bash: " + target + ": No such file or directory";
    };
  }

  /**
   * What {@code name:} errors of shell builtins start with ({@code sh: cd:}, {@code sh: 1: cd:}).
   */
  String builtinPrefix(String builtin) {
    return switch (kind) {
      case ASH -> "sh: " + builtin + ": ";
      case DASH -> "sh: " + line + ": " + builtin + ": ";
      case BASH -> "bash: " + builtin + ": ";
    };
  }
}
