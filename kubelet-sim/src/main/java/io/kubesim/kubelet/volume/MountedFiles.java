package io.kubesim.kubelet.volume;

import io.kubesim.kubelet.shell.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A container's files with its volumes mounted: a path at or under a mount point is the volume's
 * (the deepest mount wins, as in a mount table), any other is the container's own. Mount points the
 * image lacks appear as directories, as the runtime creates them. A write under a read-only mount
 * fails with EROFS; removing a mount point empties it and fails with EBUSY.
 */
public final class MountedFiles implements Files {
  private final Files root;
  private final List<Mount> mounts;

  public MountedFiles(Files root, List<Mount> mounts) {
    this.root = root;
    List<Mount> sorted = new ArrayList<>(mounts);
    sorted.sort(Comparator.comparingInt((Mount m) -> m.path().length()).reversed());
    this.mounts = List.copyOf(sorted);
  }

  private Mount mountOf(String path) {
    for (Mount m : mounts) {
      if (m.covers(path)) {
        return m;
      }
    }
    return null;
  }

  @Override
  public Node stat(String path) {
    Mount m = mountOf(path);
    if (m != null) {
      Node node = m.files().stat(m.inVolume(path));
      if (node == null && path.equals(m.path())) {
        return new Dir(0755, Instant.EPOCH); // a subPath not made yet
      }
      return node;
    }
    Node own = root.stat(path);
    if (own == null && leadsToMount(path)) {
      return new Dir(0755, Instant.EPOCH);
    }
    return own;
  }

  private boolean leadsToMount(String dir) {
    String prefix = dir.equals("/") ? "/" : dir + "/";
    return mounts.stream().anyMatch(m -> m.path().startsWith(prefix));
  }

  @Override
  public SortedSet<String> list(String dir) {
    Mount m = mountOf(dir);
    SortedSet<String> names =
        new TreeSet<>(m != null ? m.files().list(m.inVolume(dir)) : root.list(dir));
    String prefix = dir.equals("/") ? "/" : dir + "/";
    for (Mount other : mounts) {
      if (other.path().startsWith(prefix) && other.path().length() > prefix.length()) {
        names.add(other.path().substring(prefix.length()).split("/")[0]);
      }
    }
    return names;
  }

  @Override
  public String refuses(String path) {
    Mount m = mountOf(path);
    return m != null && m.readOnly() ? Failure.READ_ONLY : root.refuses(path);
  }

  private Mount writable(String path) {
    Mount m = mountOf(path);
    if (m != null && m.readOnly()) {
      throw new Failure(Failure.READ_ONLY);
    }
    return m;
  }

  @Override
  public void write(String path, String content, Instant at) {
    Mount m = writable(path);
    if (m == null) {
      root.write(path, content, at);
    } else {
      m.files().write(m.inVolume(path), content, at);
    }
  }

  @Override
  public byte[] bytes(String path) {
    Mount m = mountOf(path);
    return m == null ? root.bytes(path) : m.files().bytes(m.inVolume(path));
  }

  @Override
  public void writeBytes(String path, byte[] data, Instant at) {
    Mount m = writable(path);
    if (m == null) {
      root.writeBytes(path, data, at);
    } else {
      m.files().writeBytes(m.inVolume(path), data, at);
    }
  }

  @Override
  public void mkdir(String path, Instant at) {
    Mount m = writable(path);
    if (m == null) {
      root.mkdir(path, at);
    } else {
      m.files().mkdir(m.inVolume(path), at);
    }
  }

  @Override
  public void remove(String path) {
    Mount m = writable(path);
    if (m == null) {
      if (leadsToMount(path)) {
        throw new Failure(Failure.BUSY);
      }
      root.remove(path);
      return;
    }
    if (!path.equals(m.path())) {
      m.files().remove(m.inVolume(path));
      return;
    }
    String inside = m.inVolume(path);
    for (String name : m.files().list(inside)) {
      m.files().remove(inside.equals("/") ? "/" + name : inside + "/" + name);
    }
    throw new Failure(Failure.BUSY);
  }
}
