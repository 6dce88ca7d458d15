package io.kubesim.controllermanager.localpath;

import static io.kubesim.core.storage.VolumeMatching.annotation;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeNodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import io.kubesim.core.storage.StorageKeys;
import io.kubesim.core.storage.VolumeMatching;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What kind's local-path-provisioner (through sig-storage-lib-external-provisioner) and an external
 * resizer decide, pure:
 *
 * <ul>
 *   <li>provision: a claim the PV controller handed to {@link #NAME} (its storage-provisioner
 *       annotation), of a class of this provisioner, once it has a selected node when the class
 *       waits for the first consumer, gets a volume {@code pvc-<claim uid>} of the requested size,
 *       pre-bound to it, a hostPath directory under {@link #BASE}; with a selected node the volume
 *       has node affinity to that node (its data stays there), without one (Immediate classes) it
 *       has none: kubesim treats it as network storage any node can mount;
 *   <li>delete: a Released volume of this provisioner with reclaim policy Delete is deleted;
 *   <li>resize: a bound claim asking more than its volume holds (admission let it through, so its
 *       class allows expansion) grows the volume and then the claim's status capacity.
 * </ul>
 */
public final class ProvisionerPlanner {
  /** The provisioner name kind's default StorageClass names. */
  public static final String NAME = "rancher.io/local-path";

  /** Where local-path-provisioner puts its volumes on the node. */
  public static final String BASE = "/var/local-path-provisioner";

  private ProvisionerPlanner() {}

  /**
   * @param create the volume to create, or null
   * @param resizedVolume the volume with its new capacity, or null
   * @param resizedClaim the claim with its new status capacity, or null
   * @param events events about the claim, from {@code source}
   * @param source who reports the events: the provisioner, or the resizer
   * @param expandEvents events about the claim from kube-controller-manager's volume_expand
   */
  public record Plan(
      PersistentVolume create,
      PersistentVolume resizedVolume,
      PersistentVolumeClaim resizedClaim,
      List<Event> events,
      Source source,
      List<Event> expandEvents) {
    static final Plan NONE = new Plan(null, null, null, List.of(), Source.PROVISIONER, List.of());
  }

  /** The component an event comes from. */
  public enum Source {
    PROVISIONER,
    RESIZER
  }

  public static Plan planClaim(
      PersistentVolumeClaim claim,
      Map<String, StorageClass> classes,
      Map<String, PersistentVolume> volumes) {
    String volumeName = claim.getSpec().getVolumeName();
    if (claim.getMetadata().getDeletionTimestamp() != null) {
      return Plan.NONE;
    }
    if (volumeName == null || volumeName.isEmpty()) {
      return provision(claim, classes, volumes);
    }
    PersistentVolume volume = volumes.get(volumeName);
    return volume == null ? Plan.NONE : resize(claim, volume);
  }

  private static Plan provision(
      PersistentVolumeClaim claim,
      Map<String, StorageClass> classes,
      Map<String, PersistentVolume> volumes) {
    String asked = annotation(claim, StorageKeys.STORAGE_PROVISIONER);
    if (asked == null) {
      asked = annotation(claim, StorageKeys.BETA_STORAGE_PROVISIONER);
    }
    StorageClass storageClass = classes.get(VolumeMatching.claimClass(claim));
    if (!NAME.equals(asked)
        || storageClass == null
        || !NAME.equals(storageClass.getProvisioner())) {
      return Plan.NONE;
    }
    String node = VolumeMatching.selectedNode(claim);
    boolean waits = StorageKeys.WAIT_FOR_FIRST_CONSUMER.equals(storageClass.getVolumeBindingMode());
    String name = "pvc-" + claim.getMetadata().getUid();
    if ((waits && node == null) || volumes.containsKey(name)) {
      return Plan.NONE;
    }
    String className = storageClass.getMetadata().getName();
    if (claim.getSpec().getSelector() != null) {
      return new Plan(
          null,
          null,
          null,
          List.of(
              Event.warning(
                  "ProvisioningFailed",
                  "failed to provision volume with StorageClass \""
                      + className
                      + "\": claim Selector is not supported")),
          Source.PROVISIONER,
          List.of());
    }
    String key = claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName();
    return new Plan(
        volume(name, claim, storageClass, node),
        null,
        null,
        List.of(
            Event.normal(
                "Provisioning",
                "External provisioner is provisioning volume for claim \"" + key + "\""),
            Event.normal("ProvisioningSucceeded", "Successfully provisioned volume " + name)),
        Source.PROVISIONER,
        List.of());
  }

  /** The volume local-path-provisioner writes for the claim. */
  static PersistentVolume volume(
      String name, PersistentVolumeClaim claim, StorageClass storageClass, String node) {
    Quantity size = claim.getSpec().getResources().getRequests().get("storage");
    String dir =
        BASE
            + "/"
            + name
            + "_"
            + claim.getMetadata().getNamespace()
            + "_"
            + claim.getMetadata().getName();
    PersistentVolumeBuilder builder =
        new PersistentVolumeBuilder()
            .withNewMetadata()
            .withName(name)
            .addToAnnotations(StorageKeys.PROVISIONED_BY, NAME)
            .endMetadata()
            .withNewSpec()
            .withAccessModes(new ArrayList<>(claim.getSpec().getAccessModes()))
            .withCapacity(Map.of("storage", new Quantity(size.toString())))
            .withClaimRef(VolumeMatching.claimRef(claim))
            .withNewHostPath()
            .withPath(dir)
            .withType("DirectoryOrCreate")
            .endHostPath()
            .withPersistentVolumeReclaimPolicy(
                storageClass.getReclaimPolicy() == null
                    ? "Delete"
                    : storageClass.getReclaimPolicy())
            .withStorageClassName(storageClass.getMetadata().getName())
            .withVolumeMode(claim.getSpec().getVolumeMode())
            .withMountOptions(storageClass.getMountOptions())
            .endSpec();
    if (node != null) {
      builder
          .editSpec()
          .withNodeAffinity(
              new VolumeNodeAffinityBuilder()
                  .withNewRequired()
                  .withNodeSelectorTerms(
                      new NodeSelectorTermBuilder()
                          .withMatchExpressions(
                              new NodeSelectorRequirementBuilder()
                                  .withKey("kubernetes.io/hostname")
                                  .withOperator("In")
                                  .withValues(node)
                                  .build())
                          .build())
                  .endRequired()
                  .build())
          .endSpec();
    }
    return builder.build();
  }

  /**
   * A bound claim asking more than its volume holds: the volume grows to the request, then the
   * claim's status capacity follows (no file system step: a directory has no size to grow). Worked
   * example: 1Gi bound, request raised to 2Gi: the volume's capacity and the claim's status say
   * 2Gi.
   */
  private static Plan resize(PersistentVolumeClaim claim, PersistentVolume volume) {
    if (!NAME.equals(annotation(volume, StorageKeys.PROVISIONED_BY))
        || !"Bound".equals(claim.getStatus() == null ? null : claim.getStatus().getPhase())) {
      return Plan.NONE;
    }
    io.kubesim.core.quantity.Quantity requested = VolumeMatching.requested(claim);
    io.kubesim.core.quantity.Quantity capacity = VolumeMatching.capacity(volume);
    Quantity request = claim.getSpec().getResources().getRequests().get("storage");
    PersistentVolume grown = null;
    List<Event> events = new ArrayList<>();
    List<Event> expand = new ArrayList<>();
    if (requested.compareTo(capacity) > 0) {
      grown = Kube.copy(volume, PersistentVolume.class);
      grown
          .getSpec()
          .setCapacity(new HashMap<>(Map.of("storage", new Quantity(request.toString()))));
      expand.add(
          Event.warning(
              "ExternalExpanding",
              "Ignoring the PVC: didn't find a plugin capable of expanding the volume; waiting for"
                  + " an external controller to process this PVC."));
      events.add(
          Event.normal(
              "Resizing", "External resizer is resizing volume " + volume.getMetadata().getName()));
      capacity = requested;
    }
    Quantity shown =
        claim.getStatus().getCapacity() == null
            ? null
            : claim.getStatus().getCapacity().get("storage");
    PersistentVolumeClaim claimStatus = null;
    if (shown == null
        || io.kubesim.core.quantity.Quantity.parse(shown.toString()).compareTo(capacity) < 0) {
      claimStatus = Kube.copy(claim, PersistentVolumeClaim.class);
      PersistentVolumeClaimStatus status = claimStatus.getStatus();
      Quantity target = grown != null ? request : volume.getSpec().getCapacity().get("storage");
      status.setCapacity(new HashMap<>(Map.of("storage", new Quantity(target.toString()))));
      events.add(Event.normal("VolumeResizeSuccessful", "Resize volume succeeded"));
    }
    if (grown == null && claimStatus == null) {
      return Plan.NONE;
    }
    return new Plan(null, grown, claimStatus, events, Source.RESIZER, expand);
  }

  /** The provisioner's part of a volume: delete it once Released under reclaim policy Delete. */
  public static boolean shouldDelete(PersistentVolume volume) {
    return NAME.equals(annotation(volume, StorageKeys.PROVISIONED_BY))
        && volume.getMetadata().getDeletionTimestamp() == null
        && "Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())
        && volume.getStatus() != null
        && "Released".equals(volume.getStatus().getPhase());
  }
}
