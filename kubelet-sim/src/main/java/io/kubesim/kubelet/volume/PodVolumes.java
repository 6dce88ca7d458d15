package io.kubesim.kubelet.volume;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kubesim.kubelet.shell.Files;
import io.kubesim.kubelet.shell.Layer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The volumes of one pod on its node, set up before its containers start ({@link VolumeSetup}) and
 * kept while the pod lives: container restarts find them as they left them. {@link #mounts} gives a
 * container's view of them; {@link #delete} removes what belongs to the pod alone (its emptyDirs).
 * A pod without volumes has {@link #NONE}, which costs nothing.
 */
public final class PodVolumes {
  public static final PodVolumes NONE = new PodVolumes(Map.of(), null);

  /**
   * One volume: its files from {@code base} on; {@code projected} files are the API's (a subPath of
   * them is a copy taken at the mount); {@code memory} is set for an emptyDir in memory.
   */
  record Volume(
      String name,
      Files files,
      String base,
      boolean readOnly,
      boolean projected,
      MemoryFiles memory) {}

  private final Map<String, Volume> volumes;
  private final Path podDir;

  PodVolumes(Map<String, Volume> volumes, Path podDir) {
    this.volumes = Map.copyOf(volumes);
    this.podDir = podDir;
  }

  public boolean isEmpty() {
    return volumes.isEmpty();
  }

  /**
   * Whether a container of the pod mounts a subPath of a projected volume (a copy at its start).
   */
  public boolean copiesAtStart(Container c) {
    for (VolumeMount vm : mountsOf(c)) {
      Volume v = volumes.get(vm.getName());
      if (v != null && v.projected() && !blank(vm.getSubPath())) {
        return true;
      }
    }
    return false;
  }

  /** The container's mounts, as its volumeMounts say. */
  public List<Mount> mounts(Container c, Instant at) {
    List<Mount> out = new ArrayList<>();
    for (VolumeMount vm : mountsOf(c)) {
      Volume v = volumes.get(vm.getName());
      if (v == null) {
        continue;
      }
      String path = Files.resolve("/", vm.getMountPath());
      boolean readOnly = v.readOnly() || Boolean.TRUE.equals(vm.getReadOnly());
      String sub = vm.getSubPath();
      if (blank(sub)) {
        out.add(new Mount(path, v.files(), v.base(), readOnly));
        continue;
      }
      String inner = Files.resolve(v.base(), sub);
      if (v.projected()) {
        out.add(new Mount(path, copy(v.files(), inner, at), "/", true));
        continue;
      }
      if (v.files().stat(inner) == null) {
        makeDirs(v.files(), inner, at); // the kubelet makes a missing subPath a directory
      }
      out.add(new Mount(path, v.files(), inner, readOnly));
    }
    return out;
  }

  private static List<VolumeMount> mountsOf(Container c) {
    return c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts();
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }

  private static void makeDirs(Files files, String dir, Instant at) {
    if (dir.equals("/") || files.isDir(dir)) {
      return;
    }
    makeDirs(files, Files.parent(dir), at);
    try {
      files.mkdir(dir, at);
    } catch (Files.Failure e) {
      // read-only or full: the mount shows an empty directory
    }
  }

  /** What is at {@code path} now, as a layer whose root is it: a subPath never updates. */
  private static Files copy(Files files, String path, Instant at) {
    Map<String, Files.Node> nodes = new LinkedHashMap<>();
    Files.Node top = files.stat(path);
    if (top instanceof Files.File) {
      return new ReadOnly(Layer.of(Map.of("/", top), at));
    }
    collect(files, path, "", nodes);
    return new ReadOnly(Layer.of(nodes, at));
  }

  private static void collect(Files files, String path, String rel, Map<String, Files.Node> out) {
    for (String name : files.list(path)) {
      String child = Files.resolve(path, name);
      Files.Node node = files.stat(child);
      out.put(rel + "/" + name, node);
      if (node instanceof Files.Dir) {
        collect(files, child, rel + "/" + name, out);
      }
    }
  }

  /**
   * The bytes {@code container} keeps in memory-backed emptyDirs: each such volume counts for the
   * first container that mounts it, as tmpfs pages are charged to the cgroup that wrote them.
   */
  public long memoryUse(Pod pod, String container) {
    long bytes = 0;
    for (Volume v : volumes.values()) {
      if (v.memory() != null && container.equals(firstMounter(pod, v.name()))) {
        bytes += v.memory().used();
      }
    }
    return bytes;
  }

  private static String firstMounter(Pod pod, String volume) {
    for (Container c : pod.getSpec().getContainers()) {
      for (VolumeMount vm : mountsOf(c)) {
        if (vm.getName().equals(volume)) {
          return c.getName();
        }
      }
    }
    return null;
  }

  /** The pod is gone: its emptyDirs go with it (hostPath and PersistentVolume data stay). */
  public void delete() {
    deleteTree(podDir);
  }

  public static void deleteTree(Path dir) {
    if (dir == null || !java.nio.file.Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = java.nio.file.Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy taken at a mount: never written. */
  private record ReadOnly(Files current) implements ReadOnlyFiles {}
}
