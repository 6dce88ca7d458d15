package io.kubesim.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kubesim.controllermanager.Kube;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * persistentVolumeClaimRetentionPolicy as owner references on the claims (isClaimOwnerUpToDate and
 * updateClaimOwnerRefForSetAndPod, 1.32, where StatefulSetAutoDeletePVC is GA): the garbage
 * collector then deletes a claim once the owner it names is gone.
 *
 * <pre>
 * whenScaled  whenDeleted  a pod in range           a pod scaled down
 * Retain      Retain       no reference             no reference
 * Retain      Delete       the set (controller)     the set
 * Delete      Retain       no reference             the pod (controller)
 * Delete      Delete       the set (controller)     the pod (controller)
 * </pre>
 *
 * A claim whose reference to the set or pod has another uid belongs to an earlier one of that name
 * and is left alone; so is a claim some other controller controls, once our references are gone.
 */
final class ClaimRetention {
  private ClaimRetention() {}

  static boolean deleteWhenScaled(StatefulSet set) {
    var policy = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
    return policy != null && "Delete".equals(policy.getWhenScaled());
  }

  static boolean deleteWhenDeleted(StatefulSet set) {
    var policy = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
    return policy != null && "Delete".equals(policy.getWhenDeleted());
  }

  private static boolean retainAll(StatefulSet set) {
    return !deleteWhenScaled(set) && !deleteWhenDeleted(set);
  }

  /** matchesRef: the reference names this object (kind, apiVersion, name), whatever its uid. */
  private static boolean names(OwnerReference ref, HasMetadata object, String apiVersion) {
    return apiVersion.equals(ref.getApiVersion())
        && object.getKind().equals(ref.getKind())
        && object.getMetadata().getName().equals(ref.getName());
  }

  private static boolean namesSet(OwnerReference ref, StatefulSet set) {
    return names(ref, set, "apps/v1");
  }

  private static boolean namesPod(OwnerReference ref, Pod pod) {
    return names(ref, pod, "v1");
  }

  private static List<OwnerReference> refs(PersistentVolumeClaim claim) {
    List<OwnerReference> refs = claim.getMetadata().getOwnerReferences();
    return refs == null ? List.of() : refs;
  }

  private static boolean hasRef(PersistentVolumeClaim claim, HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    return uid != null && refs(claim).stream().anyMatch(r -> uid.equals(r.getUid()));
  }

  /** hasStaleOwnerRef for the pod: a reference of its name with another uid (or to a new pod). */
  static boolean staleForPod(PersistentVolumeClaim claim, Pod pod) {
    for (OwnerReference ref : refs(claim)) {
      if (namesPod(ref, pod)) {
        return !Objects.equals(ref.getUid(), pod.getMetadata().getUid());
      }
    }
    return false;
  }

  private static boolean staleForSet(PersistentVolumeClaim claim, StatefulSet set) {
    for (OwnerReference ref : refs(claim)) {
      if (namesSet(ref, set)) {
        return !Objects.equals(ref.getUid(), set.getMetadata().getUid());
      }
    }
    return false;
  }

  /** hasUnexpectedController: under a Delete policy, a controller other than the set or pod. */
  private static boolean unexpectedController(
      PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
    if (retainAll(set)) {
      return false;
    }
    for (OwnerReference ref : refs(claim)) {
      if (namesSet(ref, set)) {
        if (!Objects.equals(ref.getUid(), set.getMetadata().getUid())) {
          return true;
        }
      } else if (namesPod(ref, pod)) {
        if (!Objects.equals(ref.getUid(), pod.getMetadata().getUid())) {
          return true;
        }
      } else if (Boolean.TRUE.equals(ref.getController())) {
        return true;
      }
    }
    return false;
  }

  private static boolean nonControllerOwner(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
    for (OwnerReference ref : refs(claim)) {
      boolean ours =
          Objects.equals(ref.getUid(), set.getMetadata().getUid())
              || (pod.getMetadata().getUid() != null
                  && Objects.equals(ref.getUid(), pod.getMetadata().getUid()));
      if (ours && !Boolean.TRUE.equals(ref.getController())) {
        return true;
      }
    }
    return false;
  }

  /** isClaimOwnerUpToDate. */
  static boolean upToDate(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
    if (staleForSet(claim, set) || staleForPod(claim, pod)) {
      return true;
    }
    if (unexpectedController(claim, set, pod)) {
      return !(hasRef(claim, set) || hasRef(claim, pod));
    }
    if (nonControllerOwner(claim, set, pod)) {
      return false;
    }
    boolean scaledDown = !StatefulPods.inRange(pod, set);
    boolean wantSet = deleteWhenDeleted(set) && !(deleteWhenScaled(set) && scaledDown);
    boolean wantPod = deleteWhenScaled(set) && scaledDown;
    return hasRef(claim, set) == wantSet && hasRef(claim, pod) == wantPod;
  }

  /** updateClaimOwnerRefForSetAndPod: our references scrubbed, then the policy's added. */
  static List<OwnerReference> updatedRefs(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
    boolean unexpected = unexpectedController(claim, set, pod);
    List<OwnerReference> refs = new ArrayList<>();
    for (OwnerReference ref : refs(claim)) {
      if (!namesSet(ref, set) && !namesPod(ref, pod)) {
        refs.add(ref);
      }
    }
    if (unexpected) {
      return refs;
    }
    boolean scaledDown = !StatefulPods.inRange(pod, set);
    if (deleteWhenScaled(set) && scaledDown) {
      refs.add(Kube.controllerRef(pod));
    } else if (deleteWhenDeleted(set)) {
      refs.add(Kube.controllerRef(set));
    }
    return refs;
  }
}
