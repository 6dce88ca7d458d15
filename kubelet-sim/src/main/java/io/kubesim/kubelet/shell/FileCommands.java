package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.shell.Commands.Cmd;
import io.kubesim.kubelet.shell.Commands.Command;
import io.kubesim.kubelet.shell.Files.Dir;
import io.kubesim.kubelet.shell.Files.File;
import io.kubesim.kubelet.shell.Files.Node;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** ls, cat, touch, rm and mkdir against the container's files. */
final class FileCommands {
  private static final DateTimeFormatter LS_TIME =
      DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private FileCommands() {}

  static void register(Map<String, Command> commands) {
    commands.put("ls", FileCommands::ls);
    commands.put("cat", FileCommands::cat);
    commands.put("touch", FileCommands::touch);
    commands.put("rm", FileCommands::rm);
    commands.put("mkdir", FileCommands::mkdir);
  }

  /** Options (-l, -a, -1 and combinations) and operands of a command line. */
  private record Options(String flags, List<String> operands) {
    static Options of(List<String> args) {
      StringBuilder flags = new StringBuilder();
      List<String> operands = new ArrayList<>();
      for (String a : args) {
        if (a.startsWith("-") && a.length() > 1) {
          flags.append(a.substring(1));
        } else {
          operands.add(a);
        }
      }
      return new Options(flags.toString(), operands);
    }

    boolean has(char flag) {
      return flags.indexOf(flag) >= 0;
    }
  }

  // --- ls
  // -----------------------------------------------------------------------------------------

  private static int ls(Cmd c) {
    Options o = Options.of(c.args);
    List<String> targets = o.operands().isEmpty() ? List.of(".") : o.operands();
    int status = 0;
    List<String> plainFiles = new ArrayList<>();
    List<String> dirs = new ArrayList<>();
    for (String t : targets) {
      Node node = c.files().stat(c.path(t));
      if (node == null) {
        c.error(c.flavor().cantAccess("ls", t));
        status = c.flavor() == Flavor.BUSYBOX ? 1 : 2;
      } else if (node instanceof Dir && !o.has('d')) {
        dirs.add(t);
      } else {
        plainFiles.add(t);
      }
    }
    if (!plainFiles.isEmpty()) {
      print(c, o, plainFiles, t -> c.files().stat(c.path(t)), null);
    }
    for (String d : dirs) {
      if (targets.size() > 1) {
        if (!plainFiles.isEmpty() || d != dirs.get(0)) {
          c.println("");
        }
        c.println(d + ":");
      }
      String dir = c.path(d);
      List<String> names = new ArrayList<>();
      if (o.has('a')) {
        names.add(".");
        names.add("..");
      }
      for (String name : c.files().list(dir)) {
        if (o.has('a') || o.has('A') || !name.startsWith(".")) {
          names.add(name);
        }
      }
      print(c, o, names, n -> c.files().stat(Files.resolve(dir, n)), dir);
    }
    return status;
  }

  private static void print(
      Cmd c,
      Options o,
      List<String> names,
      java.util.function.Function<String, Node> stat,
      String dir) {
    if (o.has('l')) {
      if (dir != null) {
        c.println("total " + names.size() * 4);
      }
      for (String name : names) {
        c.println(longLine(c, name, stat.apply(name)));
      }
    } else if (c.terminal() && !o.has('1')) {
      columns(c, names);
    } else {
      names.forEach(c::println);
    }
  }

  /** {@code drwxr-xr-x 2 root root 4096 Jan 1 00:00 bin} (busybox's spacing). */
  private static String longLine(Cmd c, String name, Node node) {
    if (node == null) {
      node = new Dir(0755, c.sh.world.now());
    }
    boolean dir = node instanceof Dir;
    long size = node instanceof File f ? f.content().getBytes(StandardCharsets.UTF_8).length : 4096;
    String mode = (dir ? "d" : "-") + permissions(node.mode());
    String time = LS_TIME.format(node.modified());
    if (c.flavor() == Flavor.BUSYBOX) {
      return String.format(
          "%s %4d %-8s %-8s %9d %s %s", mode, dir ? 2 : 1, "root", "root", size, time, name);
    }
    return String.format(
        "%s %d %s %s %4d %s %s", mode, dir ? 2 : 1, "root", "root", size, time, name);
  }

  private static String permissions(int mode) {
    StringBuilder b = new StringBuilder();
    String letters = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      b.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
    }
    if ((mode & 01000) != 0) {
      b.setCharAt(8, 't');
    }
    return b.toString();
  }

  /** Names down the columns, as ls lays them out on a terminal. */
  private static void columns(Cmd c, List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    int width = ((Commands.Terminal) c.io.out()).columns();
    int longest = names.stream().mapToInt(String::length).max().orElse(1);
    int cell = longest + 2;
    int perRow = Math.max(1, width / cell);
    int rows = (names.size() + perRow - 1) / perRow;
    for (int r = 0; r < rows; r++) {
      StringBuilder line = new StringBuilder();
      for (int k = r; k < names.size(); k += rows) {
        String name = names.get(k);
        line.append(name);
        if (k + rows < names.size()) {
          line.append(" ".repeat(cell - name.length()));
        }
      }
      c.println(line.toString());
    }
  }

  // --- cat, touch, rm, mkdir ---------------------------------------------------------------------

  private static int cat(Cmd c) {
    if (c.args.isEmpty() || c.args.equals(List.of("-"))) {
      String line;
      while ((line = c.io.in().readLine()) != null) {
        c.println(line);
      }
      return 0;
    }
    int status = 0;
    for (String file : c.args) {
      Node node = c.files().stat(c.path(file));
      if (node instanceof File f) {
        c.out(f.content());
      } else if (node instanceof Dir) {
        c.error(c.flavor().isADirectory("cat", file));
        status = 1;
      } else {
        c.error(c.flavor().cantOpen("cat", file));
        status = 1;
      }
    }
    return status;
  }

  private static int touch(Cmd c) {
    int status = 0;
    for (String file : Options.of(c.args).operands()) {
      String path = c.path(file);
      if (!c.files().isDir(Files.parent(path))) {
        c.error(
            c.flavor() == Flavor.BUSYBOX
                ? "touch: " + file + ": No such file or directory"
                : "touch: cannot touch '" + file + "': No such file or directory");
        status = 1;
        continue;
      }
      if (!c.files().isDir(path)) {
        String content = c.files().read(path);
        try {
          c.files().write(path, content == null ? "" : content, c.sh.world.now());
        } catch (Files.Failure e) {
          c.error(
              c.flavor() == Flavor.BUSYBOX
                  ? "touch: " + file + ": " + e.reason()
                  : "touch: cannot touch '" + file + "': " + e.reason());
          status = 1;
        }
      }
    }
    return status;
  }

  private static int rm(Cmd c) {
    Options o = Options.of(c.args);
    boolean force = o.has('f');
    boolean recursive = o.has('r') || o.has('R');
    int status = 0;
    for (String file : o.operands()) {
      String path = c.path(file);
      Node node = c.files().stat(path);
      if (node == null) {
        if (!force) {
          c.error(c.flavor().cantRemove(file, "No such file or directory"));
          status = 1;
        }
      } else if (node instanceof Dir && !recursive) {
        c.error(c.flavor().cantRemove(file, "Is a directory"));
        status = 1;
      } else {
        try {
          c.files().remove(path);
        } catch (Files.Failure e) {
          c.error(c.flavor().cantRemove(file, e.reason()));
          status = 1;
        }
      }
    }
    return status;
  }

  private static int mkdir(Cmd c) {
    Options o = Options.of(c.args);
    int status = 0;
    for (String dir : o.operands()) {
      String path = c.path(dir);
      if (c.files().stat(path) != null) {
        if (!o.has('p') || !c.files().isDir(path)) {
          c.error(c.flavor().cantMkdir(dir, "File exists"));
          status = 1;
        }
        continue;
      }
      if (!o.has('p') && !c.files().isDir(Files.parent(path))) {
        c.error(c.flavor().cantMkdir(dir, "No such file or directory"));
        status = 1;
        continue;
      }
      try {
        if (o.has('p')) {
          makeParents(c, path);
        }
        c.files().mkdir(path, c.sh.world.now());
      } catch (Files.Failure e) {
        c.error(c.flavor().cantMkdir(dir, e.reason()));
        status = 1;
      }
    }
    return status;
  }

  private static void makeParents(Cmd c, String path) {
    String parent = Files.parent(path);
    if (!parent.equals("/") && c.files().stat(parent) == null) {
      makeParents(c, parent);
      c.files().mkdir(parent, c.sh.world.now());
    }
  }
}
