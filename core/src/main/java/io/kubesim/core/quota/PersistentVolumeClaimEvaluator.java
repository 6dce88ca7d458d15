package io.kubesim.core.quota;

import io.kubesim.core.quantity.Quantity;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * PersistentVolumeClaims: each counts once in {@code persistentvolumeclaims}, its requested storage
 * in {@code requests.storage}, and both again per StorageClass as {@code
 * gold.storageclass.storage.k8s.io/requests.storage}. Storage is counted in whole bytes, rounded
 * up, and a larger allocated size (after an expansion) counts instead of the request.
 */
public final class PersistentVolumeClaimEvaluator implements Evaluator {
  static final String STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";
  private static final List<String> NAMES =
      List.of("count/persistentvolumeclaims", "persistentvolumeclaims", "requests.storage");

  @Override
  public String groupResource() {
    return "persistentvolumeclaims";
  }

  /** Creates and updates; a status write only when it changes the allocated storage. */
  @Override
  public boolean handles(String operation, String subresource, JsonNode object, JsonNode old) {
    if (subresource == null) {
      return operation.equals("CREATE") || operation.equals("UPDATE");
    }
    if (subresource.equals("status") && object != null && old != null) {
      return !allocated(object).equals(allocated(old));
    }
    return false;
  }

  private static String allocated(JsonNode claim) {
    return claim.path("status").path("allocatedResources").path("storage").asString("");
  }

  @Override
  public List<String> matchingResources(Collection<String> input) {
    return input.stream()
        .filter(
            name ->
                NAMES.contains(name)
                    || name.endsWith(STORAGE_CLASS_SUFFIX + "persistentvolumeclaims")
                    || name.endsWith(STORAGE_CLASS_SUFFIX + "requests.storage"))
        .toList();
  }

  @Override
  public Map<String, Quantity> usage(JsonNode claim, Instant now) {
    Map<String, Quantity> out = new TreeMap<>();
    Quantity one = Quantity.parse("1");
    out.put("persistentvolumeclaims", one);
    out.put("count/persistentvolumeclaims", one);
    String storageClass = storageClass(claim);
    if (!storageClass.isEmpty()) {
      out.put(storageClass + STORAGE_CLASS_SUFFIX + "persistentvolumeclaims", one);
    }
    Quantity storage = storage(claim);
    if (storage != null) {
      out.put("requests.storage", storage);
      if (!storageClass.isEmpty()) {
        out.put(storageClass + STORAGE_CLASS_SUFFIX + "requests.storage", storage);
      }
    }
    return out;
  }

  /** The beta annotation first, then spec.storageClassName (GetPersistentVolumeClaimClass). */
  static String storageClass(JsonNode claim) {
    JsonNode annotation =
        claim.path("metadata").path("annotations").get("volume.beta.kubernetes.io/storage-class");
    if (annotation != null && annotation.isString()) {
      return annotation.asString();
    }
    return claim.path("spec").path("storageClassName").asString("");
  }

  private static Quantity storage(JsonNode claim) {
    Quantity requested =
        parse(claim.path("spec").path("resources").path("requests").get("storage"));
    if (requested == null) {
      return null;
    }
    Quantity allocated = parse(claim.path("status").path("allocatedResources").get("storage"));
    Quantity counted =
        allocated != null && allocated.compareTo(requested) > 0 ? allocated : requested;
    if (counted.value().stripTrailingZeros().scale() > 0) {
      return Quantity.of(counted.value().setScale(0, RoundingMode.CEILING), counted.format());
    }
    return counted;
  }

  private static Quantity parse(JsonNode value) {
    if (value == null || !value.isString()) {
      return null;
    }
    try {
      return Quantity.parse(value.asString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
