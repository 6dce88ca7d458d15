package io.kubesim.kubelet.volume;

import io.kubesim.kubelet.shell.Files;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files in memory with a size limit, as a tmpfs: an emptyDir of {@code medium: Memory}. What is
 * written counts against the container's memory ({@link #used}); past the limit a write keeps what
 * fits and fails with ENOSPC, as the kernel does.
 */
public final class MemoryFiles implements Files {
  private final Map<String, Node> nodes = new ConcurrentHashMap<>();
  private final long limit;
  private long used;

  /**
   * @param limit the most bytes the files may hold
   */
  public MemoryFiles(long limit, Instant created) {
    this.limit = limit;
    nodes.put("/", new Dir(01777, created));
  }

  /** The bytes the files hold. */
  public synchronized long used() {
    return used;
  }

  @Override
  public Node stat(String path) {
    return nodes.get(path);
  }

  @Override
  public SortedSet<String> list(String dir) {
    SortedSet<String> names = new TreeSet<>();
    for (String path : nodes.keySet()) {
      if (!path.equals("/") && Files.parent(path).equals(dir)) {
        names.add(Files.name(path));
      }
    }
    return names;
  }

  @Override
  public synchronized void write(String path, String content, Instant at) {
    Node before = nodes.get(path);
    long old = before instanceof File f ? size(f.content()) : 0;
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    byte[] kept = Quota.fit(data, limit - (used - old));
    int mode = before instanceof File f ? f.mode() : 0644;
    nodes.put(path, new File(new String(kept, StandardCharsets.UTF_8), mode, at));
    used += kept.length - old;
    if (kept.length < data.length) {
      throw new Failure(Failure.NO_SPACE);
    }
  }

  @Override
  public void mkdir(String path, Instant at) {
    nodes.put(path, new Dir(0755, at));
  }

  @Override
  public synchronized void remove(String path) {
    String under = path.equals("/") ? "/" : path + "/";
    nodes
        .entrySet()
        .removeIf(
            e -> {
              boolean gone = e.getKey().equals(path) || e.getKey().startsWith(under);
              if (gone && e.getValue() instanceof File f) {
                used -= size(f.content());
              }
              return gone && !e.getKey().equals("/");
            });
  }

  private static long size(String content) {
    return content.getBytes(StandardCharsets.UTF_8).length;
  }
}
