package io.kubesim.controllermanager.persistentvolume;

import static io.kubesim.core.storage.VolumeMatching.annotation;
import static io.kubesim.core.storage.VolumeMatching.hasAnnotation;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import io.kubesim.core.storage.StorageKeys;
import io.kubesim.core.storage.VolumeMatching;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The PV controller's decisions (pkg/controller/volume/persistentvolume, syncClaim and syncVolume),
 * pure: the same snapshot gives the same plan. A claim is bound to the best matching volume (see
 * {@link VolumeMatching#findBestMatch}), or waits for its first consumer, or is handed to its
 * class's provisioner, or stays Pending with FailedBinding. A volume whose claim is gone is
 * Released and reclaimed by its policy.
 */
public final class BinderPlanner {
  private BinderPlanner() {}

  static final String NO_CLASS =
      "no persistent volumes available for this claim and no storage class is set";
  static final String WAIT_FOR_FIRST_CONSUMER =
      "waiting for first consumer to be created before binding";

  /** The hostPath deleter's only allowed place (Go's unanchored regexp). */
  private static final Pattern TMP = Pattern.compile("/tmp/.+");

  /**
   * What the planner sees: volumes by name, claims by namespace/name, classes by name, the pods
   * (for WaitForPodScheduled) and the time (lastPhaseTransitionTime).
   */
  public record Snapshot(
      Map<String, PersistentVolume> volumes,
      Map<String, PersistentVolumeClaim> claims,
      Map<String, StorageClass> classes,
      List<Pod> pods,
      Instant now) {}

  // ---- claims

  public static BinderPlan syncClaim(PersistentVolumeClaim claim, Snapshot s) {
    Acc acc = new Acc(s.now(), null, claim);
    if (!hasAnnotation(claim, StorageKeys.BIND_COMPLETED)) {
      syncUnboundClaim(acc, s);
    } else {
      syncBoundClaim(acc, s);
    }
    return acc.plan();
  }

  private static void syncUnboundClaim(Acc acc, Snapshot s) {
    PersistentVolumeClaim claim = acc.claim;
    String volumeName = claim.getSpec().getVolumeName();
    if (volumeName == null || volumeName.isEmpty()) {
      boolean delay = VolumeMatching.delayBinding(claim, s.classes());
      PersistentVolume volume =
          VolumeMatching.findBestMatch(claim, List.copyOf(s.volumes().values()), delay);
      if (volume != null) {
        bind(acc, volume);
        return;
      }
      if (delay && VolumeMatching.selectedNode(claim) == null) {
        acc.claimEvents.add(waitingForConsumer(claim, s.pods()));
      } else if (!VolumeMatching.claimClass(claim).isEmpty()) {
        provision(acc, s);
        return;
      } else {
        acc.claimEvents.add(Event.normal("FailedBinding", NO_CLASS));
      }
      claimPhase(acc, "Pending", null);
      return;
    }
    PersistentVolume volume = s.volumes().get(volumeName);
    if (volume == null) {
      claimPhase(acc, "Pending", null);
    } else if (volume.getSpec().getClaimRef() == null
        || VolumeMatching.isBoundToClaim(volume, claim)) {
      bind(acc, volume);
    } else if (!hasAnnotation(claim, StorageKeys.BOUND_BY_CONTROLLER)) {
      acc.claimEvents.add(
          Event.warning(
              "FailedBinding",
              "volume \"" + volumeName + "\" already bound to a different claim."));
      claimPhase(acc, "Pending", null);
    }
  }

  /** WaitForFirstConsumer, or WaitForPodScheduled naming the unscheduled pods that use it. */
  private static Event waitingForConsumer(PersistentVolumeClaim claim, List<Pod> pods) {
    List<String> waiting = new ArrayList<>();
    for (Pod pod : pods) {
      String node = pod.getSpec().getNodeName();
      if (Objects.equals(pod.getMetadata().getNamespace(), claim.getMetadata().getNamespace())
          && (node == null || node.isEmpty())
          && ClaimUsers.uses(pod, claim.getMetadata().getName())) {
        waiting.add(pod.getMetadata().getName());
      }
    }
    if (waiting.isEmpty()) {
      return Event.normal("WaitForFirstConsumer", WAIT_FOR_FIRST_CONSUMER);
    }
    waiting.sort(null);
    String message =
        waiting.size() == 1
            ? "waiting for pod " + waiting.get(0) + " to be scheduled"
            : "waiting for pods " + String.join(",", waiting) + " to be scheduled";
    return Event.normal("WaitForPodScheduled", message);
  }

  /**
   * provisionClaim: an external provisioner is asked through the claim's storage-provisioner
   * annotations and waited for (ExternalProvisioning, repeated each sync); kubesim has no in-tree
   * provisioning plugin, so a {@code kubernetes.io/} provisioner fails.
   */
  private static void provision(Acc acc, Snapshot s) {
    PersistentVolumeClaim claim = acc.claim;
    String className = VolumeMatching.claimClass(claim);
    StorageClass storageClass = s.classes().get(className);
    if (storageClass == null) {
      acc.claimEvents.add(
          Event.warning(
              "ProvisioningFailed", "storageclass.storage.k8s.io \"" + className + "\" not found"));
      return;
    }
    String provisioner = storageClass.getProvisioner();
    if (provisioner.startsWith("kubernetes.io/")) {
      acc.claimEvents.add(
          Event.warning("ProvisioningFailed", "no volume plugin matched name: " + provisioner));
      return;
    }
    if (!provisioner.equals(annotation(claim, StorageKeys.STORAGE_PROVISIONER))
        || !provisioner.equals(annotation(claim, StorageKeys.BETA_STORAGE_PROVISIONER))) {
      acc.annotateClaim(StorageKeys.STORAGE_PROVISIONER, provisioner);
      acc.annotateClaim(StorageKeys.BETA_STORAGE_PROVISIONER, provisioner);
    }
    acc.claimEvents.add(
        Event.normal(
            "ExternalProvisioning",
            "Waiting for a volume to be created either by the external provisioner '"
                + provisioner
                + "' or manually by the system administrator. If volume creation is delayed,"
                + " please verify that the provisioner is running and correctly registered."));
  }

  private static void syncBoundClaim(Acc acc, Snapshot s) {
    PersistentVolumeClaim claim = acc.claim;
    String volumeName = claim.getSpec().getVolumeName();
    if (volumeName == null || volumeName.isEmpty()) {
      lost(acc, "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
      return;
    }
    PersistentVolume volume = s.volumes().get(volumeName);
    if (volume == null) {
      lost(acc, "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
    } else if (volume.getSpec().getClaimRef() == null
        || Objects.equals(volume.getSpec().getClaimRef().getUid(), claim.getMetadata().getUid())) {
      bind(acc, volume);
    } else {
      acc.claimEvents.add(
          Event.warning(
              "ClaimMisbound",
              "Two claims are bound to the same volume, this one is bound incorrectly"));
      claimPhase(acc, "Lost", null);
    }
  }

  private static void lost(Acc acc, String message) {
    if (!"Lost".equals(phase(acc.claim))) {
      acc.claimEvents.add(Event.warning("ClaimLost", message));
    }
    claimPhase(acc, "Lost", null);
  }

  /**
   * bind: the volume's claimRef (bound-by-controller when the controller chose it), the volume
   * Bound, the claim's volumeName (bound-by-controller when the controller set it) and
   * bind-completed, the claim Bound with the volume's access modes and capacity. Each step only
   * when needed, so binding a bound pair writes nothing.
   */
  private static void bind(Acc acc, PersistentVolume volume) {
    PersistentVolumeClaim claim = acc.claim;
    acc.volume = volume;
    boolean setByController = !VolumeMatching.isBoundToClaim(volume, claim);
    ObjectReference ref = volume.getSpec().getClaimRef();
    if (ref == null
        || !Objects.equals(ref.getName(), claim.getMetadata().getName())
        || !Objects.equals(ref.getNamespace(), claim.getMetadata().getNamespace())
        || !Objects.equals(ref.getUid(), claim.getMetadata().getUid())) {
      acc.volumeForWrite().getSpec().setClaimRef(VolumeMatching.claimRef(claim));
    }
    if (setByController && !hasAnnotation(volume, StorageKeys.BOUND_BY_CONTROLLER)) {
      acc.annotateVolume(StorageKeys.BOUND_BY_CONTROLLER, "yes");
    }
    volumePhase(acc, "Bound", null);
    if (!volume.getMetadata().getName().equals(claim.getSpec().getVolumeName())) {
      acc.claimForWrite().getSpec().setVolumeName(volume.getMetadata().getName());
      if (!hasAnnotation(claim, StorageKeys.BOUND_BY_CONTROLLER)) {
        acc.annotateClaim(StorageKeys.BOUND_BY_CONTROLLER, "yes");
      }
    }
    if (!hasAnnotation(claim, StorageKeys.BIND_COMPLETED)) {
      acc.annotateClaim(StorageKeys.BIND_COMPLETED, "yes");
    }
    claimPhase(acc, "Bound", volume);
  }

  /**
   * updateClaimStatus: the phase; the volume's access modes; its capacity only when the claim
   * becomes Bound (afterwards a difference means an expansion in progress, not to be undone).
   */
  private static void claimPhase(Acc acc, String phase, PersistentVolume volume) {
    PersistentVolumeClaim claim = acc.claim;
    PersistentVolumeClaimStatus now =
        claim.getStatus() == null ? new PersistentVolumeClaimStatus() : claim.getStatus();
    PersistentVolumeClaimStatus next = Kube.copy(now, PersistentVolumeClaimStatus.class);
    next.setPhase(phase);
    if (volume == null) {
      next.setAccessModes(null);
      next.setCapacity(null);
    } else {
      next.setAccessModes(new ArrayList<>(volume.getSpec().getAccessModes()));
      if (!phase.equals(now.getPhase())) {
        Map<String, Quantity> capacity = volume.getSpec().getCapacity();
        Quantity was = now.getCapacity() == null ? null : now.getCapacity().get("storage");
        Quantity cap = capacity == null ? null : capacity.get("storage");
        if (cap != null && (was == null || !sameQuantity(cap, was))) {
          next.setCapacity(new HashMap<>(capacity));
        }
      }
    }
    if (!Objects.equals(Kube.tree(next), Kube.tree(now))) {
      acc.claimStatus = next;
    }
  }

  private static boolean sameQuantity(Quantity a, Quantity b) {
    return io.kubesim.core.quantity.Quantity.parse(a.toString())
            .compareTo(io.kubesim.core.quantity.Quantity.parse(b.toString()))
        == 0;
  }

  // ---- volumes

  public static BinderPlan syncVolume(PersistentVolume volume, Snapshot s) {
    Acc acc = new Acc(s.now(), volume, null);
    ObjectReference ref = volume.getSpec().getClaimRef();
    if (ref == null || ref.getUid() == null || ref.getUid().isEmpty()) {
      volumePhase(acc, "Available", null);
      return acc.plan();
    }
    PersistentVolumeClaim claim = s.claims().get(ref.getNamespace() + "/" + ref.getName());
    if (claim != null && !Objects.equals(claim.getMetadata().getUid(), ref.getUid())) {
      claim = null;
    }
    String claimVolume = claim == null ? null : claim.getSpec().getVolumeName();
    if (claim == null) {
      release(acc);
    } else if (claimVolume == null || claimVolume.isEmpty()) {
      if (VolumeMatching.volumeModeMismatch(claim, volume)) {
        acc.volumeEvents.add(
            Event.warning(
                "VolumeMismatch",
                "Cannot bind PersistentVolume to requested PersistentVolumeClaim \""
                    + claim.getMetadata().getName()
                    + "\" due to incompatible volumeMode."));
        acc.otherClaimEvents.add(
            Event.warning(
                "VolumeMismatch",
                "Cannot bind PersistentVolume \""
                    + volume.getMetadata().getName()
                    + "\" to requested PersistentVolumeClaim due to incompatible volumeMode."));
        acc.otherClaim = claim;
      } else {
        acc.enqueue.add(ref.getNamespace() + "/" + ref.getName());
      }
    } else if (claimVolume.equals(volume.getMetadata().getName())) {
      volumePhase(acc, "Bound", null);
    } else if (hasAnnotation(volume, StorageKeys.PROVISIONED_BY)
        && "Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
      release(acc);
    } else if (hasAnnotation(volume, StorageKeys.BOUND_BY_CONTROLLER)) {
      unbind(acc);
    } else {
      volumePhase(acc, "Bound", null);
    }
    return acc.plan();
  }

  /** The claim is gone: Released (a Failed volume stays Failed), then the reclaim policy. */
  private static void release(Acc acc) {
    String phase = volumePhase(acc.volume);
    if (!"Released".equals(phase) && !"Failed".equals(phase)) {
      volumePhase(acc, "Released", null);
    }
    PersistentVolume volume = acc.volume;
    String policy = volume.getSpec().getPersistentVolumeReclaimPolicy();
    switch (policy == null ? "" : policy) {
      case "Retain" -> {}
      case "Recycle" -> recycle(acc);
      case "Delete" -> delete(acc);
      default ->
          failed(
              acc,
              "VolumeUnknownReclaimPolicy",
              "Volume has unrecognized PersistentVolumeReclaimPolicy");
    }
  }

  /** The deprecated Recycle: kube-controller-manager's recycler scrubs hostPath and NFS volumes. */
  private static void recycle(Acc acc) {
    PersistentVolume volume = acc.volume;
    if (volume.getSpec().getHostPath() == null && volume.getSpec().getNfs() == null) {
      failed(acc, "VolumeFailedRecycle", "No recycler plugin found for the volume!");
      return;
    }
    acc.volumeEvents.add(Event.normal("VolumeRecycled", "Volume recycled"));
    unbind(acc);
  }

  /**
   * Delete: a volume of an external provisioner is that provisioner's to delete; the in-tree
   * hostPath deleter removes only paths under /tmp/; anything else has no deleter and fails.
   */
  private static void delete(Acc acc) {
    PersistentVolume volume = acc.volume;
    String provisioner = annotation(volume, StorageKeys.PROVISIONED_BY);
    if (provisioner != null
        && !provisioner.isEmpty()
        && !provisioner.startsWith("kubernetes.io/")) {
      return;
    }
    if (volume.getSpec().getHostPath() != null) {
      String path = volume.getSpec().getHostPath().getPath();
      if (path != null && TMP.matcher(path).find()) {
        acc.delete = true;
      } else {
        failed(
            acc,
            "VolumeFailedDelete",
            "host_path deleter only supports /tmp/.+ but received provided " + path);
      }
      return;
    }
    failed(
        acc,
        "VolumeFailedDelete",
        "error getting deleter volume plugin for volume \""
            + volume.getMetadata().getName()
            + "\": no deletable volume plugin matched");
  }

  /** updateVolumePhaseWithEvent: the event only when the phase changes. */
  private static void failed(Acc acc, String reason, String message) {
    if (!"Failed".equals(volumePhase(acc.volume))) {
      acc.volumeEvents.add(Event.warning(reason, message));
      volumePhase(acc, "Failed", message);
    }
  }

  /**
   * unbindVolume: a claimRef the controller set goes; one the user set keeps its name and loses the
   * uid, so the volume stays reserved for a claim of that name. Then Available.
   */
  private static void unbind(Acc acc) {
    PersistentVolume volume = acc.volumeForWrite();
    if (hasAnnotation(volume, StorageKeys.BOUND_BY_CONTROLLER)) {
      volume.getSpec().setClaimRef(null);
      volume.getMetadata().getAnnotations().remove(StorageKeys.BOUND_BY_CONTROLLER);
    } else {
      volume.getSpec().getClaimRef().setUid("");
    }
    volumePhase(acc, "Available", null);
  }

  /** updateVolumePhase: nothing when the phase is already this one. */
  private static void volumePhase(Acc acc, String phase, String message) {
    PersistentVolume current = acc.volumeStatus != null ? acc.volumeStatus : acc.volume;
    if (phase.equals(volumePhase(current))) {
      return;
    }
    PersistentVolumeStatus status =
        current.getStatus() == null
            ? new PersistentVolumeStatus()
            : Kube.copy(current.getStatus(), PersistentVolumeStatus.class);
    status.setPhase(phase);
    status.setMessage(message);
    status.setLastPhaseTransitionTime(Kube.format(acc.now));
    PersistentVolume next = Kube.copy(acc.volume, PersistentVolume.class);
    next.setStatus(status);
    acc.volumeStatus = next;
  }

  static String volumePhase(PersistentVolume volume) {
    return volume.getStatus() == null ? "" : Objects.toString(volume.getStatus().getPhase(), "");
  }

  static String phase(PersistentVolumeClaim claim) {
    return claim.getStatus() == null ? "" : Objects.toString(claim.getStatus().getPhase(), "");
  }

  /** The writes one sync accumulates; objects are copied before their first change. */
  private static final class Acc {
    final Instant now;
    PersistentVolume volume;
    PersistentVolumeClaim claim;
    boolean volumeChanged;
    boolean claimChanged;
    PersistentVolume volumeStatus;
    PersistentVolumeClaimStatus claimStatus;
    boolean delete;
    PersistentVolumeClaim otherClaim;
    final List<Event> claimEvents = new ArrayList<>();
    final List<Event> otherClaimEvents = new ArrayList<>();
    final List<Event> volumeEvents = new ArrayList<>();
    final List<String> enqueue = new ArrayList<>();

    Acc(Instant now, PersistentVolume volume, PersistentVolumeClaim claim) {
      this.now = now;
      this.volume = volume;
      this.claim = claim;
    }

    PersistentVolume volumeForWrite() {
      if (!volumeChanged) {
        volume = Kube.copy(volume, PersistentVolume.class);
        volumeChanged = true;
      }
      return volume;
    }

    PersistentVolumeClaim claimForWrite() {
      if (!claimChanged) {
        claim = Kube.copy(claim, PersistentVolumeClaim.class);
        claimChanged = true;
      }
      return claim;
    }

    void annotateVolume(String key, String value) {
      PersistentVolume v = volumeForWrite();
      if (v.getMetadata().getAnnotations() == null) {
        v.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
      }
      v.getMetadata().getAnnotations().put(key, value);
    }

    void annotateClaim(String key, String value) {
      PersistentVolumeClaim c = claimForWrite();
      if (c.getMetadata().getAnnotations() == null) {
        c.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
      }
      c.getMetadata().getAnnotations().put(key, value);
    }

    BinderPlan plan() {
      PersistentVolumeClaim status = null;
      if (claimStatus != null) {
        status = Kube.copy(claim, PersistentVolumeClaim.class);
        status.setStatus(claimStatus);
      }
      List<Event> events = otherClaim != null ? otherClaimEvents : claimEvents;
      return new BinderPlan(
          volumeChanged ? volume : null,
          volumeStatus,
          claimChanged ? claim : null,
          status,
          delete ? volume : null,
          otherClaim != null ? otherClaim : claim,
          List.copyOf(events),
          List.copyOf(volumeEvents),
          List.copyOf(enqueue));
    }
  }
}
