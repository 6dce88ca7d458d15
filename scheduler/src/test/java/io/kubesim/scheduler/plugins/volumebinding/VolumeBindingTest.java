package io.kubesim.scheduler.plugins.volumebinding;

import static io.kubesim.scheduler.Fixtures.container;
import static io.kubesim.scheduler.Fixtures.info;
import static io.kubesim.scheduler.Fixtures.node;
import static io.kubesim.scheduler.Fixtures.pod;
import static io.kubesim.scheduler.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.kubesim.core.storage.VolumeMatching;
import io.kubesim.scheduler.Scheduling;
import io.kubesim.scheduler.framework.NodeInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * VolumeBinding and VolumeRestrictions in the default profile, on kind's four nodes (the control
 * plane tainted): where a pod with claims may go, what PreBind is to write there, and the
 * FailedScheduling text when it may go nowhere.
 */
class VolumeBindingTest {
  private static final String TAINT =
      "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";
  private static final String NOT_HELPFUL =
      "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";

  record Case(
      String name,
      List<PersistentVolumeClaim> claims,
      List<PersistentVolume> volumes,
      Pod pod,
      List<Pod> running,
      String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Map<String, StorageClass> CLASSES =
      Map.of(
          "standard", storageClass("standard", "rancher.io/local-path", "WaitForFirstConsumer"),
          "local", storageClass("local", "kubernetes.io/no-provisioner", "WaitForFirstConsumer"),
          "fast", storageClass("fast", "example.com/fast", "Immediate"));

  static StorageClass storageClass(String name, String provisioner, String mode) {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withProvisioner(provisioner)
        .withVolumeBindingMode(mode)
        .build();
  }

  @SafeVarargs
  static PersistentVolumeClaim claim(
      String name, String storageClass, UnaryOperator<PersistentVolumeClaimBuilder>... edits) {
    PersistentVolumeClaimBuilder b =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .withUid("uid-" + name)
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withStorageClassName(storageClass)
            .withNewResources()
            .withRequests(Map.of("storage", new Quantity("1Gi")))
            .endResources()
            .endSpec()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus();
    for (var e : edits) {
      b = e.apply(b);
    }
    return b.build();
  }

  static UnaryOperator<PersistentVolumeClaimBuilder> boundTo(String volume) {
    return b ->
        b.editMetadata()
            .addToAnnotations("pv.kubernetes.io/bind-completed", "yes")
            .endMetadata()
            .editSpec()
            .withVolumeName(volume)
            .endSpec()
            .editStatus()
            .withPhase("Bound")
            .endStatus();
  }

  /** A 1Gi Available volume of the class, pinned to {@code node} (null: any node). */
  static PersistentVolume volume(
      String name, String storageClass, String node, PersistentVolumeClaim claim) {
    PersistentVolumeBuilder b =
        new PersistentVolumeBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withCapacity(Map.of("storage", new Quantity("1Gi")))
            .withStorageClassName(storageClass)
            .withClaimRef(claim == null ? null : VolumeMatching.claimRef(claim))
            .endSpec()
            .withNewStatus()
            .withPhase(claim == null ? "Available" : "Bound")
            .endStatus();
    if (node != null) {
      b =
          b.editSpec()
              .withNewNodeAffinity()
              .withNewRequired()
              .withNodeSelectorTerms(
                  new NodeSelectorTermBuilder()
                      .withMatchExpressions(
                          new NodeSelectorRequirementBuilder()
                              .withKey("kubernetes.io/hostname")
                              .withOperator("In")
                              .withValues(node)
                              .build())
                      .build())
              .endRequired()
              .endNodeAffinity()
              .endSpec();
    }
    return b.build();
  }

  static Pod podWith(String name, String... claims) {
    var b = pod(name, container("cpu", "100m"));
    for (String c : claims) {
      b =
          b.editSpec()
              .addNewVolume()
              .withName(c)
              .withNewPersistentVolumeClaim()
              .withClaimName(c)
              .endPersistentVolumeClaim()
              .endVolume()
              .endSpec();
    }
    return b.build();
  }

  static final PersistentVolumeClaim BOUND = claim("data", "manual", boundTo("pv-data"));

  static Stream<Case> cases() {
    PersistentVolumeClaim rwop =
        claim(
            "data",
            "manual",
            boundTo("pv-data"),
            b -> b.editSpec().withAccessModes("ReadWriteOncePod").endSpec());
    Pod holder = podWith("holder", "data");
    holder.getSpec().setNodeName("kind-worker");
    return Stream.of(
        new Case(
            "A pod without claims is not the volume plugins' business",
            List.of(),
            List.of(),
            podWith("web"),
            List.of(),
            "scheduled on a worker, no volume writes"),
        new Case(
            "A pod whose claim does not exist fits no node, and preemption cannot help",
            List.of(),
            List.of(),
            podWith("web", "data"),
            List.of(),
            "0/4 nodes are available: persistentvolumeclaim \"data\" not found. " + NOT_HELPFUL),
        new Case(
            "A pod whose Immediate claim is not bound yet waits for the PV controller",
            List.of(claim("data", "fast")),
            List.of(),
            podWith("web", "data"),
            List.of(),
            "0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
                + NOT_HELPFUL),
        new Case(
            "A pod whose claim is being deleted fits no node",
            List.of(
                claim(
                    "data",
                    "fast",
                    b ->
                        b.editMetadata()
                            .withDeletionTimestamp("2026-12-07T10:00:00Z")
                            .endMetadata())),
            List.of(),
            podWith("web", "data"),
            List.of(),
            "0/4 nodes are available: persistentvolumeclaim \"data\" is being deleted. "
                + NOT_HELPFUL),
        new Case(
            "A pod whose bound volume is pinned to kind-worker2 lands there",
            List.of(BOUND),
            List.of(volume("pv-data", "manual", "kind-worker2", BOUND)),
            podWith("web", "data"),
            List.of(),
            "scheduled on kind-worker2, no volume writes"),
        new Case(
            "A bound volume pinned to the tainted control plane leaves the pod nowhere to go",
            List.of(BOUND),
            List.of(volume("pv-data", "manual", "kind-control-plane", BOUND)),
            podWith("web", "data"),
            List.of(),
            "0/4 nodes are available: "
                + TAINT
                + ", 3 node(s) had volume node affinity conflict. "
                + NOT_HELPFUL),
        new Case(
            "A claim bound to a volume that is gone leaves the pod nowhere to go",
            List.of(BOUND),
            List.of(),
            podWith("web", "data"),
            List.of(),
            "0/4 nodes are available: "
                + TAINT
                + ", 3 node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s). "
                + NOT_HELPFUL),
        new Case(
            "A WaitForFirstConsumer claim of the default class is provisioned where the pod goes",
            List.of(claim("data", "standard")),
            List.of(),
            podWith("web", "data"),
            List.of(),
            "scheduled on a worker, provision default/data"),
        new Case(
            "A WaitForFirstConsumer claim takes the static volume of its class that fits a node",
            List.of(claim("data", "local")),
            List.of(volume("local-pv", "local", "kind-worker3", null)),
            podWith("web", "data"),
            List.of(),
            "scheduled on kind-worker3, bind local-pv to default/data"),
        new Case(
            "A WaitForFirstConsumer claim of a no-provisioner class without a volume fits no node",
            List.of(claim("data", "local")),
            List.of(),
            podWith("web", "data"),
            List.of(),
            "0/4 nodes are available: "
                + TAINT
                + ", 3 node(s) didn't find available persistent volumes to bind. "
                + NOT_HELPFUL),
        new Case(
            "A claim already given a selected node fits only that node",
            List.of(
                claim(
                    "data",
                    "standard",
                    b ->
                        b.editMetadata()
                            .addToAnnotations("volume.kubernetes.io/selected-node", "kind-worker2")
                            .endMetadata())),
            List.of(),
            podWith("web", "data"),
            List.of(),
            "scheduled on kind-worker2, provision default/data"),
        new Case(
            "A ReadWriteOncePod claim another pod uses leaves the second pod nowhere, preemption without victims",
            List.of(rwop),
            List.of(volume("pv-data", "manual", null, rwop)),
            podWith("web", "data"),
            List.of(holder),
            "0/4 nodes are available: "
                + TAINT
                + ", 3 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode."
                + " preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod."),
        new Case(
            "A ReadWriteOnce claim another pod uses does not keep the second pod off other nodes",
            List.of(BOUND),
            List.of(volume("pv-data", "manual", null, BOUND)),
            podWith("web", "data"),
            List.of(holder),
            "scheduled on a worker, no volume writes"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void schedules(Case c) {
    Map<String, PersistentVolumeClaim> claims = new LinkedHashMap<>();
    c.claims().forEach(cl -> claims.put("default/" + cl.getMetadata().getName(), cl));
    Map<String, PersistentVolume> volumes = new LinkedHashMap<>();
    c.volumes().forEach(v -> volumes.put(v.getMetadata().getName(), v));
    Scheduling scheduling =
        Scheduling.defaults(new SplittableRandom(1), VolumeListers.of(claims, volumes, CLASSES));
    List<NodeInfo> nodes =
        List.of(
            info(
                node("kind-control-plane")
                    .editSpec()
                    .withTaints(taint("node-role.kubernetes.io/control-plane", null, "NoSchedule"))
                    .endSpec()),
            info(node("kind-worker").build(), c.running().toArray(Pod[]::new)),
            info(node("kind-worker2")),
            info(node("kind-worker3")));
    Scheduling.Result result = scheduling.schedule(c.pod(), nodes);
    String actual = describe(scheduling, result, c.pod(), nodes);
    if (c.expected().contains(" on a worker")) {
      actual = actual.replaceFirst(" on kind-worker\\d?,", " on a worker,");
    }
    assertThat(actual).isEqualTo(c.expected());
  }

  /** "scheduled on kind-worker2, bind pv to default/data" or the FailedScheduling text. */
  private static String describe(
      Scheduling scheduling, Scheduling.Result result, Pod pod, List<NodeInfo> nodes) {
    if (!result.scheduled()) {
      return result.message();
    }
    NodeInfo node =
        nodes.stream()
            .filter(n -> n.name().equals(result.selectedNode()))
            .findFirst()
            .orElseThrow();
    PodVolumes volumes = scheduling.podVolumes(pod, node);
    StringBuilder out = new StringBuilder("scheduled on ").append(result.selectedNode());
    if (!volumes.needsBinding()) {
      return out.append(", no volume writes").toString();
    }
    volumes
        .staticBindings()
        .forEach(
            (claim, pv) ->
                out.append(", bind ")
                    .append(pv.getMetadata().getName())
                    .append(" to ")
                    .append(claim));
    volumes
        .provisions()
        .forEach(cl -> out.append(", provision default/").append(cl.getMetadata().getName()));
    return out.toString();
  }
}
