package io.kubesim.scheduler.plugins.volumebinding;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kubesim.core.storage.StorageKeys;
import io.kubesim.core.storage.VolumeMatching;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.PreFilterPlugin;
import io.kubesim.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * kube-scheduler's VolumeBinding plugin.
 *
 * <ul>
 *   <li>PreFilter: every claim the pod names must exist, not be Lost nor being deleted ({@code
 *       persistentvolumeclaim "data" not found}); a claim not yet bound whose class binds at once
 *       must first be bound by the PV controller ({@code pod has unbound immediate
 *       PersistentVolumeClaims}).
 *   <li>Filter: a bound claim's volume must exist and its node affinity admit the node; a
 *       WaitForFirstConsumer claim needs an Available volume of its class that fits the node (the
 *       smallest), or a class whose provisioner can provision there; a claim already given a
 *       selected node fits only that node.
 *   <li>PreBind ({@link #podVolumes}, written by the scheduler): the chosen static volumes get the
 *       claim in claimRef, the claims to provision the {@code volume.kubernetes.io/selected-node}
 *       annotation; the pod is bound once every claim is.
 * </ul>
 */
public final class VolumeBinding implements PreFilterPlugin, FilterPlugin {
  public static final String NAME = "VolumeBinding";
  public static final String UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
  public static final String BIND_CONFLICT =
      "node(s) didn't find available persistent volumes to bind";
  public static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";
  public static final String PV_NOT_EXIST =
      "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

  private final VolumeListers listers;

  /** The claims of the pod in this cycle, from PreFilter; null when the pod has none. */
  private State state;

  private record State(
      Pod pod, List<PersistentVolumeClaim> bound, List<PersistentVolumeClaim> delayed) {}

  public VolumeBinding(VolumeListers listers) {
    this.listers = listers;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status preFilter(Pod pod, List<NodeInfo> nodes) {
    state = null;
    List<PersistentVolumeClaim> bound = new ArrayList<>();
    List<PersistentVolumeClaim> delayed = new ArrayList<>();
    boolean immediate = false;
    for (Volume volume : volumes(pod)) {
      boolean ephemeral = volume.getPersistentVolumeClaim() == null;
      String name =
          ephemeral
              ? pod.getMetadata().getName() + "-" + volume.getName()
              : volume.getPersistentVolumeClaim().getClaimName();
      PersistentVolumeClaim claim = listers.claim(pod.getMetadata().getNamespace(), name);
      String problem = problem(claim, name, ephemeral);
      if (problem != null) {
        return Status.unresolvable(NAME, problem);
      }
      if (fullyBound(claim)) {
        bound.add(claim);
      } else if (delayBinding(claim)) {
        delayed.add(claim);
      } else {
        immediate = true;
      }
    }
    if (immediate) {
      return Status.unresolvable(NAME, UNBOUND_IMMEDIATE);
    }
    if (!bound.isEmpty() || !delayed.isEmpty()) {
      state = new State(pod, bound, delayed);
    }
    return Status.SUCCESS;
  }

  /** podHasPVCs' refusals, or null. */
  private static String problem(PersistentVolumeClaim claim, String name, boolean ephemeral) {
    if (claim == null) {
      return ephemeral
          ? "waiting for ephemeral volume controller to create the persistentvolumeclaim \""
              + name
              + "\""
          : "persistentvolumeclaim \"" + name + "\" not found";
    }
    if (claim.getStatus() != null && "Lost".equals(claim.getStatus().getPhase())) {
      return "persistentvolumeclaim \""
          + name
          + "\" bound to non-existent persistentvolume \""
          + claim.getSpec().getVolumeName()
          + "\"";
    }
    if (claim.getMetadata().getDeletionTimestamp() != null) {
      return "persistentvolumeclaim \"" + name + "\" is being deleted";
    }
    return null;
  }

  static List<Volume> volumes(Pod pod) {
    List<Volume> out = new ArrayList<>();
    if (pod.getSpec().getVolumes() != null) {
      for (Volume v : pod.getSpec().getVolumes()) {
        if (v.getPersistentVolumeClaim() != null || v.getEphemeral() != null) {
          out.add(v);
        }
      }
    }
    return out;
  }

  private static boolean fullyBound(PersistentVolumeClaim claim) {
    String volume = claim.getSpec().getVolumeName();
    return volume != null
        && !volume.isEmpty()
        && VolumeMatching.hasAnnotation(claim, StorageKeys.BIND_COMPLETED);
  }

  private boolean delayBinding(PersistentVolumeClaim claim) {
    String name = VolumeMatching.claimClass(claim);
    StorageClass storageClass = name.isEmpty() ? null : listers.storageClass(name);
    return storageClass != null
        && StorageKeys.WAIT_FOR_FIRST_CONSUMER.equals(storageClass.getVolumeBindingMode());
  }

  @Override
  public Status filter(Pod pod, NodeInfo node) {
    if (state == null || state.pod() != pod) {
      return Status.SUCCESS;
    }
    PodVolumes volumes = find(node.name(), node.labels());
    return volumes.fits()
        ? Status.SUCCESS
        : new Status(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, volumes.reasons(), NAME);
  }

  /**
   * What binding the pod's volumes on {@code node} takes; PreFilter must have run for this pod (the
   * scheduler asks right after the cycle that chose the node).
   */
  public PodVolumes podVolumes(Pod pod, NodeInfo node) {
    if (state == null || state.pod() != pod) {
      return new PodVolumes(Map.of(), List.of(), List.of());
    }
    return find(node.name(), node.labels());
  }

  /** FindPodVolumes. */
  private PodVolumes find(String nodeName, Map<String, String> labels) {
    boolean boundFit = true;
    boolean volumesExist = true;
    for (PersistentVolumeClaim claim : state.bound()) {
      PersistentVolume volume = listers.volume(claim.getSpec().getVolumeName());
      if (volume == null) {
        volumesExist = false;
      } else if (!VolumeMatching.nodeAffinityFits(volume, labels, nodeName)) {
        boundFit = false;
      }
    }
    Map<String, PersistentVolume> bindings = new LinkedHashMap<>();
    List<PersistentVolumeClaim> provisions = new ArrayList<>();
    boolean unboundFit = true;
    List<PersistentVolumeClaim> toMatch = new ArrayList<>();
    for (PersistentVolumeClaim claim : state.delayed()) {
      String selected = VolumeMatching.selectedNode(claim);
      if (selected == null) {
        toMatch.add(claim);
      } else if (selected.equals(nodeName)) {
        provisions.add(claim);
      } else {
        unboundFit = false;
      }
    }
    if (unboundFit) {
      toMatch.sort(Comparator.comparing(VolumeMatching::requested));
      Set<String> chosen = new HashSet<>();
      VolumeMatching.Node node = new VolumeMatching.Node(nodeName, labels);
      for (PersistentVolumeClaim claim : toMatch) {
        String className = VolumeMatching.claimClass(claim);
        List<PersistentVolume> ofClass =
            listers.volumes().stream()
                .filter(v -> VolumeMatching.volumeClass(v).equals(className))
                .toList();
        PersistentVolume match =
            VolumeMatching.findMatchingVolume(claim, ofClass, node, chosen, true);
        if (match != null) {
          chosen.add(match.getMetadata().getName());
          bindings.put(key(claim), match);
        } else {
          provisions.add(claim);
        }
      }
      unboundFit = provisions.stream().allMatch(c -> canProvision(c, nodeName, labels));
    }
    List<String> reasons = new ArrayList<>();
    if (!boundFit) {
      reasons.add(NODE_CONFLICT);
    }
    if (!unboundFit) {
      reasons.add(BIND_CONFLICT);
    }
    if (!volumesExist) {
      reasons.add(PV_NOT_EXIST);
    }
    return new PodVolumes(bindings, provisions, reasons);
  }

  /** checkVolumeProvisions: a class with a provisioner whose allowed topologies admit the node. */
  private boolean canProvision(
      PersistentVolumeClaim claim, String nodeName, Map<String, String> labels) {
    StorageClass storageClass = listers.storageClass(VolumeMatching.claimClass(claim));
    if (storageClass == null) {
      return false;
    }
    String provisioner = storageClass.getProvisioner();
    if (provisioner == null
        || provisioner.isEmpty()
        || provisioner.equals(StorageKeys.NO_PROVISIONER)) {
      return false;
    }
    var topologies = storageClass.getAllowedTopologies();
    if (topologies == null || topologies.isEmpty()) {
      return true;
    }
    return topologies.stream()
        .anyMatch(
            term ->
                term.getMatchLabelExpressions() == null
                    || term.getMatchLabelExpressions().stream()
                        .allMatch(
                            e ->
                                e.getValues() != null
                                    && e.getValues().contains(labels.get(e.getKey()))));
  }

  static String key(PersistentVolumeClaim claim) {
    return claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName();
  }

  /** Whether every claim the pod names is bound, for PreBind's wait; false while one is not. */
  public static boolean allBound(Pod pod, VolumeListers listers) {
    for (Volume volume : volumes(pod)) {
      String name =
          volume.getPersistentVolumeClaim() == null
              ? pod.getMetadata().getName() + "-" + volume.getName()
              : volume.getPersistentVolumeClaim().getClaimName();
      PersistentVolumeClaim claim = listers.claim(pod.getMetadata().getNamespace(), name);
      if (claim == null || !fullyBound(claim)) {
        return false;
      }
      PersistentVolume pv = listers.volume(claim.getSpec().getVolumeName());
      if (pv == null
          || pv.getSpec().getClaimRef() == null
          || !Objects.equals(pv.getSpec().getClaimRef().getUid(), claim.getMetadata().getUid())) {
        return false;
      }
    }
    return true;
  }
}
