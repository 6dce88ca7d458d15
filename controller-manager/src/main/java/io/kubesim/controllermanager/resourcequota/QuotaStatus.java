package io.kubesim.controllermanager.resourcequota;

import io.kubesim.core.quantity.Quantity;
import io.kubesim.core.quota.QuotaUsage;
import io.kubesim.core.quota.ResourceList;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status a ResourceQuota should have (syncResourceQuota), as a pure function: {@code hard} is
 * spec.hard; {@code used} is the namespace's usage of each hard resource kubesim can measure, the
 * last observed value kept for one it cannot count now, and nothing for a resource no longer hard.
 */
final class QuotaStatus {
  private QuotaStatus() {}

  /**
   * The status to write, or null when the stored one already says it.
   *
   * @param list the objects of a qualified resource in the quota's namespace, or null when the
   *     controller does not watch that resource
   */
  static ObjectNode next(
      JsonNode quota, Function<String, List<? extends JsonNode>> list, Instant now) {
    Map<String, Quantity> hard = ResourceList.of(quota.path("spec").path("hard"));
    JsonNode status = quota.path("status");
    Map<String, Quantity> used = new TreeMap<>(ResourceList.of(status.path("used")));
    used.putAll(QuotaUsage.calculate(quota, list, now));
    used = ResourceList.mask(used, hard.keySet());
    boolean current =
        status.has("hard")
            && status.has("used")
            && ResourceList.same(hard, ResourceList.of(status.path("hard")))
            && ResourceList.same(used, ResourceList.of(status.path("used")));
    if (current) {
      return null;
    }
    ObjectNode next = io.kubesim.core.json.Json.object();
    next.set("hard", ResourceList.toJson(hard));
    next.set("used", ResourceList.toJson(used));
    return next;
  }
}
