package io.kubesim.core.quota;

import io.kubesim.core.quantity.Quantity;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** What a ResourceQuota covers and what its namespace uses of it (quota.CalculateUsage). */
public final class QuotaUsage {
  private QuotaUsage() {}

  /**
   * Whether the quota applies to the object: it limits something the evaluator measures (in
   * status.hard: a quota the controller has not seen yet limits nothing) and the object is in every
   * scope of the quota.
   */
  public static boolean matches(JsonNode quota, Evaluator evaluator, JsonNode object) {
    Collection<String> hard = ResourceList.of(quota.path("status").path("hard")).keySet();
    if (evaluator.matchingResources(hard).isEmpty()) {
      return false;
    }
    return inScopes(ScopeSelector.of(quota), evaluator, object);
  }

  static boolean inScopes(List<ScopeSelector> scopes, Evaluator evaluator, JsonNode object) {
    for (ScopeSelector scope : scopes) {
      if (!evaluator.matchesScope(scope, object)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The usage of every resource of {@code spec.hard} some evaluator measures, summed over the
   * objects {@code list} gives for a qualified resource in the quota's namespace (null when it
   * cannot list that resource, which leaves its names out). Each tracked name starts at zero.
   *
   * <p>Worked example: hard {@code pods: 2, requests.cpu: 1}, two running pods asking 400m and 300m
   * and a Succeeded one asking 500m: used {@code pods: 2, requests.cpu: 700m}.
   */
  public static Map<String, Quantity> calculate(
      JsonNode quota, Function<String, List<? extends JsonNode>> list, Instant now) {
    Map<String, Quantity> hard = ResourceList.of(quota.path("spec").path("hard"));
    List<ScopeSelector> scopes = ScopeSelector.of(quota);
    Map<String, Quantity> used = new TreeMap<>();
    for (Evaluator evaluator : Evaluators.forNames(hard.keySet())) {
      List<String> tracked = evaluator.matchingResources(hard.keySet());
      List<? extends JsonNode> objects = list.apply(evaluator.groupResource());
      if (objects == null) {
        continue;
      }
      Map<String, Quantity> sum = new TreeMap<>();
      tracked.forEach(name -> sum.put(name, Quantity.ZERO));
      for (JsonNode object : objects) {
        if (inScopes(scopes, evaluator, object)) {
          sum.putAll(ResourceList.add(sum, evaluator.usage(object, now)));
        }
      }
      used = ResourceList.add(used, ResourceList.mask(sum, tracked));
    }
    return used;
  }
}
