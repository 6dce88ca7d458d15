package io.kubesim.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one node for one scheduling cycle: the node, the pods assigned to it, and what they
 * request. Immutable, so every plugin sees the same numbers; the scheduler's cache replaces a
 * node's NodeInfo with {@link #withPod} / {@link #withoutPod} when a pod comes or goes instead of
 * recomputing every pod's requests. Allocatable is parsed once here, not per filter call.
 *
 * <p>{@code pods} are the pods bound to this node that still hold resources (not Succeeded or
 * Failed: a finished pod's requests are free again); {@code requested} is the sum of {@link
 * PodRequests#of} over them (what Filter subtracts), {@code nonZeroRequested} the sum of {@link
 * PodRequests#nonZero} (what scoring uses).
 */
public final class NodeInfo {
  private final Node node;
  private final List<Pod> pods;
  private final Resource requested;
  private final Resource nonZeroRequested;
  private final Resource allocatable;
  private final long allowedPodNumber;
  // Read by a filter for every node of every cycle: kept here rather than behind node.getSpec().
  private final boolean unschedulable;
  private final List<Taint> taints;

  /**
   * Pods not being deleted, by namespace and controller uid, built on first use: default spreading
   * asks it of every node for every pod, and counting the node's pods each time was over a third of
   * the scheduler's CPU at 10,000 pods. The snapshot is immutable, so a racing build gives the same
   * map.
   */
  private Map<String, Map<String, Integer>> byController;

  /** Same node version, other pods (a list no one else holds): nothing is parsed again. */
  private NodeInfo(NodeInfo same, List<Pod> pods, Resource requested, Resource nonZeroRequested) {
    this.node = same.node;
    this.pods = Collections.unmodifiableList(pods);
    this.requested = requested;
    this.nonZeroRequested = nonZeroRequested;
    this.allocatable = same.allocatable;
    this.allowedPodNumber = same.allowedPodNumber;
    this.unschedulable = same.unschedulable;
    this.taints = same.taints;
  }

  public NodeInfo(Node node, List<Pod> pods, Resource requested, Resource nonZeroRequested) {
    this.node = node;
    this.pods = List.copyOf(pods);
    this.requested = requested;
    this.nonZeroRequested = nonZeroRequested;
    var spec = node.getSpec();
    this.unschedulable = spec != null && Boolean.TRUE.equals(spec.getUnschedulable());
    this.taints =
        spec == null || spec.getTaints() == null ? List.of() : List.copyOf(spec.getTaints());
    var status = node.getStatus();
    if (status == null || status.getAllocatable() == null) {
      this.allocatable = Resource.ZERO;
      this.allowedPodNumber = 0;
    } else {
      this.allocatable = PodRequests.toResource(status.getAllocatable(), false);
      var podCount = status.getAllocatable().get(Resource.PODS);
      this.allowedPodNumber = podCount == null ? 0 : PodRequests.quantity(podCount).longValue();
    }
  }

  /** Builds the snapshot of {@code node} from the pods bound to it. */
  public static NodeInfo of(Node node, List<Pod> assigned) {
    List<Pod> holding = assigned.stream().filter(p -> !isTerminal(p)).toList();
    Resource requested = Resource.ZERO;
    Resource nonZero = Resource.ZERO;
    for (Pod p : holding) {
      requested = requested.plus(PodRequests.of(p));
      nonZero = nonZero.plus(PodRequests.nonZero(p));
    }
    return new NodeInfo(node, holding, requested, nonZero);
  }

  /** The same pods on a new version of the node (labels, taints, allocatable may have changed). */
  public NodeInfo withNode(Node newNode) {
    return new NodeInfo(newNode, pods, requested, nonZeroRequested);
  }

  /** This node with one more pod (a terminal pod holds nothing and is not added). */
  public NodeInfo withPod(Pod pod) {
    if (isTerminal(pod)) {
      return this;
    }
    List<Pod> more = new ArrayList<>(pods.size() + 1);
    more.addAll(pods);
    more.add(pod);
    return new NodeInfo(
        this,
        more,
        requested.plus(PodRequests.of(pod)),
        nonZeroRequested.plus(PodRequests.nonZero(pod)));
  }

  /** This node without the pod of that namespace and name, if it is here. */
  public NodeInfo withoutPod(String namespace, String name) {
    List<Pod> fewer = new ArrayList<>(pods.size());
    Pod removed = null;
    for (Pod p : pods) {
      if (removed == null
          && Objects.equals(p.getMetadata().getNamespace(), namespace)
          && Objects.equals(p.getMetadata().getName(), name)) {
        removed = p;
      } else {
        fewer.add(p);
      }
    }
    if (removed == null) {
      return this;
    }
    return new NodeInfo(
        this,
        fewer,
        requested.minus(PodRequests.of(removed)),
        nonZeroRequested.minus(PodRequests.nonZero(removed)));
  }

  public Node node() {
    return node;
  }

  /** spec.unschedulable (a cordoned node). */
  public boolean unschedulable() {
    return unschedulable;
  }

  /** spec.taints, never null. */
  public List<Taint> taints() {
    return taints;
  }

  public List<Pod> pods() {
    return pods;
  }

  public Resource requested() {
    return requested;
  }

  public Resource nonZeroRequested() {
    return nonZeroRequested;
  }

  public String name() {
    return node.getMetadata().getName();
  }

  public Map<String, String> labels() {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /** status.allocatable as a {@link Resource} (missing means zero). */
  public Resource allocatable() {
    return allocatable;
  }

  /** status.allocatable.pods: how many pods the kubelet accepts (0 when missing). */
  public long allowedPodNumber() {
    return allowedPodNumber;
  }

  /** How many pods of this namespace and controller uid are here, not being deleted. */
  public int countOfController(String namespace, String controllerUid) {
    Map<String, Map<String, Integer>> counts = byController;
    if (counts == null) {
      counts = new HashMap<>();
      for (Pod p : pods) {
        String uid = controllerUid(p);
        if (uid != null && p.getMetadata().getDeletionTimestamp() == null) {
          counts
              .computeIfAbsent(p.getMetadata().getNamespace(), n -> new HashMap<>())
              .merge(uid, 1, Integer::sum);
        }
      }
      byController = counts;
    }
    // Two lookups of strings that cache their hashes: no key is built per node and pod.
    Map<String, Integer> inNamespace = counts.get(namespace);
    return inNamespace == null ? 0 : inNamespace.getOrDefault(controllerUid, 0);
  }

  /** The uid of the pod's controller (the ownerReference with controller: true), or null. */
  public static String controllerUid(Pod pod) {
    List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
    if (refs != null) {
      for (OwnerReference r : refs) {
        if (Boolean.TRUE.equals(r.getController())) {
          return r.getUid();
        }
      }
    }
    return null;
  }

  /** Succeeded or Failed: the pod's requests are free again. */
  public static boolean isTerminal(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  @Override
  public String toString() {
    return "NodeInfo[" + name() + ", " + pods.size() + " pods, requested " + requested + "]";
  }
}
