package io.kubesim.kubelet.shell;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An immutable layer of files, as an image's: built once from {@code path -> content} (a path
 * ending in {@code /} is an empty directory; every parent of a path is a directory) and shared by
 * every container that uses it. Writes are refused: they belong to an {@link Overlay}.
 */
public final class Layer implements Files {
  /** Where programs live: their files are executable. */
  private static final java.util.List<String> BIN_DIRS =
      java.util.List.of("/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/local/bin/");

  public static final Layer EMPTY = new Layer(Map.of(), Instant.EPOCH);

  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<String, SortedSet<String>> children = new HashMap<>();

  public Layer(Map<String, String> files, Instant built) {
    nodes.put("/", new Dir(0755, built));
    files.forEach(
        (path, content) -> {
          boolean dir = path.endsWith("/") && path.length() > 1;
          String p = Files.resolve("/", path);
          addParents(p, built);
          if (dir) {
            nodes.put(p, new Dir(p.equals("/tmp") ? 01777 : 0755, built));
          } else {
            nodes.put(p, new File(content, executable(p) ? 0755 : 0644, built));
          }
        });
  }

  private Layer() {}

  /**
   * A layer of nodes as given (their modes and times kept: a configMap volume's files), every
   * parent a directory made at {@code built}.
   */
  public static Layer of(Map<String, Node> entries, Instant built) {
    Layer layer = new Layer();
    layer.nodes.put("/", new Dir(0755, built));
    entries.forEach(
        (path, node) -> {
          String p = Files.resolve("/", path);
          layer.addParents(p, built);
          layer.nodes.put(p, node);
        });
    return layer;
  }

  private void addParents(String path, Instant built) {
    String child = path;
    while (!child.equals("/")) {
      String parent = Files.parent(child);
      children.computeIfAbsent(parent, k -> new TreeSet<>()).add(Files.name(child));
      nodes.putIfAbsent(parent, new Dir(parent.equals("/tmp") ? 01777 : 0755, built));
      child = parent;
    }
  }

  private static boolean executable(String path) {
    return BIN_DIRS.stream().anyMatch(path::startsWith);
  }

  @Override
  public Node stat(String path) {
    return nodes.get(path);
  }

  @Override
  public SortedSet<String> list(String dir) {
    SortedSet<String> names = children.get(dir);
    return names == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(names);
  }

  @Override
  public void write(String path, String content, Instant at) {
    throw new UnsupportedOperationException("a layer is read-only");
  }

  @Override
  public void mkdir(String path, Instant at) {
    throw new UnsupportedOperationException("a layer is read-only");
  }

  @Override
  public void remove(String path) {
    throw new UnsupportedOperationException("a layer is read-only");
  }
}
