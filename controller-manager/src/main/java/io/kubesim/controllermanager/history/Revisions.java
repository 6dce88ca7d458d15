package io.kubesim.controllermanager.history;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.deployment.PodTemplateHash;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the DaemonSet and StatefulSet controllers' histories share (pkg/controller/history and their
 * getPatch): a ControllerRevision per pod template the owner has had, named {@code <owner>-<hash>},
 * labelled with the template's labels and {@value #HASH_LABEL}, carrying the owner's annotations,
 * whose data is the strategic merge patch that puts that template back: {@code
 * {"spec":{"template":{"$patch":"replace", ...}}}}. {@code kubectl rollout undo} applies that patch
 * to the owner; {@code kubectl rollout history} lists the revisions the owner controls.
 */
public final class Revisions {
  public static final String HASH_LABEL = "controller-revision-hash";

  /** ControllerRevisionName keeps the prefix to 223 characters, so the name fits 253. */
  private static final int MAX_PREFIX = 223;

  private Revisions() {}

  public static long revision(ControllerRevision r) {
    return r.getRevision() == null ? 0 : r.getRevision();
  }

  /** ControllerRevisionName: {@code <prefix>-<hash>}. */
  public static String name(String prefix, String hash) {
    String p = prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix;
    return p + "-" + hash;
  }

  /**
   * A revision of {@code template} owned by {@code owner} (NewControllerRevision and the owner's
   * annotations copied, as both controllers do).
   */
  public static ControllerRevision snapshot(
      HasMetadata owner, PodTemplateSpec template, String hash, long revision) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    labels.put(HASH_LABEL, hash);
    ControllerRevision r = new ControllerRevision();
    r.setApiVersion("apps/v1");
    r.setKind("ControllerRevision");
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(owner.getMetadata().getName(), hash))
            .withNamespace(owner.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(
                owner.getMetadata().getAnnotations() == null
                    ? null
                    : new LinkedHashMap<>(owner.getMetadata().getAnnotations()))
            .withOwnerReferences(Kube.controllerRef(owner))
            .build());
    r.setData(patch(template));
    r.setRevision(revision);
    return r;
  }

  /**
   * HashControllerRevision: FNV-1 (32 bit, not 1a) over the data's bytes, then the collision count
   * in decimal, rendered through rand.SafeEncodeString. The bytes are the patch as Go's
   * json.Marshal writes it: compact, keys sorted, and {@code <}, {@code >}, {@code &} escaped.
   */
  public static String hash(ObjectNode data, Integer collisionCount) {
    int hash = 0x811c9dc5;
    for (byte b : goJson(data).getBytes(StandardCharsets.UTF_8)) {
      hash = (hash * 0x01000193) ^ (b & 0xff);
    }
    if (collisionCount != null) {
      for (byte b : Integer.toString(collisionCount).getBytes(StandardCharsets.UTF_8)) {
        hash = (hash * 0x01000193) ^ (b & 0xff);
      }
    }
    return PodTemplateHash.safeEncode(Integer.toUnsignedString(hash));
  }

  private static String goJson(JsonNode node) {
    return Json.MAPPER
        .writeValueAsString(node)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029");
  }

  /** The revision's data as canonical text (keys sorted), to compare with {@link #patchText}. */
  public static String dataText(ControllerRevision r) {
    return r.getData() == null
        ? ""
        : Json.MAPPER.writeValueAsString(sorted(Kube.tree(r.getData())));
  }

  public static String patchText(PodTemplateSpec template) {
    return Json.MAPPER.writeValueAsString(patch(template));
  }

  /** Whether the revision's data, byte for byte, is the patch of this template. */
  public static boolean matches(PodTemplateSpec template, ControllerRevision r) {
    return patchText(template).equals(dataText(r));
  }

  /**
   * getPatch: {@code {"spec":{"template":{"$patch":"replace", <template>}}}} with every object's
   * keys sorted, as Go marshals the owner decoded into maps; kubectl computes the same text to tell
   * whether the owner already is at a revision. The template reads as Go's encoder writes the typed
   * struct: empty lists and maps left out, the template's {@code creationTimestamp: null} and each
   * container's {@code resources: {}} always there (structs, not pointers, in Go).
   */
  public static ObjectNode patch(PodTemplateSpec podTemplate) {
    ObjectNode template = (ObjectNode) Kube.tree(podTemplate);
    ObjectNode metadata =
        template.get("metadata") instanceof ObjectNode m ? m : template.putObject("metadata");
    metadata.putNull("creationTimestamp");
    if (template.get("spec") instanceof ObjectNode spec) {
      for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
        if (spec.get(list) instanceof ArrayNode containers) {
          for (JsonNode c : containers) {
            if (c instanceof ObjectNode container && !container.has("resources")) {
              container.putObject("resources");
            }
          }
        }
      }
    }
    template.put("$patch", "replace");
    ObjectNode patch = Json.object();
    patch.putObject("spec").set("template", template);
    return (ObjectNode) sorted(patch);
  }

  /** ApplyRevision's result for the template: the one the revision's patch puts back. */
  public static PodTemplateSpec template(ControllerRevision r) {
    JsonNode template = Kube.tree(r.getData()).path("spec").path("template");
    if (!(template instanceof ObjectNode object)) {
      return new PodTemplateSpec();
    }
    ObjectNode copy = object.deepCopy();
    copy.remove("$patch");
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("creationTimestamp");
    }
    return Json.MAPPER.treeToValue(copy, PodTemplateSpec.class);
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      object.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode out = Json.object();
      fields.forEach(out::set);
      return out;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      array.forEach(item -> out.add(sorted(item)));
      return out;
    }
    return node;
  }
}
