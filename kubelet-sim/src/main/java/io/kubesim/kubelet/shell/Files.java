package io.kubesim.kubelet.shell;

import java.nio.charset.StandardCharsets;
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

  /** A change the file system refuses, with the errno's text as the C library prints it. */
  final class Failure extends RuntimeException {
    public static final String READ_ONLY = "Read-only file system";
    public static final String NO_SPACE = "No space left on device";
    public static final String BUSY = "Resource busy";

    public Failure(String reason) {
      super(reason, null, false, false);
    }

    public String reason() {
      return getMessage();
    }
  }

  /** What is at {@code path}, or null. */
  Node stat(String path);

  /** The names in directory {@code dir}, sorted (empty when it is not a directory). */
  SortedSet<String> list(String dir);

  void write(String path, String content, Instant at);

  void mkdir(String path, Instant at);

  /** Removes a file, or a directory with everything under it. */
  void remove(String path);

  /** Why a write at {@code path} would be refused when opened (a read-only mount), or null. */
  default String refuses(String path) {
    return null;
  }

  /** The file's bytes, or null; files are text here, so UTF-8 unless the store keeps bytes. */
  default byte[] bytes(String path) {
    String text = read(path);
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes bytes as they are where the store can (a volume on disk), else as UTF-8 text. */
  default void writeBytes(String path, byte[] data, Instant at) {
    write(path, new String(data, StandardCharsets.UTF_8), at);
  }

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
