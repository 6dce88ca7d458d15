package io.kubesim.kubelet.volume;

import io.kubesim.core.process.Settings;
import io.kubesim.core.quantity.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where the nodes keep their volumes' data and how, read from the environment by {@link #fromEnv}:
 *
 * <ul>
 *   <li>{@code KUBESIM_KUBELET_DATA_DIR}: the directory of every node's data ({@code
 *       nodes/<node>/rootfs} is what hostPath volumes see, {@code nodes/<node>/pods/<uid>} holds
 *       the emptyDirs) and of the PersistentVolumes' data ({@code volumes/<pv>}), shared by every
 *       node that mounts them. Default: a new temporary directory per process, gone with it; the
 *       launcher uses {@code .kubesim/data/kubelet}, compose the volume {@code kubelet-data};
 *   <li>{@code KUBESIM_KUBELET_SYNC_PERIOD} (default 60s, the kubelet's syncFrequency): how often
 *       the files of configMap, secret, downwardAPI and projected volumes are brought up to date;
 *   <li>{@code KUBESIM_VOLUME_DEFAULT_LIMIT} (default 1Gi): the size of a hostPath volume and of an
 *       emptyDir without sizeLimit; a PersistentVolume holds its capacity.
 * </ul>
 */
public record VolumeConfig(Path dataDir, Duration syncPeriod, long defaultLimit) {

  public static final Duration DEFAULT_SYNC_PERIOD = Duration.ofMinutes(1);
  public static final long DEFAULT_LIMIT = 1L << 30;

  private static Path processTemp;

  public static VolumeConfig fromEnv(Map<String, String> env) {
    String dir = env.get("KUBESIM_KUBELET_DATA_DIR");
    String limit = env.get("KUBESIM_VOLUME_DEFAULT_LIMIT");
    return new VolumeConfig(
        dir == null || dir.isBlank() ? processTemp() : Path.of(dir).toAbsolutePath(),
        Settings.duration(env, "KUBESIM_KUBELET_SYNC_PERIOD", DEFAULT_SYNC_PERIOD),
        limit == null ? DEFAULT_LIMIT : Quantity.parse(limit).value().longValue());
  }

  /** One temporary directory for every kubelet of this JVM, so that their nodes share PV data. */
  private static synchronized Path processTemp() {
    if (processTemp == null) {
      try {
        processTemp = java.nio.file.Files.createTempDirectory("kubesim-kubelet");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return processTemp;
  }

  public VolumeConfig withSyncPeriod(Duration period) {
    return new VolumeConfig(dataDir, period, defaultLimit);
  }

  /** What hostPath volumes of {@code node} see as the node's root. */
  Path rootfs(String node) {
    return dataDir.resolve("nodes").resolve(node).resolve("rootfs");
  }

  /** Where the emptyDirs of pod {@code uid} live on {@code node}. */
  public Path podDir(String node, String uid) {
    return dataDir.resolve("nodes").resolve(node).resolve("pods").resolve(uid);
  }

  /** Where a PersistentVolume's data lives, whichever node mounts it. */
  Path persistentVolume(String pv) {
    return dataDir.resolve("volumes").resolve(pv);
  }
}
