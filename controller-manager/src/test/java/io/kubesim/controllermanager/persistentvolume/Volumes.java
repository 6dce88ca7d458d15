package io.kubesim.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.kubesim.core.storage.VolumeMatching;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Small builders for the storage planner tests: namespace "default", uid "uid-<name>". */
public final class Volumes {
  private Volumes() {}

  /** An Available hostPath volume (/mnt/data), ReadWriteOnce unless modes are given. */
  @SafeVarargs
  public static PersistentVolume pv(
      String name,
      String size,
      String storageClass,
      UnaryOperator<PersistentVolumeBuilder>... edits) {
    PersistentVolumeBuilder b =
        new PersistentVolumeBuilder()
            .withNewMetadata()
            .withName(name)
            .withUid("uid-" + name)
            .withResourceVersion("1")
            .endMetadata()
            .withNewSpec()
            .withCapacity(Map.of("storage", new Quantity(size)))
            .withAccessModes("ReadWriteOnce")
            .withStorageClassName(storageClass)
            .withPersistentVolumeReclaimPolicy("Retain")
            .withVolumeMode("Filesystem")
            .withNewHostPath()
            .withPath("/mnt/data")
            .endHostPath()
            .endSpec()
            .withNewStatus()
            .withPhase("Available")
            .endStatus();
    for (UnaryOperator<PersistentVolumeBuilder> e : edits) {
      b = e.apply(b);
    }
    return b.build();
  }

  /** A Pending ReadWriteOnce claim in "default". */
  @SafeVarargs
  public static PersistentVolumeClaim pvc(
      String name,
      String size,
      String storageClass,
      UnaryOperator<PersistentVolumeClaimBuilder>... edits) {
    PersistentVolumeClaimBuilder b =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .withUid("uid-" + name)
            .withResourceVersion("1")
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withStorageClassName(storageClass)
            .withVolumeMode("Filesystem")
            .withNewResources()
            .withRequests(Map.of("storage", new Quantity(size)))
            .endResources()
            .endSpec()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus();
    for (UnaryOperator<PersistentVolumeClaimBuilder> e : edits) {
      b = e.apply(b);
    }
    return b.build();
  }

  /** A volume bound to the claim: claimRef with the claim's uid, Bound. */
  public static UnaryOperator<PersistentVolumeBuilder> boundTo(PersistentVolumeClaim claim) {
    return b ->
        b.editSpec()
            .withClaimRef(VolumeMatching.claimRef(claim))
            .endSpec()
            .editStatus()
            .withPhase("Bound")
            .endStatus();
  }

  /** A claim the controller finished binding to the volume. */
  public static UnaryOperator<PersistentVolumeClaimBuilder> bound(String volume, String size) {
    return b ->
        b.editMetadata()
            .addToAnnotations("pv.kubernetes.io/bind-completed", "yes")
            .addToAnnotations("pv.kubernetes.io/bound-by-controller", "yes")
            .endMetadata()
            .editSpec()
            .withVolumeName(volume)
            .endSpec()
            .editStatus()
            .withPhase("Bound")
            .withAccessModes("ReadWriteOnce")
            .withCapacity(Map.of("storage", new Quantity(size)))
            .endStatus();
  }

  public static StorageClass storageClass(String name, String provisioner, String bindingMode) {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withProvisioner(provisioner)
        .withReclaimPolicy("Delete")
        .withVolumeBindingMode(bindingMode)
        .build();
  }

  /** A pod in "default" mounting the claims, scheduled to {@code node} (null: pending). */
  public static Pod pod(String name, String node, String... claims) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .endSpec();
    for (String claim : claims) {
      b =
          b.editSpec()
              .addNewVolume()
              .withName(claim)
              .withNewPersistentVolumeClaim()
              .withClaimName(claim)
              .endPersistentVolumeClaim()
              .endVolume()
              .endSpec();
    }
    return b.build();
  }
}
