package io.kubesim.apiserver.admission;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The StorageObjectInUseProtection plugin (mutating, creates only): every new claim gets the
 * finalizer {@code kubernetes.io/pvc-protection} and every new PersistentVolume {@code
 * kubernetes.io/pv-protection}, so that deleting one leaves it Terminating until the pvc-protection
 * controller sees no pod using the claim, or the pv-protection controller sees the volume no longer
 * Bound.
 */
public final class StorageObjectInUseProtection implements AdmissionPlugin {
  public static final String PVC_FINALIZER = "kubernetes.io/pvc-protection";
  public static final String PV_FINALIZER = "kubernetes.io/pv-protection";

  @Override
  public String name() {
    return "StorageObjectInUseProtection";
  }

  @Override
  public void admit(Attributes a) {
    if (a.operation() != Operation.CREATE || a.subresource() != null || a.object() == null) {
      return;
    }
    switch (a.resource()) {
      case "persistentvolumeclaims" -> addFinalizer(a.object(), PVC_FINALIZER);
      case "persistentvolumes" -> addFinalizer(a.object(), PV_FINALIZER);
      default -> {}
    }
  }

  private static void addFinalizer(ObjectNode object, String finalizer) {
    if (!(object.path("metadata") instanceof ObjectNode metadata)) {
      return;
    }
    ArrayNode finalizers =
        metadata.get("finalizers") instanceof ArrayNode existing
            ? existing
            : metadata.putArray("finalizers");
    for (JsonNode f : finalizers) {
      if (finalizer.equals(f.asString(""))) {
        return;
      }
    }
    finalizers.add(finalizer);
  }
}
