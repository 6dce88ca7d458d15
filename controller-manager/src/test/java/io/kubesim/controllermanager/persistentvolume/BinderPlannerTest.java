package io.kubesim.controllermanager.persistentvolume;

import static io.kubesim.controllermanager.persistentvolume.Volumes.bound;
import static io.kubesim.controllermanager.persistentvolume.Volumes.boundTo;
import static io.kubesim.controllermanager.persistentvolume.Volumes.pod;
import static io.kubesim.controllermanager.persistentvolume.Volumes.pv;
import static io.kubesim.controllermanager.persistentvolume.Volumes.pvc;
import static io.kubesim.controllermanager.persistentvolume.Volumes.storageClass;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The binder's decisions, each case a snapshot and the writes and events of one sync, summarised
 * one line a fact ("claim.volumeName=pv-5", "volume.phase=Bound", "event Normal FailedBinding:
 * ...").
 */
class BinderPlannerTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final StorageClass STANDARD =
      storageClass("standard", "rancher.io/local-path", "WaitForFirstConsumer");
  private static final StorageClass FAST = storageClass("fast", "example.com/fast", "Immediate");
  private static final StorageClass LOCAL =
      storageClass("local", "kubernetes.io/no-provisioner", "Immediate");

  record Case(
      String name,
      Function<BinderPlanner.Snapshot, BinderPlan> sync,
      World world,
      List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  record World(List<PersistentVolume> volumes, List<PersistentVolumeClaim> claims, List<Pod> pods) {
    BinderPlanner.Snapshot snapshot() {
      Map<String, PersistentVolume> byName = new LinkedHashMap<>();
      volumes.forEach(v -> byName.put(v.getMetadata().getName(), v));
      Map<String, PersistentVolumeClaim> byKey = new LinkedHashMap<>();
      claims.forEach(c -> byKey.put("default/" + c.getMetadata().getName(), c));
      return new BinderPlanner.Snapshot(
          byName, byKey, Map.of("standard", STANDARD, "fast", FAST, "local", LOCAL), pods, NOW);
    }
  }

  private static Case claim(
      String name,
      PersistentVolumeClaim claim,
      List<PersistentVolume> volumes,
      List<Pod> pods,
      String... expected) {
    List<PersistentVolumeClaim> claims = List.of(claim);
    return new Case(
        name,
        s -> BinderPlanner.syncClaim(claim, s),
        new World(volumes, claims, pods),
        List.of(expected));
  }

  private static Case volume(
      String name,
      PersistentVolume volume,
      List<PersistentVolumeClaim> claims,
      String... expected) {
    return new Case(
        name,
        s -> BinderPlanner.syncVolume(volume, s),
        new World(List.of(volume), claims, List.of()),
        List.of(expected));
  }

  static final PersistentVolumeClaim CLAIM = pvc("claim", "3Gi", "manual");
  static final PersistentVolumeClaim BOUND_CLAIM =
      pvc("claim", "3Gi", "manual", bound("pv-5", "5Gi"));

  static Stream<Case> cases() {
    return Stream.of(
        claim(
            "A claim binds to the smallest volume of its class that is large enough",
            CLAIM,
            List.of(
                pv("pv-2", "2Gi", "manual"),
                pv("pv-10", "10Gi", "manual"),
                pv("pv-5", "5Gi", "manual"),
                pv("pv-4", "4Gi", "other")),
            List.of(),
            "volume pv-5 claimRef=default/claim uid-claim annotations={pv.kubernetes.io/bound-by-controller=yes}",
            "volume pv-5 phase=Bound",
            "claim volumeName=pv-5 annotations={pv.kubernetes.io/bind-completed=yes, pv.kubernetes.io/bound-by-controller=yes}",
            "claim phase=Bound accessModes=[ReadWriteOnce] capacity=5Gi"),
        claim(
            "Volumes offering fewer access modes are tried first, even when larger",
            CLAIM,
            List.of(
                pv(
                    "pv-rwx",
                    "5Gi",
                    "manual",
                    b -> b.editSpec().withAccessModes("ReadWriteOnce", "ReadWriteMany").endSpec()),
                pv("pv-rwo", "10Gi", "manual")),
            List.of(),
            "volume pv-rwo claimRef=default/claim uid-claim annotations={pv.kubernetes.io/bound-by-controller=yes}",
            "volume pv-rwo phase=Bound",
            "claim volumeName=pv-rwo annotations={pv.kubernetes.io/bind-completed=yes, pv.kubernetes.io/bound-by-controller=yes}",
            "claim phase=Bound accessModes=[ReadWriteOnce] capacity=10Gi"),
        claim(
            "A claim's selector leaves volumes without its labels out",
            pvc(
                "claim",
                "3Gi",
                "manual",
                b ->
                    b.editSpec()
                        .withNewSelector()
                        .addToMatchLabels("tier", "db")
                        .endSelector()
                        .endSpec()),
            List.of(
                pv("pv-5", "5Gi", "manual"),
                pv(
                    "pv-10",
                    "10Gi",
                    "manual",
                    b -> b.editMetadata().addToLabels("tier", "db").endMetadata())),
            List.of(),
            "volume pv-10 claimRef=default/claim uid-claim annotations={pv.kubernetes.io/bound-by-controller=yes}",
            "volume pv-10 phase=Bound",
            "claim volumeName=pv-10 annotations={pv.kubernetes.io/bind-completed=yes, pv.kubernetes.io/bound-by-controller=yes}",
            "claim phase=Bound accessModes=[ReadWriteOnce] capacity=10Gi"),
        claim(
            "A Block claim finds no Filesystem volume, and without a class it waits with FailedBinding",
            pvc("claim", "3Gi", "", b -> b.editSpec().withVolumeMode("Block").endSpec()),
            List.of(pv("pv-5", "5Gi", "")),
            List.of(),
            "claim event Normal FailedBinding: no persistent volumes available for this claim and no storage class is set"),
        claim(
            "A volume reserved for the claim by claimRef wins over a smaller one, and keeps no bound-by-controller",
            CLAIM,
            List.of(
                pv("pv-4", "4Gi", "manual"),
                pv(
                    "pv-10",
                    "10Gi",
                    "manual",
                    b ->
                        b.editSpec()
                            .withClaimRef(
                                new ObjectReferenceBuilder()
                                    .withNamespace("default")
                                    .withName("claim")
                                    .build())
                            .endSpec())),
            List.of(),
            "volume pv-10 claimRef=default/claim uid-claim annotations={}",
            "volume pv-10 phase=Bound",
            "claim volumeName=pv-10 annotations={pv.kubernetes.io/bind-completed=yes, pv.kubernetes.io/bound-by-controller=yes}",
            "claim phase=Bound accessModes=[ReadWriteOnce] capacity=10Gi"),
        claim(
            "A claim naming its volume binds it, marked bind-completed but not bound-by-controller",
            pvc("claim", "3Gi", "manual", b -> b.editSpec().withVolumeName("pv-10").endSpec()),
            List.of(pv("pv-4", "4Gi", "manual"), pv("pv-10", "10Gi", "manual")),
            List.of(),
            "volume pv-10 claimRef=default/claim uid-claim annotations={pv.kubernetes.io/bound-by-controller=yes}",
            "volume pv-10 phase=Bound",
            "claim volumeName=pv-10 annotations={pv.kubernetes.io/bind-completed=yes}",
            "claim phase=Bound accessModes=[ReadWriteOnce] capacity=10Gi"),
        claim(
            "A claim naming a volume another claim holds waits with a FailedBinding warning",
            pvc("claim", "3Gi", "manual", b -> b.editSpec().withVolumeName("pv-10").endSpec()),
            List.of(pv("pv-10", "10Gi", "manual", boundTo(pvc("other", "1Gi", "manual")))),
            List.of(),
            "claim event Warning FailedBinding: volume \"pv-10\" already bound to a different claim."),
        claim(
            "A WaitForFirstConsumer claim without a pod waits for its first consumer, even with a fitting volume",
            pvc("claim", "3Gi", "standard"),
            List.of(pv("pv-5", "5Gi", "standard")),
            List.of(),
            "claim event Normal WaitForFirstConsumer: waiting for first consumer to be created before binding"),
        claim(
            "A WaitForFirstConsumer claim names the pods that wait to be scheduled",
            pvc("claim", "3Gi", "standard"),
            List.of(),
            List.of(
                pod("web-1", null, "claim"),
                pod("web-0", null, "claim"),
                pod("done", "node-1", "claim")),
            "claim event Normal WaitForPodScheduled: waiting for pods web-0,web-1 to be scheduled"),
        claim(
            "A claim with a selected node is handed to its class's provisioner",
            pvc(
                "claim",
                "3Gi",
                "standard",
                b ->
                    b.editMetadata()
                        .addToAnnotations("volume.kubernetes.io/selected-node", "kubesim-worker")
                        .endMetadata()),
            List.of(),
            List.of(),
            "claim annotations={volume.beta.kubernetes.io/storage-provisioner=rancher.io/local-path, volume.kubernetes.io/selected-node=kubesim-worker, volume.kubernetes.io/storage-provisioner=rancher.io/local-path}",
            "claim event Normal ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."),
        claim(
            "An Immediate claim already handed over is only waited for",
            pvc(
                "claim",
                "3Gi",
                "fast",
                b ->
                    b.editMetadata()
                        .addToAnnotations(
                            Map.of(
                                "volume.kubernetes.io/storage-provisioner",
                                "example.com/fast",
                                "volume.beta.kubernetes.io/storage-provisioner",
                                "example.com/fast"))
                        .endMetadata()),
            List.of(),
            List.of(),
            "claim event Normal ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'example.com/fast' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."),
        claim(
            "A claim of a class that does not exist fails to provision",
            CLAIM,
            List.of(),
            List.of(),
            "claim event Warning ProvisioningFailed: storageclass.storage.k8s.io \"manual\" not found"),
        claim(
            "A claim of a no-provisioner class without a volume fails to provision",
            pvc("claim", "3Gi", "local"),
            List.of(),
            List.of(),
            "claim event Warning ProvisioningFailed: no volume plugin matched name: kubernetes.io/no-provisioner"),
        claim(
            "A bound claim whose volume is gone is Lost",
            BOUND_CLAIM,
            List.of(),
            List.of(),
            "claim phase=Lost accessModes=null capacity=null",
            "claim event Warning ClaimLost: Bound claim has lost its PersistentVolume. Data on the volume is lost!"),
        claim(
            "A bound pair writes nothing",
            BOUND_CLAIM,
            List.of(pv("pv-5", "5Gi", "manual", boundTo(CLAIM))),
            List.of()),
        volume(
            "A new volume without a claim becomes Available",
            pv("pv", "1Gi", "", b -> b.editStatus().withPhase("Pending").endStatus()),
            List.of(),
            "volume pv phase=Available"),
        volume(
            "A Retain volume whose claim is gone is Released and kept",
            pv("pv", "1Gi", "manual", boundTo(CLAIM)),
            List.of(),
            "volume pv phase=Released"),
        volume(
            "A Retain volume whose claim was recreated under the same name is Released",
            pv("pv", "1Gi", "manual", boundTo(CLAIM)),
            List.of(
                pvc(
                    "claim",
                    "3Gi",
                    "manual",
                    b -> b.editMetadata().withUid("uid-new").endMetadata())),
            "volume pv phase=Released"),
        volume(
            "A Delete hostPath volume outside /tmp fails, as kube-controller-manager's hostPath deleter",
            pv(
                "pv",
                "1Gi",
                "manual",
                boundTo(CLAIM),
                b -> b.editSpec().withPersistentVolumeReclaimPolicy("Delete").endSpec()),
            List.of(),
            "volume pv phase=Failed message=host_path deleter only supports /tmp/.+ but received provided /mnt/data",
            "volume event Warning VolumeFailedDelete: host_path deleter only supports /tmp/.+ but received provided /mnt/data"),
        volume(
            "A Failed volume stays Failed without a second event",
            pv(
                "pv",
                "1Gi",
                "manual",
                boundTo(CLAIM),
                b ->
                    b.editSpec()
                        .withPersistentVolumeReclaimPolicy("Delete")
                        .endSpec()
                        .editStatus()
                        .withPhase("Failed")
                        .endStatus()),
            List.of()),
        volume(
            "A Delete hostPath volume under /tmp is deleted",
            pv(
                "pv",
                "1Gi",
                "manual",
                boundTo(CLAIM),
                b ->
                    b.editSpec()
                        .withPersistentVolumeReclaimPolicy("Delete")
                        .editHostPath()
                        .withPath("/tmp/data")
                        .endHostPath()
                        .endSpec()),
            List.of(),
            "volume pv phase=Released",
            "delete pv"),
        volume(
            "A Delete volume of a source without a deleter fails",
            pv(
                "pv",
                "1Gi",
                "manual",
                boundTo(CLAIM),
                b ->
                    b.editSpec()
                        .withPersistentVolumeReclaimPolicy("Delete")
                        .withHostPath(null)
                        .withNewNfs()
                        .withServer("nfs")
                        .withPath("/x")
                        .endNfs()
                        .endSpec()),
            List.of(),
            "volume pv phase=Failed message=error getting deleter volume plugin for volume \"pv\": no deletable volume plugin matched",
            "volume event Warning VolumeFailedDelete: error getting deleter volume plugin for volume \"pv\": no deletable volume plugin matched"),
        volume(
            "A provisioned Delete volume is left to its provisioner",
            pv(
                "pv",
                "1Gi",
                "standard",
                boundTo(CLAIM),
                b ->
                    b.editMetadata()
                        .addToAnnotations(
                            "pv.kubernetes.io/provisioned-by", "rancher.io/local-path")
                        .endMetadata()
                        .editSpec()
                        .withPersistentVolumeReclaimPolicy("Delete")
                        .endSpec()),
            List.of(),
            "volume pv phase=Released"),
        volume(
            "A Recycle hostPath volume is scrubbed and Available again",
            pv(
                "pv",
                "1Gi",
                "manual",
                boundTo(CLAIM),
                b ->
                    b.editMetadata()
                        .addToAnnotations("pv.kubernetes.io/bound-by-controller", "yes")
                        .endMetadata()
                        .editSpec()
                        .withPersistentVolumeReclaimPolicy("Recycle")
                        .endSpec()),
            List.of(),
            "volume pv claimRef=null annotations={}",
            "volume pv phase=Available",
            "volume event Normal VolumeRecycled: Volume recycled"),
        volume(
            "A volume whose claim names it is Bound",
            pv(
                "pv-5",
                "5Gi",
                "manual",
                boundTo(CLAIM),
                b -> b.editStatus().withPhase("Available").endStatus()),
            List.of(BOUND_CLAIM),
            "volume pv-5 phase=Bound"),
        volume(
            "A volume the controller bound to a claim that took another volume is freed",
            pv(
                "pv",
                "5Gi",
                "manual",
                boundTo(CLAIM),
                b ->
                    b.editMetadata()
                        .addToAnnotations("pv.kubernetes.io/bound-by-controller", "yes")
                        .endMetadata()),
            List.of(BOUND_CLAIM),
            "volume pv claimRef=null annotations={}",
            "volume pv phase=Available"),
        volume(
            "A volume whose claim has not taken it yet asks for the claim's sync",
            pv("pv", "5Gi", "manual", boundTo(CLAIM)),
            List.of(CLAIM),
            "enqueue default/claim"),
        volume(
            "A volume and a claim of different volumeModes are reported on both",
            pv(
                "pv",
                "5Gi",
                "manual",
                boundTo(CLAIM),
                b -> b.editSpec().withVolumeMode("Block").endSpec()),
            List.of(CLAIM),
            "claim event Warning VolumeMismatch: Cannot bind PersistentVolume \"pv\" to requested PersistentVolumeClaim due to incompatible volumeMode.",
            "volume event Warning VolumeMismatch: Cannot bind PersistentVolume to requested PersistentVolumeClaim \"claim\" due to incompatible volumeMode."));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void plans(Case c) {
    BinderPlanner.Snapshot snapshot = c.world().snapshot();
    BinderPlan plan = c.sync().apply(snapshot);
    assertThat(summary(plan)).containsExactlyElementsOf(c.expected());
    assertThat(summary(c.sync().apply(snapshot)))
        .as("same snapshot, same plan")
        .isEqualTo(summary(plan));
  }

  static List<String> summary(BinderPlan plan) {
    List<String> out = new ArrayList<>();
    if (plan.volume() != null) {
      var v = plan.volume();
      var ref = v.getSpec().getClaimRef();
      out.add(
          "volume "
              + v.getMetadata().getName()
              + " claimRef="
              + (ref == null
                  ? "null"
                  : ref.getNamespace() + "/" + ref.getName() + " " + ref.getUid())
              + " annotations="
              + sorted(v.getMetadata().getAnnotations()));
    }
    if (plan.volumeStatus() != null) {
      var v = plan.volumeStatus();
      String message = v.getStatus().getMessage();
      assertThat(v.getStatus().getLastPhaseTransitionTime()).isEqualTo("2026-12-07T10:00:00Z");
      out.add(
          "volume "
              + v.getMetadata().getName()
              + " phase="
              + v.getStatus().getPhase()
              + (message == null ? "" : " message=" + message));
    }
    if (plan.claim() != null) {
      var c = plan.claim();
      String volume = c.getSpec().getVolumeName();
      out.add(
          "claim "
              + (volume == null ? "" : "volumeName=" + volume + " ")
              + "annotations="
              + sorted(c.getMetadata().getAnnotations()));
    }
    if (plan.claimStatus() != null) {
      var s = plan.claimStatus().getStatus();
      out.add(
          "claim phase="
              + s.getPhase()
              + " accessModes="
              + s.getAccessModes()
              + " capacity="
              + (s.getCapacity() == null ? "null" : s.getCapacity().get("storage")));
    }
    plan.claimEvents()
        .forEach(e -> out.add("claim event " + e.type() + " " + e.reason() + ": " + e.message()));
    plan.volumeEvents()
        .forEach(e -> out.add("volume event " + e.type() + " " + e.reason() + ": " + e.message()));
    if (plan.deleteVolume() != null) {
      out.add("delete " + plan.deleteVolume().getMetadata().getName());
    }
    plan.enqueueClaims().forEach(k -> out.add("enqueue " + k));
    return out;
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return map == null ? Map.of() : new TreeMap<>(map);
  }
}
