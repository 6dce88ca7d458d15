package io.kubesim.apiserver.admission;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The DefaultTolerationSeconds admission plugin (mutating phase): a new pod that does not already
 * tolerate the node-lifecycle NoExecute taints gets {@code node.kubernetes.io/not-ready} and {@code
 * node.kubernetes.io/unreachable} tolerations for 300 s, so it is evicted five minutes after its
 * node fails rather than at once.
 *
 * <p>Settings, from the apiserver's environment under kube-apiserver's flag names:
 *
 * <ul>
 *   <li>{@code KUBESIM_DEFAULT_NOT_READY_TOLERATION_SECONDS} ({@code
 *       --default-not-ready-toleration-seconds}, default 300);
 *   <li>{@code KUBESIM_DEFAULT_UNREACHABLE_TOLERATION_SECONDS} ({@code
 *       --default-unreachable-toleration-seconds}, default 300);
 *   <li>{@code KUBESIM_PROFILE=fast} makes both defaults 10 s (an explicit variable still wins), so
 *       that with the controller-manager's fast node-monitor-grace-period of 10 s a killed node's
 *       pods are replaced within half a minute.
 * </ul>
 *
 * @param notReadySeconds tolerationSeconds of the not-ready toleration
 * @param unreachableSeconds tolerationSeconds of the unreachable toleration
 */
public record DefaultTolerationSeconds(long notReadySeconds, long unreachableSeconds)
    implements AdmissionPlugin {
  /** The plugin's default (--default-not-ready-toleration-seconds, -unreachable-). */
  public static final long SECONDS = 300;

  /** The fast profile's value for both. */
  public static final long FAST_SECONDS = 10;

  public static final DefaultTolerationSeconds DEFAULTS =
      new DefaultTolerationSeconds(SECONDS, SECONDS);

  private static final String NOT_READY = "node.kubernetes.io/not-ready";
  private static final String UNREACHABLE = "node.kubernetes.io/unreachable";

  public static DefaultTolerationSeconds fromEnv(Map<String, String> env) {
    long base =
        "fast".equalsIgnoreCase(env.getOrDefault("KUBESIM_PROFILE", "")) ? FAST_SECONDS : SECONDS;
    return new DefaultTolerationSeconds(
        seconds(env, "KUBESIM_DEFAULT_NOT_READY_TOLERATION_SECONDS", base),
        seconds(env, "KUBESIM_DEFAULT_UNREACHABLE_TOLERATION_SECONDS", base));
  }

  private static long seconds(Map<String, String> env, String name, long fallback) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a number of seconds: " + text, e);
    }
  }

  @Override
  public String name() {
    return "DefaultTolerationSeconds";
  }

  /** Pods, on create and update (a toleration an update drops comes back). */
  @Override
  public void admit(Attributes a) {
    boolean write = a.operation() == Operation.CREATE || a.operation() == Operation.UPDATE;
    if (write && a.resource().equals("pods") && a.subresource() == null && a.object() != null) {
      admit(a.object());
    }
  }

  public void admit(ObjectNode pod) {
    if (!(pod.path("spec") instanceof ObjectNode spec)) {
      return;
    }
    ArrayNode tolerations =
        spec.get("tolerations") instanceof ArrayNode existing
            ? existing
            : spec.putArray("tolerations");
    add(tolerations, NOT_READY, notReadySeconds);
    add(tolerations, UNREACHABLE, unreachableSeconds);
  }

  private static void add(ArrayNode tolerations, String key, long seconds) {
    if (!tolerates(tolerations, key)) {
      tolerations
          .addObject()
          .put("key", key)
          .put("operator", "Exists")
          .put("effect", "NoExecute")
          .put("tolerationSeconds", seconds);
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
