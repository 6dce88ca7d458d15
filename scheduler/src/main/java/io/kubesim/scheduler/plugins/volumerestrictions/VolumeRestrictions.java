package io.kubesim.scheduler.plugins.volumerestrictions;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.PreFilterPlugin;
import io.kubesim.scheduler.framework.Status;
import io.kubesim.scheduler.plugins.volumebinding.VolumeListers;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * kube-scheduler's VolumeRestrictions, its ReadWriteOncePod part: a claim with access mode
 * ReadWriteOncePod that a pod on any node already uses makes every node unfit for a second pod
 * (Unschedulable: preempting the first pod would help). ReadWriteOnce is not the scheduler's
 * business: a real cluster refuses a second node only when attaching a volume (Multi-Attach), and
 * hostPath and local volumes are never attached, so kubesim lets such pods run on any node.
 */
public final class VolumeRestrictions implements PreFilterPlugin, FilterPlugin {
  public static final String NAME = "VolumeRestrictions";
  public static final String RWOP_CONFLICT =
      "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";

  private final VolumeListers listers;
  private Pod conflicting;

  public VolumeRestrictions(VolumeListers listers) {
    this.listers = listers;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status preFilter(Pod pod, List<NodeInfo> nodes) {
    conflicting = null;
    Set<String> rwop = new HashSet<>();
    for (Volume volume : claimVolumes(pod)) {
      String name = volume.getPersistentVolumeClaim().getClaimName();
      PersistentVolumeClaim claim = listers.claim(pod.getMetadata().getNamespace(), name);
      if (claim == null) {
        return Status.unresolvable(NAME, "persistentvolumeclaim \"" + name + "\" not found");
      }
      List<String> modes = claim.getSpec().getAccessModes();
      if (modes != null && modes.contains("ReadWriteOncePod")) {
        rwop.add(name);
      }
    }
    if (rwop.isEmpty()) {
      return Status.SUCCESS;
    }
    for (NodeInfo node : nodes) {
      for (Pod other : node.pods()) {
        if (NodeInfo.isTerminal(other)
            || !other.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
            || other.getMetadata().getName().equals(pod.getMetadata().getName())) {
          continue;
        }
        for (Volume volume : claimVolumes(other)) {
          if (rwop.contains(volume.getPersistentVolumeClaim().getClaimName())) {
            conflicting = pod;
          }
        }
      }
    }
    return Status.SUCCESS;
  }

  @Override
  public Status filter(Pod pod, NodeInfo node) {
    return conflicting == pod && pod != null
        ? Status.unschedulable(NAME, List.of(RWOP_CONFLICT))
        : Status.SUCCESS;
  }

  private static List<Volume> claimVolumes(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return List.of();
    }
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getPersistentVolumeClaim() != null)
        .toList();
  }
}
