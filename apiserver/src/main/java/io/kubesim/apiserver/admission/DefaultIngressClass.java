package io.kubesim.apiserver.admission;

import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The DefaultIngressClass admission plugin: a new Ingress that names no class, neither in
 * spec.ingressClassName nor in the legacy {@code kubernetes.io/ingress.class} annotation, gets the
 * class marked {@code ingressclass.kubernetes.io/is-default-class: "true"}. With several marked,
 * 1.32 takes the newest (creationTimestamp; on a tie the first name), where releases before 1.28
 * refused the Ingress. Only creation is defaulted: an update never gains a class.
 */
public final class DefaultIngressClass {
  static final String IS_DEFAULT = "ingressclass.kubernetes.io/is-default-class";
  static final String LEGACY = "kubernetes.io/ingress.class";

  private DefaultIngressClass() {}

  /** Sets spec.ingressClassName of {@code ingress} from {@code classes} (the stored ones). */
  public static void admit(ObjectNode ingress, List<? extends JsonNode> classes) {
    if (!ingress.path("spec").path("ingressClassName").isMissingNode()
        && !ingress.path("spec").path("ingressClassName").isNull()) {
      return;
    }
    if (ingress.path("metadata").path("annotations").has(LEGACY)) {
      return;
    }
    String chosen = defaultClass(classes);
    if (chosen == null) {
      return;
    }
    JsonNode spec = ingress.path("spec");
    ObjectNode target = spec instanceof ObjectNode o ? o : ingress.putObject("spec");
    target.put("ingressClassName", chosen);
  }

  /** The name of the newest class marked default, or null when none is. */
  static String defaultClass(List<? extends JsonNode> classes) {
    // RFC 3339 timestamps in UTC with whole seconds, as stored, order as text
    return classes.stream()
        .filter(
            c ->
                "true".equals(c.path("metadata").path("annotations").path(IS_DEFAULT).asString("")))
        .min(
            Comparator.comparing(
                    (JsonNode c) -> c.path("metadata").path("creationTimestamp").asString(""))
                .reversed()
                .thenComparing(c -> c.path("metadata").path("name").asString("")))
        .map(c -> c.path("metadata").path("name").asString())
        .orElse(null);
  }
}
