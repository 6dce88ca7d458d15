package io.kubesim.scheduler.plugins.volumebinding;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Map;

/** The scheduler's view of claims, volumes and classes (its informers; maps in tests). */
public interface VolumeListers {
  /** The claim, or null. */
  PersistentVolumeClaim claim(String namespace, String name);

  /** The volume, or null. */
  PersistentVolume volume(String name);

  List<PersistentVolume> volumes();

  /** The class, or null. */
  StorageClass storageClass(String name);

  /** Nothing at all: every claim is missing. */
  VolumeListers EMPTY = of(Map.of(), Map.of(), Map.of());

  /** Claims by namespace/name, volumes and classes by name. */
  static VolumeListers of(
      Map<String, PersistentVolumeClaim> claims,
      Map<String, PersistentVolume> volumes,
      Map<String, StorageClass> classes) {
    return new VolumeListers() {
      @Override
      public PersistentVolumeClaim claim(String namespace, String name) {
        return claims.get(namespace + "/" + name);
      }

      @Override
      public PersistentVolume volume(String name) {
        return volumes.get(name);
      }

      @Override
      public List<PersistentVolume> volumes() {
        return List.copyOf(volumes.values());
      }

      @Override
      public StorageClass storageClass(String name) {
        return classes.get(name);
      }
    };
  }
}
