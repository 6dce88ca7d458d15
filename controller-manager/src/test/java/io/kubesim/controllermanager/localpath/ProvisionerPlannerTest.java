package io.kubesim.controllermanager.localpath;

import static io.kubesim.controllermanager.persistentvolume.Volumes.bound;
import static io.kubesim.controllermanager.persistentvolume.Volumes.boundTo;
import static io.kubesim.controllermanager.persistentvolume.Volumes.pv;
import static io.kubesim.controllermanager.persistentvolume.Volumes.pvc;
import static io.kubesim.controllermanager.persistentvolume.Volumes.storageClass;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kubesim.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProvisionerPlannerTest {
  private static final StorageClass STANDARD =
      storageClass("standard", "rancher.io/local-path", "WaitForFirstConsumer");
  private static final StorageClass IMMEDIATE =
      storageClass("immediate", "rancher.io/local-path", "Immediate");
  private static final StorageClass OTHER = storageClass("other", "example.com/other", "Immediate");
  private static final Map<String, StorageClass> CLASSES =
      Map.of("standard", STANDARD, "immediate", IMMEDIATE, "other", OTHER);

  record Case(
      String name,
      PersistentVolumeClaim claim,
      List<PersistentVolume> volumes,
      List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static UnaryOperator<PersistentVolumeClaimBuilder> handedTo(String provisioner) {
    return b ->
        b.editMetadata()
            .addToAnnotations("volume.kubernetes.io/storage-provisioner", provisioner)
            .endMetadata();
  }

  private static UnaryOperator<PersistentVolumeClaimBuilder> selected(String node) {
    return b ->
        b.editMetadata().addToAnnotations("volume.kubernetes.io/selected-node", node).endMetadata();
  }

  private static final PersistentVolumeClaim BOUND_1G =
      pvc("data", "1Gi", "standard", bound("pvc-uid-data", "1Gi"));
  private static final PersistentVolume PROVISIONED_1G =
      pv(
          "pvc-uid-data",
          "1Gi",
          "standard",
          boundTo(BOUND_1G),
          b ->
              b.editMetadata()
                  .addToAnnotations("pv.kubernetes.io/provisioned-by", "rancher.io/local-path")
                  .endMetadata());

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "A WaitForFirstConsumer claim with a selected node gets a volume on that node",
            pvc(
                "data",
                "3Gi",
                "standard",
                handedTo("rancher.io/local-path"),
                selected("kubesim-worker")),
            List.of(),
            List.of(
                "create pvc-uid-data 3Gi [ReadWriteOnce] Delete standard"
                    + " /var/local-path-provisioner/pvc-uid-data_default_data"
                    + " node=kubesim-worker claimRef=default/data",
                "Normal Provisioning: External provisioner is provisioning volume for claim"
                    + " \"default/data\"",
                "Normal ProvisioningSucceeded: Successfully provisioned volume pvc-uid-data")),
        new Case(
            "A WaitForFirstConsumer claim without a selected node waits",
            pvc("data", "3Gi", "standard", handedTo("rancher.io/local-path")),
            List.of(),
            List.of()),
        new Case(
            "An Immediate claim gets a volume no node affinity pins",
            pvc("data", "2Gi", "immediate", handedTo("rancher.io/local-path")),
            List.of(),
            List.of(
                "create pvc-uid-data 2Gi [ReadWriteOnce] Delete immediate"
                    + " /var/local-path-provisioner/pvc-uid-data_default_data node=none"
                    + " claimRef=default/data",
                "Normal Provisioning: External provisioner is provisioning volume for claim"
                    + " \"default/data\"",
                "Normal ProvisioningSucceeded: Successfully provisioned volume pvc-uid-data")),
        new Case(
            "A claim not yet handed over by the PV controller waits",
            pvc("data", "2Gi", "immediate"),
            List.of(),
            List.of()),
        new Case(
            "A claim handed to another provisioner is not ours",
            pvc("data", "2Gi", "other", handedTo("example.com/other")),
            List.of(),
            List.of()),
        new Case(
            "A claim whose volume exists already gets no second one",
            pvc("data", "2Gi", "immediate", handedTo("rancher.io/local-path")),
            List.of(pv("pvc-uid-data", "2Gi", "immediate")),
            List.of()),
        new Case(
            "A claim with a selector cannot be provisioned",
            pvc(
                "data",
                "2Gi",
                "immediate",
                handedTo("rancher.io/local-path"),
                b ->
                    b.editSpec()
                        .withNewSelector()
                        .addToMatchLabels("a", "b")
                        .endSelector()
                        .endSpec()),
            List.of(),
            List.of(
                "Warning ProvisioningFailed: failed to provision volume with StorageClass"
                    + " \"immediate\": claim Selector is not supported")),
        new Case(
            "A bound claim asking more grows its volume, then its status capacity",
            pvc("data", "2Gi", "standard", bound("pvc-uid-data", "1Gi")),
            List.of(PROVISIONED_1G),
            List.of(
                "resize volume pvc-uid-data to 2Gi",
                "claim capacity 2Gi",
                "resizer Normal Resizing: External resizer is resizing volume pvc-uid-data",
                "resizer Normal VolumeResizeSuccessful: Resize volume succeeded",
                "volume_expand Warning ExternalExpanding: Ignoring the PVC: didn't find a plugin"
                    + " capable of expanding the volume; waiting for an external controller to"
                    + " process this PVC.")),
        new Case(
            "A bound claim of the volume's size needs nothing",
            BOUND_1G,
            List.of(PROVISIONED_1G),
            List.of()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void plans(Case c) {
    Map<String, PersistentVolume> volumes = new LinkedHashMap<>();
    c.volumes().forEach(v -> volumes.put(v.getMetadata().getName(), v));
    ProvisionerPlanner.Plan plan = ProvisionerPlanner.planClaim(c.claim(), CLASSES, volumes);
    assertThat(summary(plan)).containsExactlyElementsOf(c.expected());
  }

  private static List<String> summary(ProvisionerPlanner.Plan plan) {
    List<String> out = new ArrayList<>();
    PersistentVolume v = plan.create();
    if (v != null) {
      var affinity = v.getSpec().getNodeAffinity();
      String node =
          affinity == null
              ? "none"
              : affinity
                  .getRequired()
                  .getNodeSelectorTerms()
                  .get(0)
                  .getMatchExpressions()
                  .get(0)
                  .getValues()
                  .get(0);
      out.add(
          "create "
              + v.getMetadata().getName()
              + " "
              + v.getSpec().getCapacity().get("storage")
              + " "
              + v.getSpec().getAccessModes()
              + " "
              + v.getSpec().getPersistentVolumeReclaimPolicy()
              + " "
              + v.getSpec().getStorageClassName()
              + " "
              + v.getSpec().getHostPath().getPath()
              + " node="
              + node
              + " claimRef="
              + v.getSpec().getClaimRef().getNamespace()
              + "/"
              + v.getSpec().getClaimRef().getName());
      assertThat(v.getMetadata().getAnnotations())
          .containsEntry("pv.kubernetes.io/provisioned-by", "rancher.io/local-path");
    }
    if (plan.resizedVolume() != null) {
      out.add(
          "resize volume "
              + plan.resizedVolume().getMetadata().getName()
              + " to "
              + plan.resizedVolume().getSpec().getCapacity().get("storage"));
    }
    if (plan.resizedClaim() != null) {
      out.add("claim capacity " + plan.resizedClaim().getStatus().getCapacity().get("storage"));
    }
    String from = plan.source() == ProvisionerPlanner.Source.RESIZER ? "resizer " : "";
    plan.events().forEach(e -> out.add(from + e.type() + " " + e.reason() + ": " + e.message()));
    plan.expandEvents()
        .forEach(e -> out.add("volume_expand " + e.type() + " " + e.reason() + ": " + e.message()));
    return out;
  }

  @Test
  void theVolumeIsWhatLocalPathProvisionerWrites() {
    PersistentVolumeClaim claim =
        pvc(
            "data",
            "3Gi",
            "standard",
            handedTo("rancher.io/local-path"),
            selected("kubesim-worker"));
    PersistentVolume volume = ProvisionerPlanner.planClaim(claim, CLASSES, Map.of()).create();
    assertThat(Json.MAPPER.valueToTree(volume).toString())
        .isEqualTo(
            "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolume\",\"metadata\":{\"annotations\":"
                + "{\"pv.kubernetes.io/provisioned-by\":\"rancher.io/local-path\"},\"name\":\"pvc-uid-data\"},"
                + "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"capacity\":{\"storage\":\"3Gi\"},"
                + "\"claimRef\":{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"name\":\"data\","
                + "\"namespace\":\"default\",\"resourceVersion\":\"1\",\"uid\":\"uid-data\"},"
                + "\"hostPath\":{\"path\":\"/var/local-path-provisioner/pvc-uid-data_default_data\","
                + "\"type\":\"DirectoryOrCreate\"},\"nodeAffinity\":{\"required\":{\"nodeSelectorTerms\":"
                + "[{\"matchExpressions\":[{\"key\":\"kubernetes.io/hostname\",\"operator\":\"In\","
                + "\"values\":[\"kubesim-worker\"]}]}]}},\"persistentVolumeReclaimPolicy\":\"Delete\","
                + "\"storageClassName\":\"standard\",\"volumeMode\":\"Filesystem\"}}");
  }

  @Test
  void onlyAReleasedDeleteVolumeOfThisProvisionerIsDeleted() {
    PersistentVolume released =
        pv(
            "pvc-x",
            "1Gi",
            "standard",
            b ->
                b.editMetadata()
                    .addToAnnotations("pv.kubernetes.io/provisioned-by", "rancher.io/local-path")
                    .endMetadata()
                    .editSpec()
                    .withPersistentVolumeReclaimPolicy("Delete")
                    .endSpec()
                    .editStatus()
                    .withPhase("Released")
                    .endStatus());
    assertThat(ProvisionerPlanner.shouldDelete(released)).isTrue();
    released.getSpec().setPersistentVolumeReclaimPolicy("Retain");
    assertThat(ProvisionerPlanner.shouldDelete(released)).as("Retain").isFalse();
    released.getSpec().setPersistentVolumeReclaimPolicy("Delete");
    released.getStatus().setPhase("Bound");
    assertThat(ProvisionerPlanner.shouldDelete(released)).as("Bound").isFalse();
    released.getStatus().setPhase("Released");
    released.getMetadata().getAnnotations().put("pv.kubernetes.io/provisioned-by", "x.io/other");
    assertThat(ProvisionerPlanner.shouldDelete(released)).as("another provisioner's").isFalse();
  }
}
