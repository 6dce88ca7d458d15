package io.kubesim.kubelet.volume;

import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.quantity.Quantity;
import io.kubesim.core.storage.Attachments;
import io.kubesim.kubelet.shell.Files;
import io.kubesim.kubelet.shell.Layer;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Sets up a pod's volumes on its node before its containers start, as the kubelet's volume manager
 * does: reads the ConfigMaps, Secrets and claims they name, checks hostPath types, makes the
 * emptyDirs. Every volume that cannot be set up is one error, {@code MountVolume.SetUp failed for
 * volume "x" : <why>}, the text of the FailedMount event; the pod then waits and it is tried again.
 */
public final class VolumeSetup {
  private VolumeSetup() {}

  /** What the setup needs of the node and the process. */
  public record NodeContext(
      String node,
      VolumeConfig config,
      ApiClient api,
      VolumeSources sources,
      Clock clock,
      Quantity cpu,
      Quantity memory) {}

  /**
   * The volumes that could not be set up, one message each, and the volumes still waiting for the
   * attach/detach controller to attach them to the node (which are not errors until the wait times
   * out).
   */
  public static final class Failed extends RuntimeException {
    private final List<String> messages;
    private final List<String> unattached;

    Failed(List<String> messages, List<String> unattached) {
      super(String.join("; ", messages) + " unattached=" + unattached, null, false, false);
      this.messages = List.copyOf(messages);
      this.unattached = List.copyOf(unattached);
    }

    public List<String> messages() {
      return messages;
    }

    public List<String> unattached() {
      return unattached;
    }
  }

  /**
   * The kubelet's FailedMount text when its wait for the volumes (2 min 3 s) ends with some still
   * unattached: they are unmounted too, and the wait's context has expired.
   */
  public static String attachTimedOut(List<String> unattached) {
    String names = "[" + String.join(" ", unattached.stream().sorted().toList()) + "]";
    return "Unable to attach or mount volumes: unmounted volumes="
        + names
        + ", unattached volumes="
        + names
        + ", failed to process volumes=[]: context deadline exceeded";
  }

  public static boolean needed(Pod pod) {
    return pod.getSpec().getVolumes() != null && !pod.getSpec().getVolumes().isEmpty();
  }

  public static Future<PodVolumes> mount(Pod pod, NodeContext node) {
    if (!needed(pod)) {
      return Future.succeededFuture(PodVolumes.NONE);
    }
    String ns = pod.getMetadata().getNamespace();
    List<Future<?>> reads = new ArrayList<>();
    Map<String, Future<JsonNode>> claims = new LinkedHashMap<>();
    for (Volume v : pod.getSpec().getVolumes()) {
      for (String[] ref : references(v)) {
        reads.add(node.sources().load(ref[0].equals("secret"), ns, ref[1]));
      }
      String claim = claimName(pod, v);
      if (claim != null) {
        claims.put(v.getName(), persistentVolume(node, ns, claim));
      }
    }
    List<Future<?>> all = new ArrayList<>(reads);
    claims.values().forEach(f -> all.add(f.otherwise((JsonNode) null)));
    return Future.join(all).otherwise(f -> null).compose(x -> build(pod, node, claims));
  }

  private static Future<PodVolumes> build(
      Pod pod, NodeContext node, Map<String, Future<JsonNode>> claims) {
    Map<String, PodVolumes.Volume> volumes = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    List<String> unattached = new ArrayList<>();
    Path podDir = node.config().podDir(node.node(), pod.getMetadata().getUid());
    for (Volume v : pod.getSpec().getVolumes()) {
      try {
        volumes.put(v.getName(), volume(pod, v, node, podDir, claims.get(v.getName())));
      } catch (Unattached e) {
        unattached.add(v.getName());
      } catch (SetupError e) {
        errors.add(
            "MountVolume.SetUp failed for volume \"" + v.getName() + "\" : " + e.getMessage());
      }
    }
    if (!errors.isEmpty() || !unattached.isEmpty()) {
      return Future.failedFuture(new Failed(errors, unattached));
    }
    return Future.succeededFuture(new PodVolumes(volumes, podDir));
  }

  private static class SetupError extends RuntimeException {
    SetupError(String message) {
      super(message, null, false, false);
    }
  }

  /** An exclusive volume that the node's status does not list as attached yet. */
  private static final class Unattached extends SetupError {
    Unattached(String volume) {
      super("volume " + volume + " is not attached to the node yet");
    }
  }

  private static PodVolumes.Volume volume(
      Pod pod, Volume v, NodeContext node, Path podDir, Future<JsonNode> claim) {
    String name = v.getName();
    long limit = node.config().defaultLimit();
    if (v.getHostPath() != null) {
      return hostPath(name, v.getHostPath(), node);
    }
    if (Projection.projected(v)) {
      Projection.Sources sources = node.sources().of(pod.getMetadata().getNamespace());
      Projection.Result first = Projection.of(v, pod, sources, node.cpu(), node.memory());
      if (first.error() != null) {
        throw new SetupError(first.error());
      }
      Files files =
          new ProjectedFiles(
              () -> Projection.of(v, pod, sources, node.cpu(), node.memory()), node.clock());
      return new PodVolumes.Volume(name, files, "/", true, true, null);
    }
    if (claim != null) {
      if (claim.cause() instanceof Unattached unattached) {
        throw unattached;
      }
      if (claim.failed()) {
        throw new SetupError(claim.cause().getMessage());
      }
      JsonNode pv = claim.result();
      String pvName = pv.path("metadata").path("name").asString("");
      String capacity = pv.path("spec").path("capacity").path("storage").asString("");
      long size = capacity.isEmpty() ? limit : Quantity.parse(capacity).value().longValue();
      Path dir = node.config().persistentVolume(pvName);
      makeDirs(dir);
      boolean readOnly =
          v.getPersistentVolumeClaim() != null
              && Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly());
      return new PodVolumes.Volume(name, new DiskFiles(dir, size), "/", readOnly, false, null);
    }
    if (v.getEmptyDir() != null && "Memory".equals(v.getEmptyDir().getMedium())) {
      long size = sizeLimit(v, Math.min(limit, node.memory().value().longValue()));
      MemoryFiles memory = new MemoryFiles(size, node.clock().instant());
      return new PodVolumes.Volume(name, memory, "/", false, false, memory);
    }
    // emptyDir on the node's disk; volume types kubesim does not know are empty directories too
    Path dir = podDir.resolve(name);
    makeDirs(dir);
    return new PodVolumes.Volume(
        name, new DiskFiles(dir, sizeLimit(v, limit)), "/", false, false, null);
  }

  private static long sizeLimit(Volume v, long fallback) {
    var q = v.getEmptyDir() == null ? null : v.getEmptyDir().getSizeLimit();
    return q == null ? fallback : Quantity.parse(q.toString()).value().longValue();
  }

  /** A hostPath on the node: its type checked (and made), its data under the node's rootfs. */
  private static PodVolumes.Volume hostPath(String name, HostPathVolumeSource h, NodeContext node) {
    String path = Files.resolve("/", h.getPath());
    Path rootfs = node.config().rootfs(node.node());
    Path real = path.equals("/") ? rootfs : rootfs.resolve(path.substring(1));
    HostPath.Existing existing = existing(path, real);
    HostPath.Verdict verdict = HostPath.check(h.getType(), path, existing);
    if (verdict.error() != null) {
      throw new SetupError(verdict.error());
    }
    long limit = node.config().defaultLimit();
    switch (verdict.make()) {
      case DIRECTORY -> makeDirs(real);
      case FILE -> {
        try {
          java.nio.file.Files.createFile(real);
        } catch (IOException e) {
          throw new SetupError("open " + path + ": no such file or directory");
        }
      }
      case NOTHING -> {}
    }
    HostPath.Existing now = existing(path, real);
    if (now == HostPath.Existing.DIRECTORY) {
      return new PodVolumes.Volume(name, new DiskFiles(real, limit), "/", false, false, null);
    }
    if (now == HostPath.Existing.FILE) {
      Files parent = new DiskFiles(real.getParent(), limit);
      return new PodVolumes.Volume(name, parent, "/" + real.getFileName(), false, false, null);
    }
    // a socket or a device: an empty file stands for it
    Layer special =
        Layer.of(
            Map.of("/", new Files.File("", 0666, node.clock().instant())), node.clock().instant());
    return new PodVolumes.Volume(name, special, "/", false, false, null);
  }

  private static HostPath.Existing existing(String path, Path real) {
    HostPath.Existing special = HostPath.SPECIAL.get(path);
    if (special != null) {
      return special;
    }
    if (java.nio.file.Files.isDirectory(real)) {
      return HostPath.Existing.DIRECTORY;
    }
    return java.nio.file.Files.exists(real) ? HostPath.Existing.FILE : HostPath.Existing.NOTHING;
  }

  private static void makeDirs(Path dir) {
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SetupError("mkdir " + dir + ": " + e.getMessage());
    }
  }

  /** The ConfigMaps and Secrets a volume projects: {kind, name} pairs. */
  private static List<String[]> references(Volume v) {
    List<String[]> out = new ArrayList<>();
    if (v.getConfigMap() != null) {
      out.add(new String[] {"configmap", v.getConfigMap().getName()});
    }
    if (v.getSecret() != null) {
      out.add(new String[] {"secret", v.getSecret().getSecretName()});
    }
    if (v.getProjected() != null && v.getProjected().getSources() != null) {
      for (VolumeProjection p : v.getProjected().getSources()) {
        ConfigMapProjection c = p.getConfigMap();
        SecretProjection s = p.getSecret();
        if (c != null) {
          out.add(new String[] {"configmap", c.getName()});
        }
        if (s != null) {
          out.add(new String[] {"secret", s.getName()});
        }
      }
    }
    return out;
  }

  /** The claim behind a volume: a persistentVolumeClaim's, or a generic ephemeral volume's. */
  private static String claimName(Pod pod, Volume v) {
    if (v.getPersistentVolumeClaim() != null) {
      return v.getPersistentVolumeClaim().getClaimName();
    }
    if (v.getEphemeral() != null) {
      return pod.getMetadata().getName() + "-" + v.getName();
    }
    return null;
  }

  /**
   * The PersistentVolume bound to claim {@code ns/name}, or the kubelet's error; an exclusive one
   * only once the node lists it as attached.
   */
  private static Future<JsonNode> persistentVolume(NodeContext node, String ns, String name) {
    ApiClient api = node.api();
    return api.get(ResourcePath.core("persistentvolumeclaims").item(ns, name))
        .recover(
            e ->
                Future.failedFuture(
                    ApiClient.isNotFound(e)
                        ? new SetupError("persistentvolumeclaim \"" + name + "\" not found")
                        : e))
        .compose(
            pvc -> {
              String volume = pvc.path("spec").path("volumeName").asString("");
              String phase = pvc.path("status").path("phase").asString("Pending");
              if (volume.isEmpty() || !phase.equals("Bound")) {
                return Future.failedFuture(
                    new SetupError(
                        "PVC " + ns + "/" + name + " has non-bound phase (\"" + phase + "\")"));
              }
              return api.get(ResourcePath.core("persistentvolumes").item(null, volume))
                  .compose(pv -> attached(node, pv));
            });
  }

  private static Future<JsonNode> attached(NodeContext node, JsonNode pv) {
    if (!Attachments.exclusive(pv)) {
      return Future.succeededFuture(pv);
    }
    String unique = Attachments.uniqueName(pv);
    return node.api()
        .get(ResourcePath.NODES.item(null, node.node()))
        .compose(
            n -> {
              for (JsonNode attached : n.path("status").path("volumesAttached")) {
                if (unique.equals(attached.path("name").asString(""))) {
                  return Future.succeededFuture(pv);
                }
              }
              return Future.failedFuture(
                  new Unattached(pv.path("metadata").path("name").asString("")));
            });
  }
}
