package io.kubesim.core.quota;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evaluators kube-apiserver and kube-controller-manager share (pkg/quota/v1/evaluator/core
 * registry): pods, services and claims measured; every other resource counted as {@code
 * count/<resource>.<group>}, four core ones also under their legacy names.
 */
public final class Evaluators {
  private static final Map<String, String> LEGACY_ALIASES =
      Map.of(
          "configmaps", "configmaps",
          "secrets", "secrets",
          "replicationcontrollers", "replicationcontrollers",
          "resourcequotas", "resourcequotas");

  private static final Map<String, Evaluator> MEASURED =
      Map.of(
          "pods", new PodEvaluator(),
          "services", new ServiceEvaluator(),
          "persistentvolumeclaims", new PersistentVolumeClaimEvaluator());

  private Evaluators() {}

  /** The evaluator of a qualified resource ({@code pods}, {@code deployments.apps}). */
  public static Evaluator forResource(String groupResource) {
    Evaluator measured = MEASURED.get(groupResource);
    return measured != null
        ? measured
        : ObjectCountEvaluator.of(groupResource, LEGACY_ALIASES.get(groupResource));
  }

  /**
   * The evaluators a quota with these hard names needs: the measured and legacy ones whose names it
   * uses, and one per {@code count/<resource>} it names.
   */
  public static List<Evaluator> forNames(Collection<String> hard) {
    Set<String> resources = new LinkedHashSet<>();
    for (String name : hard) {
      if (name.startsWith("count/")) {
        resources.add(name.substring("count/".length()));
      }
    }
    resources.addAll(MEASURED.keySet());
    resources.addAll(LEGACY_ALIASES.keySet());
    List<Evaluator> out = new ArrayList<>();
    for (String resource : resources) {
      Evaluator evaluator = forResource(resource);
      if (!evaluator.matchingResources(hard).isEmpty()) {
        out.add(evaluator);
      }
    }
    return out;
  }
}
