package io.kubesim.kubelet.shell;

import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

/** Read-only files: {@code top} over {@code bottom}, what is in both taken from the top. */
public record Stack(Files top, Files bottom) implements Files {
  @Override
  public Node stat(String path) {
    Node node = top.stat(path);
    return node != null ? node : bottom.stat(path);
  }

  @Override
  public SortedSet<String> list(String dir) {
    SortedSet<String> names = new TreeSet<>(bottom.list(dir));
    names.addAll(top.list(dir));
    return names;
  }

  @Override
  public void write(String path, String content, Instant at) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void mkdir(String path, Instant at) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void remove(String path) {
    throw new UnsupportedOperationException("read-only");
  }
}
