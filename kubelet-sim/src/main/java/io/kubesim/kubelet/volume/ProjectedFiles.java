package io.kubesim.kubelet.volume;

import io.kubesim.kubelet.shell.Files;
import io.kubesim.kubelet.shell.Layer;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The read-only files of a configMap, secret, downwardAPI or projected volume, projected again at
 * each look from the objects as the kubelet last read them: a changed key shows up in place, dated
 * when the change was seen. When an object goes away the files stay as they were (the kubelet keeps
 * the last good projection).
 */
final class ProjectedFiles implements ReadOnlyFiles {
  private final Supplier<Projection.Result> project;
  private final Clock clock;
  private Projection.Result last;
  private Layer layer = Layer.EMPTY;

  ProjectedFiles(Supplier<Projection.Result> project, Clock clock) {
    this.project = project;
    this.clock = clock;
  }

  @Override
  public synchronized Files current() {
    Projection.Result now = project.get();
    if (now.error() == null
        && (last == null
            || !now.contents().equals(last.contents())
            || !now.modes().equals(last.modes()))) {
      last = now;
      Map<String, Node> nodes = new LinkedHashMap<>();
      Instant at = clock.instant();
      now.nodes(at).forEach((path, node) -> nodes.put("/" + path, node));
      layer = Layer.of(nodes, at);
    }
    return layer;
  }
}
