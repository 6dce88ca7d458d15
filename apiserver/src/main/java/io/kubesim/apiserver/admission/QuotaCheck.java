package io.kubesim.apiserver.admission;

import io.kubesim.core.quantity.Quantity;
import io.kubesim.core.quota.Evaluator;
import io.kubesim.core.quota.QuotaUsage;
import io.kubesim.core.quota.ResourceList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Whether a request fits the namespace's quotas, and what each quota's usage becomes if it is
 * admitted (resourcequota.CheckRequest), as a pure function of the quotas as read. Refusals are the
 * plugin's 403s, in its order: a container that does not state what a quota tracks ({@code failed
 * quota}), a quota whose usage the controller has not computed ({@code status unknown for quota}),
 * then a quota the request would exceed ({@code exceeded quota}).
 */
final class QuotaCheck {
  private QuotaCheck() {}

  /** A quota the request changes, and its usage after the request. */
  record Charge(String quota, Map<String, Quantity> used) {}

  /**
   * The charges of a request on {@code quotas}; none when no quota covers what the request uses.
   *
   * <p>Worked example: quota {@code pods: 2} using {@code pods: 2}, a create of one pod: requested
   * {@code pods=1}, new usage 3 &gt; 2, so {@code exceeded quota: q, requested: pods=1, used:
   * pods=2, limited: pods=2}. An update is charged only what it adds: a claim grown from 1Gi to 3Gi
   * requests {@code requests.storage=2Gi}.
   */
  static List<Charge> check(
      List<? extends JsonNode> quotas, Attributes a, Evaluator evaluator, Instant now) {
    JsonNode object = a.object();
    List<JsonNode> covering = new ArrayList<>();
    for (JsonNode quota : quotas) {
      if (!QuotaUsage.matches(quota, evaluator, object)) {
        continue;
      }
      Map<String, Quantity> hard = ResourceList.of(quota.path("status").path("hard"));
      List<String> restricted = evaluator.matchingResources(hard.keySet());
      String missing = evaluator.constraints(restricted, object);
      if (missing != null) {
        throw a.forbidden("failed quota: " + name(quota) + ": " + missing);
      }
      Map<String, Quantity> used = ResourceList.of(quota.path("status").path("used"));
      if (!used.keySet().containsAll(restricted)) {
        throw a.forbidden(
            "status unknown for quota: "
                + name(quota)
                + ", resources: "
                + ResourceList.names(restricted));
      }
      covering.add(quota);
    }
    if (covering.isEmpty()) {
      return List.of();
    }
    Map<String, Quantity> usage = evaluator.usage(object, now);
    List<String> negative = ResourceList.negative(usage);
    if (!negative.isEmpty()) {
      throw a.forbidden("quota usage is negative for resource(s): " + ResourceList.names(negative));
    }
    JsonNode old = a.operation() == Operation.UPDATE ? a.oldObject() : null;
    Map<String, Quantity> delta = usage;
    if (old != null && !old.path("metadata").path("resourceVersion").asString("").isEmpty()) {
      delta = ResourceList.subtractNonNegative(usage, evaluator.usage(old, now));
    }
    List<Charge> charges = new ArrayList<>();
    for (JsonNode quota : covering) {
      Map<String, Quantity> own =
          old != null && QuotaUsage.matches(quota, evaluator, old) ? delta : usage;
      own = ResourceList.removeZeros(own);
      if (own.isEmpty()) {
        continue;
      }
      charges.add(charge(quota, own, a));
    }
    return charges;
  }

  private static Charge charge(JsonNode quota, Map<String, Quantity> delta, Attributes a) {
    Map<String, Quantity> hard = ResourceList.of(quota.path("status").path("hard"));
    Map<String, Quantity> used = ResourceList.of(quota.path("status").path("used"));
    Map<String, Quantity> requested = ResourceList.mask(delta, hard.keySet());
    Map<String, Quantity> after = ResourceList.add(used, requested);
    if (!"status".equals(a.subresource())) {
      List<String> exceeded =
          ResourceList.exceeding(ResourceList.mask(after, requested.keySet()), hard);
      if (!exceeded.isEmpty()) {
        throw a.forbidden(
            "exceeded quota: "
                + name(quota)
                + ", requested: "
                + ResourceList.pretty(ResourceList.mask(requested, exceeded))
                + ", used: "
                + ResourceList.pretty(ResourceList.mask(used, exceeded))
                + ", limited: "
                + ResourceList.pretty(ResourceList.mask(hard, exceeded)));
      }
    }
    return new Charge(name(quota), after);
  }

  private static String name(JsonNode quota) {
    return quota.path("metadata").path("name").asString("");
  }
}
