package io.kubesim.kubelet.shell;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copy-on-write files over a read-only {@code lower}: what is written lives here, what is removed
 * is hidden (a whiteout, which for a directory hides everything the lower has under it). Safe for
 * the exec sessions of one container writing at once.
 */
public final class Overlay implements Files {
  private final Files lower;
  private final Map<String, Node> upper = new ConcurrentHashMap<>();
  private final Set<String> whiteouts = ConcurrentHashMap.newKeySet();

  public Overlay(Files lower) {
    this.lower = lower;
  }

  @Override
  public Node stat(String path) {
    Node own = upper.get(path);
    if (own != null) {
      return own;
    }
    return hidden(path) ? null : lower.stat(path);
  }

  /** Whether the lower's {@code path} is removed: it, or a directory it is in, was. */
  private boolean hidden(String path) {
    if (whiteouts.isEmpty()) {
      return false;
    }
    for (String p = path; ; p = Files.parent(p)) {
      if (whiteouts.contains(p)) {
        return true;
      }
      if (p.equals("/")) {
        return false;
      }
    }
  }

  @Override
  public SortedSet<String> list(String dir) {
    SortedSet<String> names = new TreeSet<>();
    if (!hidden(dir)) {
      for (String name : lower.list(dir)) {
        if (!hidden(child(dir, name))) {
          names.add(name);
        }
      }
    }
    for (String path : upper.keySet()) {
      if (!path.equals("/") && Files.parent(path).equals(dir)) {
        names.add(Files.name(path));
      }
    }
    return names;
  }

  private static String child(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }

  @Override
  public void write(String path, String content, Instant at) {
    Node before = stat(path);
    int mode = before instanceof File f ? f.mode() : 0644;
    upper.put(path, new File(content, mode, at));
  }

  @Override
  public void mkdir(String path, Instant at) {
    upper.put(path, new Dir(0755, at));
  }

  @Override
  public void remove(String path) {
    upper.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + "/"));
    if (lower.stat(path) != null) {
      whiteouts.add(path);
    }
  }
}
