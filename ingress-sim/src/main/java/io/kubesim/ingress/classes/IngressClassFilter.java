package io.kubesim.ingress.classes;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.List;
import java.util.Map;

/**
 * Which ingresses this controller serves, as ingress-nginx's store decides (GetIngressClass): one
 * whose spec.ingressClassName names an IngressClass of our controller (k8s.io/ingress-nginx); else
 * one whose legacy kubernetes.io/ingress.class annotation is our class name (nginx); else, with
 * --watch-ingress-without-class (which kind's manifest sets), one that names no class. An ingress
 * naming a class that does not exist, or belongs to another controller, is ignored.
 */
public final class IngressClassFilter {
  public static final String LEGACY_ANNOTATION = "kubernetes.io/ingress.class";

  /**
   * @param className --ingress-class: the class name ({@code nginx})
   * @param controller --controller-class ({@code k8s.io/ingress-nginx})
   * @param watchWithoutClass --watch-ingress-without-class
   */
  public record Settings(String className, String controller, boolean watchWithoutClass) {}

  private IngressClassFilter() {}

  public static boolean ours(Ingress ing, Map<String, IngressClass> classes, Settings settings) {
    String name = ing.getSpec() == null ? null : ing.getSpec().getIngressClassName();
    if (name != null) {
      IngressClass c = classes.get(name);
      return c != null
          && c.getSpec() != null
          && settings.controller().equals(c.getSpec().getController());
    }
    Map<String, String> annotations = ing.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(LEGACY_ANNOTATION)) {
      return settings.className().equals(annotations.get(LEGACY_ANNOTATION));
    }
    return settings.watchWithoutClass();
  }

  public static List<Ingress> ours(
      List<Ingress> ingresses, Map<String, IngressClass> classes, Settings settings) {
    return ingresses.stream().filter(i -> ours(i, classes, settings)).toList();
  }
}
