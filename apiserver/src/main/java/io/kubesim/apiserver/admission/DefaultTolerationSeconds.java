package io.kubesim.apiserver.admission;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The DefaultTolerationSeconds admission plugin: a new pod that does not already tolerate the
 * node-lifecycle NoExecute taints gets {@code node.kubernetes.io/not-ready} and {@code
 * node.kubernetes.io/unreachable} tolerations for 300 s, so it is evicted five minutes after its
 * node fails rather than at once.
 */
public final class DefaultTolerationSeconds {
  /** The plugin's default (--default-not-ready-toleration-seconds, -unreachable-). */
  public static final long SECONDS = 300;

  private static final String NOT_READY = "node.kubernetes.io/not-ready";
  private static final String UNREACHABLE = "node.kubernetes.io/unreachable";

  private DefaultTolerationSeconds() {}

  public static void admit(ObjectNode pod) {
    if (!(pod.path("spec") instanceof ObjectNode spec)) {
      return;
    }
    ArrayNode tolerations =
        spec.get("tolerations") instanceof ArrayNode existing
            ? existing
            : spec.putArray("tolerations");
    for (String key : new String[] {NOT_READY, UNREACHABLE}) {
      if (!tolerates(tolerations, key)) {
        tolerations
            .addObject()
            .put("key", key)
            .put("operator", "Exists")
            .put("effect", "NoExecute")
            .put("tolerationSeconds", SECONDS);
      }
    }
  }

  /** Whether a toleration already covers the NoExecute taint with this key. */
  private static boolean tolerates(ArrayNode tolerations, String key) {
    for (JsonNode t : tolerations) {
      String effect = t.path("effect").asString("");
      boolean effectMatches = effect.isEmpty() || effect.equals("NoExecute");
      String k = t.path("key").asString("");
      boolean keyMatches =
          k.equals(key) || (k.isEmpty() && t.path("operator").asString("").equals("Exists"));
      if (effectMatches && keyMatches) {
        return true;
      }
    }
    return false;
  }
}
