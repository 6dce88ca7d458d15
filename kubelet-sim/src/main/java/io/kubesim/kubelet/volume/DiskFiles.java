package io.kubesim.kubelet.volume;

import io.kubesim.kubelet.shell.Files;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A volume whose files are real files under a directory of the node's data (hostPath, a
 * PersistentVolume, an emptyDir on disk): they survive the kubelet process, stay out of the heap,
 * and are shared by every pod (and node) that mounts the same directory. The volume holds at most
 * {@code limit} bytes: a write past it keeps what fits and fails with ENOSPC. The usage is measured
 * on disk at each write, so writers in other pods and processes are counted too.
 */
public final class DiskFiles implements Files {
  private final Path root;
  private final long limit;

  public DiskFiles(Path root, long limit) {
    this.root = root;
    this.limit = limit;
  }

  public Path root() {
    return root;
  }

  private Path real(String path) {
    return path.equals("/") ? root : root.resolve(path.substring(1));
  }

  @Override
  public Node stat(String path) {
    Path p = real(path);
    try {
      PosixFileAttributes a = java.nio.file.Files.readAttributes(p, PosixFileAttributes.class);
      Instant modified = a.lastModifiedTime().toInstant();
      int mode = mode(a.permissions());
      if (a.isDirectory()) {
        return new Dir(mode, modified);
      }
      return new File(
          new String(java.nio.file.Files.readAllBytes(p), StandardCharsets.UTF_8), mode, modified);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public SortedSet<String> list(String dir) {
    SortedSet<String> names = new TreeSet<>();
    try (Stream<Path> children = java.nio.file.Files.list(real(dir))) {
      children.forEach(c -> names.add(c.getFileName().toString()));
    } catch (IOException e) {
      return names;
    }
    return names;
  }

  @Override
  public void write(String path, String content, Instant at) {
    writeBytes(path, content.getBytes(StandardCharsets.UTF_8), at);
  }

  @Override
  public byte[] bytes(String path) {
    try {
      Path p = real(path);
      return java.nio.file.Files.isRegularFile(p) ? java.nio.file.Files.readAllBytes(p) : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public synchronized void writeBytes(String path, byte[] data, Instant at) {
    Path p = real(path);
    try {
      long old = java.nio.file.Files.isRegularFile(p) ? java.nio.file.Files.size(p) : 0;
      byte[] kept = Quota.fit(data, limit - (used() - old));
      java.nio.file.Files.write(p, kept);
      java.nio.file.Files.setLastModifiedTime(p, FileTime.from(at));
      if (kept.length < data.length) {
        throw new Failure(Failure.NO_SPACE);
      }
    } catch (NoSuchFileException e) {
      throw new Failure("No such file or directory");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void mkdir(String path, Instant at) {
    try {
      java.nio.file.Files.createDirectory(real(path));
      java.nio.file.Files.setLastModifiedTime(real(path), FileTime.from(at));
    } catch (FileAlreadyExistsException e) {
      throw new Failure("File exists");
    } catch (NoSuchFileException e) {
      throw new Failure("No such file or directory");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void remove(String path) {
    Path p = real(path);
    if (!java.nio.file.Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = java.nio.file.Files.walk(p)) {
      for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!each.equals(root)) {
          java.nio.file.Files.delete(each);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes the volume's files hold now. */
  public long used() {
    if (!java.nio.file.Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> walk = java.nio.file.Files.walk(root)) {
      return walk.filter(java.nio.file.Files::isRegularFile).mapToLong(DiskFiles::size).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private static long size(Path p) {
    try {
      return java.nio.file.Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 1 << (8 - p.ordinal());
    }
    return mode;
  }
}
