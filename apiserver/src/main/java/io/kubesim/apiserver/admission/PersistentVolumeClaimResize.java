package io.kubesim.apiserver.admission;

import io.kubesim.apiserver.storage.Store;
import io.kubesim.core.quantity.Quantity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The PersistentVolumeClaimResize plugin (validating): a claim may grow only while it is Bound and
 * only when its StorageClass, unchanged, says {@code allowVolumeExpansion: true}; otherwise 403
 * {@code persistentvolumeclaims "x" is forbidden: only dynamically provisioned pvc can be resized
 * and the storageclass that provisions the pvc must support resize}.
 */
public final class PersistentVolumeClaimResize implements AdmissionPlugin {
  private static final String BETA_CLASS = "volume.beta.kubernetes.io/storage-class";

  private final Store store;

  public PersistentVolumeClaimResize(Store store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "PersistentVolumeClaimResize";
  }

  @Override
  public void validate(Attributes a) {
    if (a.operation() != Operation.UPDATE
        || !a.resource().equals("persistentvolumeclaims")
        || a.subresource() != null
        || a.object() == null
        || a.oldObject() == null) {
      return;
    }
    Quantity now = storage(a.object());
    Quantity before = storage(a.oldObject());
    if (now == null || before == null || now.compareTo(before) <= 0) {
      return;
    }
    if (!"Bound".equals(a.oldObject().path("status").path("phase").asString(""))) {
      throw a.forbidden("Only bound persistent volume claims can be expanded");
    }
    if (!allowResize(a.object(), a.oldObject())) {
      throw a.forbidden(
          "only dynamically provisioned pvc can be resized and the storageclass that provisions"
              + " the pvc must support resize");
    }
  }

  private boolean allowResize(ObjectNode claim, ObjectNode old) {
    String name = className(claim);
    if (name.isEmpty() || !name.equals(className(old))) {
      return false;
    }
    ObjectNode storageClass = store.get(DefaultStorageClass.STORAGE_CLASSES, null, name);
    return storageClass != null && storageClass.path("allowVolumeExpansion").asBoolean(false);
  }

  private static String className(JsonNode claim) {
    JsonNode beta = claim.path("metadata").path("annotations").get(BETA_CLASS);
    if (beta != null) {
      return beta.asString("");
    }
    return claim.path("spec").path("storageClassName").asString("");
  }

  private static Quantity storage(JsonNode claim) {
    JsonNode v = claim.path("spec").path("resources").path("requests").get("storage");
    if (v == null) {
      return null;
    }
    try {
      return Quantity.parse(v.asString(""));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
