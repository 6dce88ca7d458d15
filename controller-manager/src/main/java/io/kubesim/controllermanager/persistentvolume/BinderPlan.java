package io.kubesim.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.kubesim.controllermanager.Event;
import java.util.List;

/**
 * What one sync of the PV controller writes, in the order the real controller writes it when it
 * binds: the volume (claimRef, annotations), the volume's status, the claim (volumeName,
 * annotations), the claim's status; or the volume's deletion. Each object is the whole object as it
 * should be stored, with the resourceVersion it was read at; null means no write.
 *
 * @param volume the volume's new metadata and spec
 * @param volumeStatus the volume with its new status
 * @param claim the claim's new metadata and spec
 * @param claimStatus the claim with its new status
 * @param deleteVolume the volume to delete (reclaim policy Delete), or null
 * @param eventClaim the claim the claim events are about (the synced one, or a volume's claim)
 * @param claimEvents events about that claim
 * @param volumeEvents events about the volume
 * @param enqueueClaims claim keys (namespace/name) to sync soon
 */
public record BinderPlan(
    PersistentVolume volume,
    PersistentVolume volumeStatus,
    PersistentVolumeClaim claim,
    PersistentVolumeClaim claimStatus,
    PersistentVolume deleteVolume,
    PersistentVolumeClaim eventClaim,
    List<Event> claimEvents,
    List<Event> volumeEvents,
    List<String> enqueueClaims) {

  public boolean writes() {
    return volume != null
        || volumeStatus != null
        || claim != null
        || claimStatus != null
        || deleteVolume != null;
  }
}
