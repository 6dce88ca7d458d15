package io.kubesim.scheduler.plugins.volumebinding;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;
import java.util.Map;

/**
 * What binding a pod's volumes on one node takes (the binder's PodVolumes): static volumes to bind
 * to WaitForFirstConsumer claims, and claims to provision there; plus the reasons the node does not
 * fit, empty when it does.
 *
 * @param staticBindings claim (namespace/name) to the volume chosen for it
 * @param provisions claims the provisioner is to provision on the node
 * @param reasons the Filter's reasons, empty when the node fits
 */
public record PodVolumes(
    Map<String, PersistentVolume> staticBindings,
    List<PersistentVolumeClaim> provisions,
    List<String> reasons) {

  public boolean fits() {
    return reasons.isEmpty();
  }

  /** Whether PreBind has anything to write before the pod is bound. */
  public boolean needsBinding() {
    return !staticBindings.isEmpty() || !provisions.isEmpty();
  }
}
