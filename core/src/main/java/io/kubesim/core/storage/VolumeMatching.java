package io.kubesim.core.storage;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kubesim.core.json.Json;
import io.kubesim.core.quantity.Quantity;
import io.kubesim.core.selector.LabelSelector;
import io.kubesim.core.selector.NodeSelectors;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which PersistentVolume fits a claim (component-helpers storage/volume pv_helpers.go), shared by
 * the PV controller (no node) and the scheduler's VolumeBinding (a node). Pure functions.
 */
public final class VolumeMatching {
  private VolumeMatching() {}

  /** GetPersistentVolumeClaimClass: the beta annotation, else spec.storageClassName, else "". */
  public static String claimClass(PersistentVolumeClaim claim) {
    String beta = annotation(claim, StorageKeys.BETA_STORAGE_CLASS);
    if (beta != null) {
      return beta;
    }
    String name = claim.getSpec().getStorageClassName();
    return name == null ? "" : name;
  }

  /** GetPersistentVolumeClass. */
  public static String volumeClass(PersistentVolume volume) {
    String beta = annotation(volume, StorageKeys.BETA_STORAGE_CLASS);
    if (beta != null) {
      return beta;
    }
    String name = volume.getSpec().getStorageClassName();
    return name == null ? "" : name;
  }

  public static String annotation(HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  public static boolean hasAnnotation(HasMetadata object, String key) {
    return annotation(object, key) != null;
  }

  /** IsVolumeBoundToClaim: claimRef names the claim, and its uid is empty or the claim's. */
  public static boolean isBoundToClaim(PersistentVolume volume, PersistentVolumeClaim claim) {
    ObjectReference ref = volume.getSpec().getClaimRef();
    if (ref == null) {
      return false;
    }
    String uid = ref.getUid();
    return Objects.equals(ref.getName(), claim.getMetadata().getName())
        && Objects.equals(ref.getNamespace(), claim.getMetadata().getNamespace())
        && (uid == null || uid.isEmpty() || uid.equals(claim.getMetadata().getUid()));
  }

  /** The claimRef a volume bound to {@code claim} holds (reference.GetReference). */
  public static ObjectReference claimRef(PersistentVolumeClaim claim) {
    return new io.fabric8.kubernetes.api.model.ObjectReferenceBuilder()
        .withKind("PersistentVolumeClaim")
        .withNamespace(claim.getMetadata().getNamespace())
        .withName(claim.getMetadata().getName())
        .withUid(claim.getMetadata().getUid())
        .withApiVersion("v1")
        .withResourceVersion(claim.getMetadata().getResourceVersion())
        .build();
  }

  /** The claim's requested storage; zero when it asks none. */
  public static Quantity requested(PersistentVolumeClaim claim) {
    var resources = claim.getSpec().getResources();
    if (resources == null || resources.getRequests() == null) {
      return Quantity.ZERO;
    }
    var storage = resources.getRequests().get("storage");
    return storage == null ? Quantity.ZERO : Quantity.parse(storage.toString());
  }

  public static Quantity capacity(PersistentVolume volume) {
    var capacity = volume.getSpec().getCapacity();
    var storage = capacity == null ? null : capacity.get("storage");
    return storage == null ? Quantity.ZERO : Quantity.parse(storage.toString());
  }

  /** CheckVolumeModeMismatches: Filesystem when unset, and the two must agree. */
  public static boolean volumeModeMismatch(PersistentVolumeClaim claim, PersistentVolume volume) {
    String claimMode = claim.getSpec().getVolumeMode();
    String volumeMode = volume.getSpec().getVolumeMode();
    return !Objects.equals(
        claimMode == null ? "Filesystem" : claimMode,
        volumeMode == null ? "Filesystem" : volumeMode);
  }

  /** Whether the volume offers every access mode the claim asks for. */
  public static boolean accessModesFit(PersistentVolumeClaim claim, PersistentVolume volume) {
    List<String> offered = orEmpty(volume.getSpec().getAccessModes());
    return offered.containsAll(orEmpty(claim.getSpec().getAccessModes()));
  }

  /** CheckNodeAffinity: a volume without required node affinity fits every node. */
  public static boolean nodeAffinityFits(
      PersistentVolume volume, Map<String, String> nodeLabels, String nodeName) {
    var affinity = volume.getSpec().getNodeAffinity();
    if (affinity == null || affinity.getRequired() == null) {
      return true;
    }
    return NodeSelectors.matches(affinity.getRequired(), nodeLabels, nodeName);
  }

  /** The node a claim is to be provisioned for, or null. */
  public static String selectedNode(PersistentVolumeClaim claim) {
    return annotation(claim, StorageKeys.SELECTED_NODE);
  }

  /**
   * IsDelayBindingMode: the claim's class exists and binds WaitForFirstConsumer. A class that does
   * not exist binds at once (the claim then waits for a volume of that class to appear).
   */
  public static boolean delayBinding(
      PersistentVolumeClaim claim, Map<String, StorageClass> classes) {
    String name = claimClass(claim);
    StorageClass storageClass = name.isEmpty() ? null : classes.get(name);
    return storageClass != null
        && StorageKeys.WAIT_FOR_FIRST_CONSUMER.equals(storageClass.getVolumeBindingMode());
  }

  /** A node to check volumes against (the scheduler's path); null on the controller's. */
  public record Node(String name, Map<String, String> labels) {}

  /**
   * FindMatchingVolume over the volumes whose access modes include the claim's: a volume pre-bound
   * to the claim wins (unless its node affinity excludes the node); otherwise the smallest
   * Available volume of the claim's class, at least as large as the request, with the claim's
   * volumeMode and labels its selector matches. On the controller's path (no node) a claim whose
   * binding is delayed gets only a pre-bound volume. Worked example: a claim for 3Gi among volumes
   * of 2Gi, 10Gi and 5Gi gets the 5Gi one.
   */
  public static PersistentVolume findMatchingVolume(
      PersistentVolumeClaim claim,
      List<PersistentVolume> volumes,
      Node node,
      Set<String> excluded,
      boolean delayBinding) {
    Quantity requested = requested(claim);
    String requestedClass = claimClass(claim);
    LabelSelector selector =
        claim.getSpec().getSelector() == null
            ? null
            : LabelSelector.fromObject(Json.MAPPER.valueToTree(claim.getSpec().getSelector()));
    PersistentVolume smallest = null;
    List<PersistentVolume> sorted =
        volumes.stream().sorted(Comparator.comparing(v -> v.getMetadata().getName())).toList();
    for (PersistentVolume volume : sorted) {
      if (excluded.contains(volume.getMetadata().getName()) || !accessModesFit(claim, volume)) {
        continue;
      }
      if (volume.getSpec().getClaimRef() != null && !isBoundToClaim(volume, claim)) {
        continue;
      }
      Quantity capacity = capacity(volume);
      if (capacity.compareTo(requested) < 0
          || volumeModeMismatch(claim, volume)
          || volume.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      boolean nodeFits = node == null || nodeAffinityFits(volume, node.labels(), node.name());
      if (isBoundToClaim(volume, claim)) {
        return nodeFits ? volume : null;
      }
      if (node == null && delayBinding) {
        continue;
      }
      String phase = volume.getStatus() == null ? null : volume.getStatus().getPhase();
      if (!"Available".equals(phase)
          || (selector != null && !selector.matches(labels(volume)))
          || !volumeClass(volume).equals(requestedClass)
          || !nodeFits) {
        continue;
      }
      if (smallest == null || capacity(smallest).compareTo(capacity) > 0) {
        smallest = volume;
      }
    }
    return smallest;
  }

  /**
   * The PV controller's findBestMatchForClaim: the volumes grouped by their set of access modes,
   * the groups offering every mode the claim asks tried with the fewest modes first, the first
   * match wins. So a ReadWriteOnce claim gets a 10Gi RWO volume before a 5Gi RWO+RWX one: the
   * richer volume is kept for claims that need it.
   */
  public static PersistentVolume findBestMatch(
      PersistentVolumeClaim claim, List<PersistentVolume> volumes, boolean delayBinding) {
    Map<Set<String>, List<PersistentVolume>> groups = new java.util.LinkedHashMap<>();
    for (PersistentVolume volume : volumes) {
      groups
          .computeIfAbsent(
              new java.util.TreeSet<>(orEmpty(volume.getSpec().getAccessModes())),
              k -> new java.util.ArrayList<>())
          .add(volume);
    }
    List<String> wanted = orEmpty(claim.getSpec().getAccessModes());
    List<Set<String>> order =
        groups.keySet().stream()
            .filter(modes -> modes.containsAll(wanted))
            .sorted(
                Comparator.comparingInt((Set<String> m) -> m.size())
                    .thenComparing(Object::toString))
            .toList();
    for (Set<String> modes : order) {
      PersistentVolume match =
          findMatchingVolume(claim, groups.get(modes), null, Set.of(), delayBinding);
      if (match != null) {
        return match;
      }
    }
    return null;
  }

  private static Map<String, String> labels(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
