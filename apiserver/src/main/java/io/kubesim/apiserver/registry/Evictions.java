package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.request.RequestInfo;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import io.kubesim.apiserver.storage.Store;
import io.kubesim.apiserver.storage.Stored;
import io.kubesim.core.api.ApiException;
import io.kubesim.core.api.Status;
import io.kubesim.core.selector.LabelSelector;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The eviction subresource's check against PodDisruptionBudgets (pkg/registry/core/pod/storage
 * eviction.go): a pod covered by a budget is deleted only when the budget's status, kept by the
 * disruption controller, allows one more disruption; the budget then records the pod in
 * status.disruptedPods and allows one fewer, in the same commit, so two evictions cannot both take
 * the last disruption. Otherwise 429 with the real message, and kubectl drain retries.
 */
final class Evictions {
  static final String VIOLATION =
      "Cannot evict pod as it would violate the pod's disruption budget.";

  private final Store store;
  private final Writes writes;
  private final Clock clock;
  private final ResourceType budgets =
      Resources.find("policy", "v1", "poddisruptionbudgets").orElseThrow();

  Evictions(Store store, Writes writes, Clock clock) {
    this.store = store;
    this.writes = writes;
    this.clock = clock;
  }

  /** Throws unless the pod may go now; on success the budget (if any) has counted it. */
  void admit(ObjectNode pod, RequestInfo info, boolean dryRun) {
    if (ignoresBudgets(pod)) {
      return;
    }
    List<ObjectNode> covering = new ArrayList<>();
    Map<String, String> labels = Meta.labels(pod);
    for (Stored stored : store.list(budgets, info.namespace()).entries()) {
      JsonNode selector = stored.object().path("spec").get("selector");
      if (selector != null
          && selector.isObject()
          && LabelSelector.fromObject(selector).matches(labels)) {
        covering.add(stored.object());
      }
    }
    if (covering.isEmpty()) {
      return;
    }
    if (covering.size() > 1) {
      throw Status.internal(
          "This pod has more than one PodDisruptionBudget, which the eviction subresource does not"
              + " support.");
    }
    ObjectNode budget = covering.get(0);
    if (!ready(pod) && unhealthyMayGo(budget)) {
      return;
    }
    String podName = info.name();
    writes.update(
        budgets,
        info.namespace(),
        budget.path("metadata").path("name").asString(),
        Writes.Mode.STATUS,
        dryRun,
        current -> {
          ObjectNode next = current.deepCopy();
          ObjectNode status =
              next.has("status") && next.get("status").isObject()
                  ? (ObjectNode) next.get("status")
                  : next.putObject("status");
          check(current, status);
          status.put("disruptionsAllowed", status.path("disruptionsAllowed").asLong() - 1);
          ObjectNode disrupted =
              status.has("disruptedPods") && status.get("disruptedPods").isObject()
                  ? (ObjectNode) status.get("disruptedPods")
                  : status.putObject("disruptedPods");
          disrupted.put(podName, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
          return next;
        });
  }

  /** checkAndDecrement: the controller must have seen this generation and allow a disruption. */
  private static void check(ObjectNode budget, JsonNode status) {
    String name = budget.path("metadata").path("name").asString();
    long generation = budget.path("metadata").path("generation").asLong(0);
    if (status.path("observedGeneration").asLong(-1) < generation) {
      throw tooManyRequests(
          "The disruption budget " + name + " is still being processed by the server.");
    }
    if (status.path("disruptionsAllowed").asLong(0) <= 0) {
      throw tooManyRequests(
          "The disruption budget "
              + name
              + " needs "
              + status.path("desiredHealthy").asLong(0)
              + " healthy pods and has "
              + status.path("currentHealthy").asLong(0)
              + " currently");
    }
  }

  private static ApiException tooManyRequests(String cause) {
    ApiException e = Status.tooManyRequests(VIOLATION);
    ObjectNode details = e.status().putObject("details");
    ObjectNode c = details.putArray("causes").addObject();
    c.put("reason", "DisruptionBudget");
    c.put("message", cause);
    return e;
  }

  /** Pods that are not running yet, or are done, or are already going, need no budget. */
  private static boolean ignoresBudgets(ObjectNode pod) {
    String phase = pod.path("status").path("phase").asString("");
    return phase.equals("Succeeded")
        || phase.equals("Failed")
        || phase.equals("Pending")
        || pod.path("metadata").has("deletionTimestamp");
  }

  /** An unready pod may go when the policy says so, or when the budget is met without it. */
  private static boolean unhealthyMayGo(ObjectNode budget) {
    JsonNode status = budget.path("status");
    if ("AlwaysAllow".equals(budget.path("spec").path("unhealthyPodEvictionPolicy").asString(""))) {
      return true;
    }
    return status.path("currentHealthy").asLong(0) >= status.path("desiredHealthy").asLong(0)
        && status.path("observedGeneration").asLong(-1)
            >= budget.path("metadata").path("generation").asLong(0);
  }

  private static boolean ready(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asString(""))) {
        return "True".equals(c.path("status").asString(""));
      }
    }
    return false;
  }
}
