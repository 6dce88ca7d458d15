package io.kubesim.apiserver.defaults;

import static io.kubesim.apiserver.defaults.Fields.Fill.pointer;

import io.kubesim.apiserver.defaults.Fields.Fill;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** storage.k8s.io/v1: k8s pkg/apis/storage/v1 defaults.go. */
final class StorageDefaults {
  private StorageDefaults() {}

  /** SetDefaults_StorageClass (top-level fields). */
  private static final List<Fill> STORAGE_CLASS =
      List.of(
          // reclaimPolicy
          pointer("reclaimPolicy", "Delete"),
          // volumeBindingMode
          pointer("volumeBindingMode", "Immediate"));

  /** SetDefaults_CSIDriver (spec fields). */
  private static final List<Fill> CSI_DRIVER =
      List.of(
          // spec.attachRequired
          pointer("attachRequired", true),
          // spec.podInfoOnMount
          pointer("podInfoOnMount", false),
          // spec.storageCapacity
          pointer("storageCapacity", false),
          // spec.fsGroupPolicy
          pointer("fsGroupPolicy", "ReadWriteOnceWithFSType"),
          // spec.requiresRepublish
          pointer("requiresRepublish", false));

  static void storageClass(ObjectNode storageClass) {
    Fields.fill(storageClass, STORAGE_CLASS);
  }

  static void csiDriver(ObjectNode driver) {
    ObjectNode spec = Fields.ensure(driver, "spec");
    Fields.fill(spec, CSI_DRIVER);
    // spec.volumeLifecycleModes: [Persistent]
    if (spec != null && !Fields.nonEmptyArray(spec, "volumeLifecycleModes")) {
      spec.putArray("volumeLifecycleModes").add("Persistent");
    }
  }
}
