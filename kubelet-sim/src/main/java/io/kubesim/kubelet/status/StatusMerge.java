package io.kubesim.kubelet.status;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the kubelet's status manager shares the pod status with other writers. It owns the phase and
 * five conditions; the rest (DisruptionTarget from the taint eviction controller, readiness gates)
 * it keeps from the stored status. When the stored status says otherwise than the kubelet wrote in
 * what the kubelet owns — the node lifecycle controller marks pods not ready while their node is
 * unreachable — the kubelet writes its own again (the real {@code needsReconcile}).
 */
public final class StatusMerge {

  /** The kubelet's own pod conditions ({@code PodConditionsByKubelet} plus the sandbox one). */
  static final Set<String> KUBELET_CONDITIONS =
      Set.of(
          "PodScheduled", "Ready", "Initialized", "ContainersReady", "PodReadyToStartContainers");

  private StatusMerge() {}

  /** {@code computed} with the stored status's conditions of other owners appended. */
  public static PodStatus keepOthersConditions(PodStatus computed, PodStatus stored) {
    List<PodCondition> others =
        conditions(stored).stream().filter(c -> !KUBELET_CONDITIONS.contains(c.getType())).toList();
    if (others.isEmpty()) {
      return computed;
    }
    List<PodCondition> merged = new ArrayList<>(conditions(computed));
    merged.addAll(others);
    computed.setConditions(merged);
    return computed;
  }

  /** Whether the stored status differs from the written one in the phase or a kubelet condition. */
  public static boolean needsReconcile(PodStatus stored, PodStatus written) {
    if (written == null) {
      return false;
    }
    if (stored == null) {
      return true;
    }
    return !Objects.equals(stored.getPhase(), written.getPhase())
        || !owned(stored).equals(owned(written));
  }

  private static Map<String, String> owned(PodStatus status) {
    Map<String, String> out = new TreeMap<>();
    for (PodCondition c : conditions(status)) {
      if (KUBELET_CONDITIONS.contains(c.getType())) {
        out.put(c.getType(), c.getStatus());
      }
    }
    return out;
  }

  private static List<PodCondition> conditions(PodStatus status) {
    return status == null || status.getConditions() == null ? List.of() : status.getConditions();
  }
}
