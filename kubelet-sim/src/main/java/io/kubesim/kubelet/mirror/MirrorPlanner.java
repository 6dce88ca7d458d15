package io.kubesim.kubelet.mirror;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kubesim.core.client.ApiClient;
import io.kubesim.kubelet.mirror.Manifests.Slot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the kubelet does about the mirror pods of its nodes, as a pure function of the members that
 * announced a component, the nodes, the pods in the API and the pods it last wanted:
 *
 * <ul>
 *   <li>each replica of a component on a node (see {@link Replicas}) has a pod, created when its
 *       first member appears and kept afterwards, its container running while a member plays it and
 *       terminated (Error) while none does ({@link MirrorStatuses});
 *   <li>a pod being deleted (a user's {@code kubectl delete}) is deleted at once and made again on
 *       the next pass, with the status it had: the kubelet's container did not stop;
 *   <li>a pod whose manifest changed (the apiserver's advertised address, for one) is deleted and
 *       made again, as the kubelet replaces a mirror pod whose hash is not its static pod's;
 *   <li>a pod marked as a mirror pod on one of the nodes but of no component's replica is an orphan
 *       and deleted.
 * </ul>
 *
 * Same inputs, same plan: times come from the previous status or {@code now}.
 */
public final class MirrorPlanner {
  private MirrorPlanner() {}

  /**
   * @param create new pods, with the status to write once created
   * @param updateStatus pods in the API (their resourceVersion) with a new status
   * @param delete pods to delete (grace 0, their uid as precondition)
   * @param started pods whose container (re)started: the kubelet's Pulled, Created, Started
   * @param wanted every pod as the kubelet wants it now, by name: the next pass's memory of a pod
   *     deleted meanwhile
   */
  public record Plan(
      List<Pod> create,
      List<Pod> updateStatus,
      List<Pod> delete,
      List<Pod> started,
      Map<String, Pod> wanted) {
    public boolean isEmpty() {
      return create.isEmpty() && updateStatus.isEmpty() && delete.isEmpty();
    }
  }

  /**
   * @param members the members that announced a component, in join order
   * @param observed the mirror pods of {@code nodes} in the API
   * @param remembered the previous plan's {@link Plan#wanted}
   */
  public static Plan plan(
      List<ComponentMember> members,
      List<MirrorNode> nodes,
      List<Pod> observed,
      Map<String, Pod> remembered,
      Instant now) {
    Builder plan = new Builder();
    Map<String, Pod> byName = new LinkedHashMap<>();
    observed.forEach(p -> byName.put(p.getMetadata().getName(), p));
    for (MirrorNode node : nodes) {
      for (Pod pod : observed) {
        if (node.name().equals(pod.getSpec().getNodeName())
            && Manifests.parse(pod.getMetadata().getName(), node.name()) == null) {
          plan.delete.add(pod);
        }
      }
      for (String component : Manifests.COMPONENTS) {
        List<ComponentMember> live =
            members.stream()
                .filter(m -> m.component().equals(component) && m.nodes().contains(node.name()))
                .toList();
        planComponent(plan, component, node, live, byName, remembered, now);
      }
    }
    return plan.build();
  }

  private static void planComponent(
      Builder plan,
      String component,
      MirrorNode node,
      List<ComponentMember> live,
      Map<String, Pod> observed,
      Map<String, Pod> remembered,
      Instant now) {
    Map<Integer, Pod> known = new TreeMap<>();
    for (Map<String, Pod> source : List.of(remembered, observed)) {
      source.forEach(
          (name, pod) -> {
            Slot slot = Manifests.parse(name, node.name());
            if (slot != null
                && slot.component().equals(component)
                && node.name().equals(pod.getSpec().getNodeName())) {
              known.merge(slot.replica(), pod, MirrorPlanner::basis);
            }
          });
    }
    List<String> containers =
        live.stream().map(m -> MirrorStatuses.containerId(m.id(), component, node.name())).toList();
    Map<Integer, String> replicaContainers = new TreeMap<>();
    known.forEach(
        (replica, pod) -> {
          String id = MirrorStatuses.containerId(pod.getStatus());
          if (id != null) {
            replicaContainers.put(replica, id);
          }
        });
    Map<Integer, Integer> assigned = Replicas.assign(containers, replicaContainers);
    Set<Integer> replicas = new TreeSet<>(known.keySet());
    replicas.addAll(assigned.keySet());
    for (int replica : replicas) {
      Integer member = assigned.get(replica);
      String name = Manifests.podName(component, replica, node.name());
      planPod(
          plan,
          observed.get(name),
          known.get(replica),
          member == null ? null : live.get(member),
          member == null ? null : containers.get(member),
          new Slot(component, replica),
          node,
          now);
    }
  }

  /** Of a remembered and an observed pod, the one to go on from: the API's once it has a status. */
  private static Pod basis(Pod remembered, Pod observed) {
    return MirrorStatuses.containerId(observed.getStatus()) != null ? observed : remembered;
  }

  private static void planPod(
      Builder plan,
      Pod observed,
      Pod basis,
      ComponentMember member,
      String containerId,
      Slot slot,
      MirrorNode node,
      Instant now) {
    if (observed != null && observed.getMetadata().getDeletionTimestamp() != null) {
      plan.delete.add(observed);
      keep(plan, basis);
      return;
    }
    Pod desired;
    if (member != null) {
      desired = Manifests.staticPod(slot.component(), slot.replica(), node, member.endpoint());
    } else if (basis != null) {
      desired = withoutStatus(basis);
    } else {
      return;
    }
    if (observed != null && !Objects.equals(hash(observed), hash(desired))) {
      plan.delete.add(observed);
      keep(plan, basis);
      return;
    }
    PodStatus previous = basis == null ? null : basis.getStatus();
    MirrorStatuses.Result result = MirrorStatuses.status(desired, previous, containerId, node, now);
    if (result.status() == null) {
      keep(plan, basis);
      return;
    }
    Pod wanted =
        mirror(observed != null ? observed : fresh(desired), basis, node, now, result.status());
    plan.wanted.put(wanted.getMetadata().getName(), wanted);
    if (result.started()) {
      plan.started.add(wanted);
    }
    if (observed == null) {
      plan.create.add(wanted);
    } else if (!sameStatus(observed.getStatus(), wanted.getStatus())) {
      plan.updateStatus.add(wanted);
    }
  }

  private static void keep(Builder plan, Pod basis) {
    if (basis != null) {
      plan.wanted.put(basis.getMetadata().getName(), basis);
    }
  }

  /**
   * The mirror pod of a static pod: marked with its hash, seen when first seen, owned by the Node
   * (so it goes with the Node), with the status given. An observed pod keeps its identity.
   */
  private static Pod mirror(Pod pod, Pod basis, MirrorNode node, Instant now, PodStatus status) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (pod.getMetadata().getAnnotations() != null) {
      annotations.putAll(pod.getMetadata().getAnnotations());
    }
    String seen =
        basis != null && basis.getMetadata().getAnnotations() != null
            ? basis.getMetadata().getAnnotations().get(Manifests.SEEN)
            : null;
    annotations.put(Manifests.MIRROR, annotations.get(Manifests.HASH));
    annotations.put(Manifests.SEEN, seen != null ? seen : now.toString());
    return new PodBuilder(pod)
        .editMetadata()
        .withNamespace(Manifests.namespace(pod))
        .withAnnotations(annotations)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Node")
                .withName(node.name())
                .withUid(node.uid())
                .withController(true)
                .build())
        .endMetadata()
        .withStatus(status)
        .build();
  }

  /** A pod to create: what the apiserver sets (uid, resourceVersion, times) left out. */
  private static Pod fresh(Pod pod) {
    return new PodBuilder(pod)
        .editMetadata()
        .withUid(null)
        .withResourceVersion(null)
        .withCreationTimestamp(null)
        .withGeneration(null)
        .withManagedFields((List<ManagedFieldsEntry>) null)
        .withDeletionTimestamp(null)
        .withDeletionGracePeriodSeconds(null)
        .endMetadata()
        .build();
  }

  private static Pod withoutStatus(Pod pod) {
    return new PodBuilder(pod).withStatus(null).build();
  }

  private static String hash(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    return a == null ? null : a.get(Manifests.HASH);
  }

  /** Equal as the API would store them (both through the same model). */
  private static boolean sameStatus(PodStatus a, PodStatus b) {
    return Objects.equals(ApiClient.tree(a == null ? new PodStatus() : a), ApiClient.tree(b));
  }

  private static final class Builder {
    final List<Pod> create = new ArrayList<>();
    final List<Pod> updateStatus = new ArrayList<>();
    final List<Pod> delete = new ArrayList<>();
    final List<Pod> started = new ArrayList<>();
    final Map<String, Pod> wanted = new LinkedHashMap<>();

    Plan build() {
      return new Plan(
          List.copyOf(create),
          List.copyOf(updateStatus),
          List.copyOf(delete),
          List.copyOf(started),
          Map.copyOf(wanted));
    }
  }
}
