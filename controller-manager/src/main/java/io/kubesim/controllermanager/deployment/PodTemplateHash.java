package io.kubesim.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kubesim.controllermanager.Kube;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code pod-template-hash} label: controller.ComputeHash. Kubernetes hashes the Go struct with
 * FNV-32a and renders the decimal value through rand.SafeEncodeString (an alphabet without vowels
 * and look-alike digits), giving names like {@code web-7d4b9c5f8}. We hash the template's canonical
 * JSON (keys sorted) instead of the Go struct dump: a different number for the same template than a
 * real cluster, but stable, and rendered the same way.
 */
public final class PodTemplateHash {
  public static final String LABEL = "pod-template-hash";

  /** rand.SafeEncodeString's alphabet: no vowels, no 0, 1, 3. */
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

  private static final JsonMapper CANONICAL =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .build();

  private PodTemplateHash() {}

  /**
   * The hash of a template (without any pod-template-hash label of its own) and the Deployment's
   * collisionCount, which the controller bumps when a ReplicaSet of that name already exists with
   * another template.
   */
  public static String compute(PodTemplateSpec template, Integer collisionCount) {
    int hash = 0x811c9dc5; // FNV-32a offset basis
    for (byte b : canonical(template).getBytes(StandardCharsets.UTF_8)) {
      hash = fnvStep(hash, b);
    }
    if (collisionCount != null) {
      // binary.LittleEndian.PutUint32 into an 8-byte buffer: 4 value bytes then 4 zeros
      int c = collisionCount;
      for (int i = 0; i < 8; i++) {
        hash = fnvStep(hash, (byte) (i < 4 ? c >>> (8 * i) : 0));
      }
    }
    return safeEncode(Integer.toUnsignedString(hash));
  }

  private static int fnvStep(int hash, byte b) {
    return (hash ^ (b & 0xff)) * 0x01000193;
  }

  public static String safeEncode(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      sb.append(ALPHANUMS.charAt(c % ALPHANUMS.length()));
    }
    return sb.toString();
  }

  /**
   * EqualIgnoreHash: two templates are equal once their pod-template-hash labels are dropped. Like
   * apiequality.Semantic.DeepEqual on the decoded structs, an empty map, list or struct equals an
   * absent one ({@code resources: {}} as kubectl's rollback sends it equals no resources).
   */
  public static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
    return canonical(a).equals(canonical(b));
  }

  private static String canonical(PodTemplateSpec template) {
    JsonNode tree = Kube.tree(template);
    if (tree.path("metadata").path("labels") instanceof ObjectNode labels) {
      labels.remove(LABEL);
      if (labels.isEmpty()) {
        ((ObjectNode) tree.path("metadata")).remove("labels");
      }
    }
    pruneEmpty(tree);
    return CANONICAL.writeValueAsString(CANONICAL.treeToValue(tree, Object.class));
  }

  /** Drops nulls and empty objects and lists, innermost first: Go decodes them all to zero. */
  private static boolean pruneEmpty(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> empty = new ArrayList<>();
      for (var field : object.properties()) {
        if (field.getValue().isNull() || pruneEmpty(field.getValue())) {
          empty.add(field.getKey());
        }
      }
      object.remove(empty);
      return object.isEmpty();
    }
    if (node instanceof ArrayNode array) {
      for (JsonNode item : array) {
        pruneEmpty(item);
      }
      return array.isEmpty();
    }
    return false;
  }
}
