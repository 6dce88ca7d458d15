package io.kubesim.apiserver.admission;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
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
public final class DefaultIngressClass implements AdmissionPlugin {
  static final String IS_DEFAULT = "ingressclass.kubernetes.io/is-default-class";
  static final String LEGACY = "kubernetes.io/ingress.class";
  private static final ResourceType INGRESS_CLASSES =
      Resources.find("networking.k8s.io", "v1", "ingressclasses").orElseThrow();

  private final Store store;

  public DefaultIngressClass(Store store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "DefaultIngressClass";
  }

  @Override
  public void admit(Attributes a) {
    if (a.operation() == Operation.CREATE
        && a.resource().equals("ingresses.networking.k8s.io")
        && a.subresource() == null
        && a.object() != null) {
      admit(a.object(), store.list(INGRESS_CLASSES, null).items());
    }
  }

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
