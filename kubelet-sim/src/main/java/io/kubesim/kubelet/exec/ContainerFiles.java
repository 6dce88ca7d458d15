package io.kubesim.kubelet.exec;

import io.kubesim.kubelet.shell.Files;
import io.kubesim.kubelet.shell.Layer;
import io.kubesim.kubelet.shell.Overlay;
import io.kubesim.kubelet.shell.Stack;
import io.kubesim.kubelet.shell.Timeline;
import io.kubesim.kubelet.volume.Mount;
import io.kubesim.kubelet.volume.MountedFiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * The files of one run of a container, bottom to top: the image's layer (shared), what the
 * container's command wrote so far (replayed from its timeline), the kubelet's files (/etc/hosts,
 * /proc ...), and a copy-on-write layer for what exec'd commands write; the pod's volumes mounted
 * over them. A restart is a new run with new files of its own; the volumes stay.
 */
public final class ContainerFiles {
  private final int run;
  private final Files view;

  /**
   * @param podFiles the kubelet's files for the time the container has been up
   * @param mounts the pod's volumes as this container mounts them, over all of it
   */
  public ContainerFiles(
      int run,
      Layer image,
      Timeline pid1,
      Instant startedAt,
      Clock clock,
      Function<Duration, Map<String, String>> podFiles,
      List<Mount> mounts) {
    this.run = run;
    Overlay own = new Overlay(new Live(image, pid1, startedAt, clock, podFiles));
    this.view = mounts.isEmpty() ? own : new MountedFiles(own, mounts);
  }

  public int run() {
    return run;
  }

  /** The files as exec sessions and probes see them; writes stay until the container restarts. */
  public Files view() {
    return view;
  }

  /** The lower layers as of now, rebuilt when a second has passed or PID 1 wrote something. */
  private static final class Live implements Files {
    private final Layer image;
    private final Timeline pid1;
    private final Instant startedAt;
    private final Clock clock;
    private final Function<Duration, Map<String, String>> podFiles;
    private long builtAt = -1;
    private Files current;

    Live(
        Layer image,
        Timeline pid1,
        Instant startedAt,
        Clock clock,
        Function<Duration, Map<String, String>> podFiles) {
      this.image = image;
      this.pid1 = pid1;
      this.startedAt = startedAt;
      this.clock = clock;
      this.podFiles = podFiles;
    }

    private synchronized Files current() {
      Duration up = Duration.between(startedAt, clock.instant());
      long second = up.toSeconds();
      if (current == null || second != builtAt) {
        Instant now = clock.instant();
        Layer written = new Layer(pid1.filesAt(Map.of(), up), startedAt);
        Layer kubelet = new Layer(podFiles.apply(up), now);
        current = new Stack(kubelet, new Stack(written, image));
        builtAt = second;
      }
      return current;
    }

    @Override
    public Node stat(String path) {
      return current().stat(path);
    }

    @Override
    public SortedSet<String> list(String dir) {
      return current().list(dir);
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
}
