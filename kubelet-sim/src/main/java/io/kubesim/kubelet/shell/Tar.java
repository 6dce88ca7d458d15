package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.shell.Commands.Cmd;
import io.kubesim.kubelet.shell.Files.Dir;
import io.kubesim.kubelet.shell.Files.File;
import io.kubesim.kubelet.shell.Files.Node;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code tar} with c, x and t over real ustar archives, which is what {@code kubectl cp} runs
 * through exec: {@code tar cf - /path} to copy out of a container, {@code tar -xmf - -C /dir} to
 * copy in. The archive is standard output or input ({@code f -}) or a file in the container. Member
 * names lose their leading {@code /}, with the warning GNU and busybox tar print.
 */
final class Tar {
  private Tar() {}

  /** The command line: the mode letter, the archive, the directory, the operands. */
  record Options(char mode, String archive, String directory, List<String> operands) {
    static Options parse(List<String> args) {
      char mode = 0;
      String archive = null;
      String directory = null;
      List<String> operands = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.startsWith("--")) {
          if (a.startsWith("--file=")) {
            archive = a.substring("--file=".length());
          } else if (a.startsWith("--directory=")) {
            directory = a.substring("--directory=".length());
          }
          continue; // --no-same-owner, --no-same-permissions: nothing to do here
        }
        boolean bundle = a.startsWith("-") && a.length() > 1;
        if (!bundle && !(i == 0 && !a.isEmpty())) {
          operands.add(a);
          continue;
        }
        for (char ch : (bundle ? a.substring(1) : a).toCharArray()) {
          switch (ch) {
            case 'c', 'x', 't' -> mode = ch;
            case 'f' -> archive = i + 1 < args.size() ? args.get(++i) : null;
            case 'C' -> directory = i + 1 < args.size() ? args.get(++i) : null;
            default -> {} // v, m, o, p: verbosity and times, owners, modes as the simulation keeps
              // them
          }
        }
      }
      return new Options(mode, archive, directory, operands);
    }
  }

  static int run(Cmd c) {
    Options o = Options.parse(c.args);
    boolean busybox = c.flavor() == Flavor.BUSYBOX;
    String dir = o.directory() == null ? c.sh.cwd : c.path(o.directory());
    if (!c.files().isDir(dir)) {
      c.error(
          busybox
              ? "tar: can't change directory to '" + o.directory() + "': No such file or directory"
              : "tar: " + o.directory() + ": Cannot open: No such file or directory");
      return busybox ? 1 : 2;
    }
    return switch (o.mode()) {
      case 'c' -> create(c, o, dir, busybox);
      case 'x', 't' -> extract(c, o, dir, busybox, o.mode() == 't');
      default -> {
        c.error(
            busybox
                ? "tar: need at least one of -c, -x or -t"
                : "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label'"
                    + " options");
        yield busybox ? 1 : 2;
      }
    };
  }

  // --- c ----------------------------------------------------------------------------------------

  private static int create(Cmd c, Options o, String dir, boolean busybox) {
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    boolean failed = false;
    boolean warned = false;
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(archive)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (String operand : o.operands()) {
        String path = Files.resolve(dir, operand);
        if (c.files().stat(path) == null) {
          c.error(
              busybox
                  ? "tar: " + operand + ": No such file or directory"
                  : "tar: " + operand + ": Cannot stat: No such file or directory");
          failed = true;
          continue;
        }
        String name = operand;
        if (name.startsWith("/")) {
          if (!warned) {
            c.error(
                busybox
                    ? "tar: removing leading '/' from member names"
                    : "tar: Removing leading `/' from member names");
            warned = true;
          }
          name = name.replaceFirst("^/+", "");
        }
        add(c, tar, path, name.isEmpty() ? "." : name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(c, o.archive(), archive.toByteArray());
    if (failed) {
      c.error(
          busybox
              ? "tar: error exit delayed from previous errors"
              : "tar: Exiting with failure status due to previous errors");
      return busybox ? 1 : 2;
    }
    return 0;
  }

  private static void add(Cmd c, TarArchiveOutputStream tar, String path, String name)
      throws IOException {
    Node node = c.files().stat(path);
    if (node instanceof Dir) {
      TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
      stamp(entry, node);
      tar.putArchiveEntry(entry);
      tar.closeArchiveEntry();
      for (String child : c.files().list(path)) {
        String base = name.endsWith("/") ? name : name + "/";
        add(c, tar, Files.resolve(path, child), base + child);
      }
    } else if (node instanceof File) {
      byte[] data = c.files().bytes(path);
      TarArchiveEntry entry = new TarArchiveEntry(name);
      stamp(entry, node);
      entry.setSize(data.length);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    }
  }

  private static void stamp(TarArchiveEntry entry, Node node) {
    entry.setMode(
        (node instanceof Dir ? TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 : 0100000)
            | (node.mode() & 07777));
    entry.setModTime(Date.from(node.modified()));
    entry.setUserName("root");
    entry.setGroupName("root");
  }

  private static void write(Cmd c, String archive, byte[] data) {
    if (archive == null || archive.equals("-")) {
      c.io.out().bytes(data);
    } else {
      c.files().writeBytes(c.path(archive), data, c.sh.world.now());
    }
  }

  // --- x, t -------------------------------------------------------------------------------------

  private static int extract(Cmd c, Options o, String dir, boolean busybox, boolean listOnly) {
    byte[] data;
    if (o.archive() == null || o.archive().equals("-")) {
      data = c.io.in().readAllBytes();
    } else {
      data = c.files().bytes(c.path(o.archive()));
      if (data == null) {
        c.error(
            busybox
                ? "tar: can't open '" + o.archive() + "': No such file or directory"
                : "tar: " + o.archive() + ": Cannot open: No such file or directory");
        return busybox ? 1 : 2;
      }
    }
    if (data.length == 0) {
      if (!busybox) {
        c.error("tar: This does not look like a tar archive");
        c.error("tar: Exiting with failure status due to previous errors");
      }
      return busybox ? 0 : 2;
    }
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(data))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (listOnly) {
          c.println(entry.getName());
          continue;
        }
        String name = entry.getName().replaceFirst("^/+", "");
        String target = Files.resolve(dir, name);
        try {
          if (entry.isDirectory()) {
            mkdirs(c, target);
          } else if (entry.isFile()) {
            mkdirs(c, Files.parent(target));
            c.files().writeBytes(target, tar.readAllBytes(), c.sh.world.now());
          }
        } catch (Files.Failure e) {
          c.error(
              busybox
                  ? "tar: can't open '" + name + "': " + e.reason()
                  : "tar: " + name + ": Cannot open: " + e.reason());
          return busybox ? 1 : 2;
        }
      }
    } catch (IOException e) {
      c.error(
          busybox
              ? "tar: short read"
              : "tar: This does not look like a tar archive\n"
                  + "tar: Exiting with failure status due to previous errors");
      return busybox ? 1 : 2;
    }
    return 0;
  }

  private static void mkdirs(Cmd c, String dir) {
    if (dir.equals("/") || c.files().isDir(dir)) {
      return;
    }
    mkdirs(c, Files.parent(dir));
    c.files().mkdir(dir, c.sh.world.now());
  }
}
