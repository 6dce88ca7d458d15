package io.kubesim.kubelet.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * A simulated file system: absolute, normalized paths to files (text content) and directories. An
 * image's files are an immutable {@link Layer} shared by every container of that image; a
 * container's writes go to an {@link Overlay} on top (copy-on-write), which a restart throws away.
 */
public interface Files {

  /** A file or a directory. {@code mode} holds the permission bits (0755, 0644). */
  sealed interface Node {
    int mode();

    Instant modified();
  }

  record File(String content, int mode, Instant modified) implements Node {}

  record Dir(int mode, Instant modified) implements Node {}

  /** What is at {@code path}, or null. */
  Node stat(String path);

  /** The names in directory {@code dir}, sorted (empty when it is not a directory). */
  SortedSet<String> list(String dir);

  void write(String path, String content, Instant at);

  void mkdir(String path, Instant at);

  /** Removes a file, or a directory with everything under it. */
  void remove(String path);

  default String read(String path) {
    return stat(path) instanceof File f ? f.content() : null;
  }

  default boolean isDir(String path) {
    return stat(path) instanceof Dir;
  }

  /** {@code path} resolved against {@code cwd}, with {@code .} and {@code ..} taken out. */
  static String resolve(String cwd, String path) {
    String joined = path.startsWith("/") ? path : cwd + "/" + path;
    List<String> parts = new ArrayList<>();
    for (String part : joined.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(part);
      }
    }
    return "/" + String.join("/", parts);
  }

  /** The directory {@code path} is in ({@code /} for {@code /} itself). */
  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
