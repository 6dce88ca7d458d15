package io.kubesim.apiserver.validation;

import io.kubesim.core.api.FieldError;
import io.kubesim.core.quantity.Quantity;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** PersistentVolumeClaim, PersistentVolume and StorageClass. */
final class StorageValidation {
  private StorageValidation() {}

  static final List<String> ACCESS_MODES =
      List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");

  static final List<String> PV_SOURCES =
      List.of(
          "hostPath",
          "gcePersistentDisk",
          "awsElasticBlockStore",
          "glusterfs",
          "flocker",
          "nfs",
          "rbd",
          "quobyte",
          "cinder",
          "cephfs",
          "iscsi",
          "fc",
          "flexVolume",
          "azureFile",
          "vsphereVolume",
          "photonPersistentDisk",
          "portworxVolume",
          "azureDisk",
          "scaleIO",
          "local",
          "storageos",
          "csi");

  private static void accessModes(
      List<FieldError> errs, String path, JsonNode spec, String detail) {
    List<String> modes = Json.strings(spec.path("accessModes"));
    if (modes.isEmpty()) {
      errs.add(FieldError.required(path, detail));
    }
    boolean rwop = false;
    boolean other = false;
    for (String mode : modes) {
      if (!ACCESS_MODES.contains(mode)) {
        errs.add(FieldError.notSupported(path, mode, ACCESS_MODES));
      }
      rwop |= mode.equals("ReadWriteOncePod");
      other |= !mode.equals("ReadWriteOncePod");
    }
    if (rwop && other) {
      errs.add(FieldError.forbidden(path, "may not use ReadWriteOncePod with other access modes"));
    }
  }

  static void pvc(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    accessModes(errs, "spec.accessModes", spec, "at least 1 access mode is required");
    if (spec.path("selector").isObject()) {
      SelectorValidation.validate(errs, "spec.selector", spec.path("selector"));
    }
    JsonNode requests = spec.path("resources").path("requests");
    String path = "spec.resources[storage]";
    if (!Json.has(requests, "storage")) {
      errs.add(FieldError.required(path, ""));
    } else {
      String raw = requests.get("storage").asString("");
      try {
        Quantity q = Quantity.parse(raw);
        if (q.signum() <= 0) {
          errs.add(FieldError.invalid(path, q.canonical(), "must be greater than zero"));
        }
      } catch (IllegalArgumentException e) {
        errs.add(FieldError.invalid(path, raw, e.getMessage()));
      }
    }
    String className = Json.text(spec, "storageClassName");
    if (!className.isEmpty()) {
      Checks.dns1123Subdomain(errs, "spec.storageClassName", className);
    }
    if (Json.has(spec, "volumeMode")) {
      String mode = Json.text(spec, "volumeMode");
      if (!List.of("Block", "Filesystem").contains(mode)) {
        errs.add(FieldError.notSupported("spec.volumeMode", mode, List.of("Block", "Filesystem")));
      }
    }
  }

  /**
   * The spec is immutable except resources.requests (bound claims only; storage may not shrink),
   * volumeAttributesClassName and a first volumeName. Go appends a cmp.Diff after the message; it
   * is not reproduced.
   */
  static void pvcUpdate(List<FieldError> errs, JsonNode obj, JsonNode old) {
    ObjectNode now = spec(obj);
    ObjectNode before = spec(old);
    if (Json.text(before, "volumeName").isEmpty()) {
      copy(before, now, "volumeName");
    }
    now.remove("volumeAttributesClassName");
    before.remove("volumeAttributesClassName");
    boolean bound = Json.text(obj.path("status"), "phase").equals("Bound");
    if (bound && now.path("resources") instanceof ObjectNode res) {
      if (res.path("requests") instanceof ObjectNode req) {
        JsonNode oldStorage = before.path("resources").path("requests").get("storage");
        if (oldStorage == null) {
          req.remove("storage");
        } else {
          req.set("storage", oldStorage);
        }
      }
    }
    if (!Checks.same(now, before)) {
      errs.add(
          FieldError.forbidden(
              "spec",
              "spec is immutable after creation except resources.requests and"
                  + " volumeAttributesClassName for bound claims"));
    }
    Quantity size = storage(obj);
    Quantity oldSize = storage(old);
    if (size != null && oldSize != null && size.compareTo(oldSize) < 0) {
      errs.add(
          FieldError.forbidden(
              "spec.resources.requests.storage", "field can not be less than previous value"));
    }
  }

  private static Quantity storage(JsonNode obj) {
    JsonNode v = obj.path("spec").path("resources").path("requests").get("storage");
    if (v == null) {
      return null;
    }
    try {
      return Quantity.parse(v.asString(""));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static void pv(List<FieldError> errs, JsonNode obj) {
    JsonNode spec = obj.path("spec");
    accessModes(errs, "spec.accessModes", spec, "");
    JsonNode capacity = spec.path("capacity");
    if (Json.emptyObject(capacity)) {
      errs.add(FieldError.required("spec.capacity", ""));
    }
    if (!Json.has(capacity, "storage") || capacity.size() > 1) {
      errs.add(
          FieldError.notSupported(
              "spec.capacity",
              new GoValue(
                  Json.emptyObject(capacity) ? "core.ResourceList(nil)" : "core.ResourceList{...}"),
              List.of("storage")));
    }
    for (Map.Entry<String, JsonNode> e : Json.entries(capacity)) {
      String p = "spec.capacity[" + e.getKey() + "]";
      String raw = e.getValue().asString("");
      try {
        Quantity q = Quantity.parse(raw);
        if (q.signum() <= 0) {
          errs.add(FieldError.invalid(p, q.canonical(), "must be greater than zero"));
        }
      } catch (IllegalArgumentException ex) {
        errs.add(FieldError.invalid(p, raw, ex.getMessage()));
      }
    }
    if (Json.has(spec, "persistentVolumeReclaimPolicy")) {
      String policy = Json.text(spec, "persistentVolumeReclaimPolicy");
      List<String> valid = List.of("Delete", "Recycle", "Retain");
      if (!valid.contains(policy)) {
        errs.add(FieldError.notSupported("spec.persistentVolumeReclaimPolicy", policy, valid));
      }
    }
    int sources = 0;
    for (String source : PV_SOURCES) {
      if (!Json.has(spec, source)) {
        continue;
      }
      if (sources > 0) {
        errs.add(FieldError.forbidden("spec." + source, "may not specify more than 1 volume type"));
      } else {
        sources++;
      }
    }
    if (sources == 0) {
      errs.add(FieldError.required("spec", "must specify a volume type"));
    }
  }

  static void storageClass(List<FieldError> errs, JsonNode obj) {
    String provisioner = Json.text(obj, "provisioner");
    if (provisioner.isEmpty()) {
      errs.add(FieldError.required("provisioner", ""));
    } else {
      Checks.qualifiedName(errs, "provisioner", provisioner.toLowerCase(java.util.Locale.ROOT));
    }
    if (Json.has(obj, "reclaimPolicy")) {
      String policy = Json.text(obj, "reclaimPolicy");
      if (!List.of("Delete", "Retain").contains(policy)) {
        errs.add(FieldError.notSupported("reclaimPolicy", policy, List.of("Delete", "Retain")));
      }
    }
    if (Json.has(obj, "volumeBindingMode")) {
      String mode = Json.text(obj, "volumeBindingMode");
      List<String> valid = List.of("Immediate", "WaitForFirstConsumer");
      if (!valid.contains(mode)) {
        errs.add(FieldError.notSupported("volumeBindingMode", mode, valid));
      }
    }
  }

  static void storageClassUpdate(List<FieldError> errs, JsonNode obj, JsonNode old) {
    if (!Checks.same(obj.path("parameters"), old.path("parameters"))) {
      errs.add(FieldError.forbidden("parameters", "updates to parameters are forbidden."));
    }
    if (!Json.text(obj, "provisioner").equals(Json.text(old, "provisioner"))) {
      errs.add(FieldError.forbidden("provisioner", "updates to provisioner are forbidden."));
    }
    String policy = Json.text(obj, "reclaimPolicy");
    if (!policy.equals(Json.text(old, "reclaimPolicy"))) {
      errs.add(FieldError.invalid("reclaimPolicy", policy, Checks.IMMUTABLE));
    }
    String mode = Json.text(obj, "volumeBindingMode");
    if (!mode.equals(Json.text(old, "volumeBindingMode"))) {
      errs.add(FieldError.invalid("volumeBindingMode", mode, Checks.IMMUTABLE));
    }
  }

  private static ObjectNode spec(JsonNode obj) {
    JsonNode spec = obj.path("spec");
    return spec.isObject() ? ((ObjectNode) spec).deepCopy() : io.kubesim.core.json.Json.object();
  }

  private static void copy(ObjectNode target, JsonNode from, String field) {
    if (Json.has(from, field)) {
      target.set(field, from.get(field));
    } else {
      target.remove(field);
    }
  }
}
