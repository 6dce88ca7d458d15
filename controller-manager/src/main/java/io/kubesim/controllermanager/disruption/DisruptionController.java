package io.kubesim.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.SharedInformers;
import io.kubesim.controllermanager.Trees;
import io.kubesim.controllermanager.disruption.DisruptionPlanner.Budget;
import io.kubesim.controllermanager.disruption.DisruptionPlanner.IntOrPercent;
import io.kubesim.controllermanager.disruption.DisruptionPlanner.Plan;
import io.kubesim.controllermanager.disruption.DisruptionPlanner.PodState;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.selector.LabelSelector;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The disruption controller (pkg/controller/disruption): keeps each PodDisruptionBudget's status
 * (expected, healthy and desired pods, disruptions allowed, the DisruptionAllowed condition) true
 * to the pods it selects, which is what the eviction subresource and so {@code kubectl drain}
 * consult. Keys are budgets' namespace/name; any change to a pod or to a workload's scale requeues
 * the budgets of its namespace.
 */
public final class DisruptionController implements ManagedController {
  static final ResourcePath BUDGETS = ResourcePath.of("policy/v1", "poddisruptionbudgets");
  private static final ResourcePath DEPLOYMENTS = ResourcePath.of("apps/v1", "deployments");
  private static final ResourcePath REPLICASETS = ResourcePath.of("apps/v1", "replicasets");
  private static final ResourcePath STATEFULSETS = ResourcePath.of("apps/v1", "statefulsets");

  private final ControllerContext ctx;
  private final Informer budgets;
  private final Informer pods;
  private final Informer deployments;
  private final Informer replicaSets;
  private final Informer statefulSets;
  private final ControllerLoop loop;

  public DisruptionController(ControllerContext ctx) {
    this.ctx = ctx;
    this.budgets = ctx.informers().of(BUDGETS);
    this.pods = ctx.informers().of(ResourcePath.PODS);
    this.deployments = ctx.informers().of(DEPLOYMENTS);
    this.replicaSets = ctx.informers().of(REPLICASETS);
    this.statefulSets = ctx.informers().of(STATEFULSETS);
    this.loop = ctx.loop("disruption", 2, this::sync);
    budgets.addHandler(EventHandler.enqueue(loop::enqueue));
    EventHandler namespaceBudgets = EventHandler.enqueue(this::enqueueNamespaceOf);
    for (Informer informer : List.of(pods, deployments, replicaSets, statefulSets)) {
      informer.addHandler(namespaceBudgets);
    }
  }

  /** A key of any object: requeue the budgets of its namespace (there are few). */
  private void enqueueNamespaceOf(String key) {
    String namespace = Keys.namespace(key);
    for (String budget : budgets.keys()) {
      if (namespace.equals(Keys.namespace(budget))) {
        loop.enqueue(budget);
      }
    }
  }

  @Override
  public String name() {
    return "disruption";
  }

  @Override
  public void start() {
    loop.start(budgets.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private Future<Result> sync(String key) {
    ObjectNode budget = budgets.get(key);
    if (budget == null || Trees.deleting(budget)) {
      return Future.succeededFuture(Result.done());
    }
    JsonNode spec = budget.path("spec");
    List<ObjectNode> selected = selectedPods(Trees.namespace(budget), spec.get("selector"));
    List<PodState> states = new ArrayList<>();
    for (ObjectNode pod : selected) {
      Pod typed = ctx.informers().typed(pod, "v1", "Pod", Pod.class);
      states.add(new PodState(Trees.name(pod), Kube.isPodReady(typed), Trees.deleting(pod)));
    }
    Budget asked =
        new Budget(
            intOrPercent(spec.get("minAvailable")), intOrPercent(spec.get("maxUnavailable")));
    Instant now = ctx.clock().instant();
    Plan plan =
        DisruptionPlanner.plan(
            asked, states, asked.needsScale() ? scale(selected) : null, disrupted(budget), now);
    ObjectNode status = status(budget, plan, now);
    Result after =
        plan.recheckAt() == null
            ? Result.done()
            : Result.requeueAfter(Duration.between(now, plan.recheckAt()).plusSeconds(1));
    if (status.equals(budget.path("status"))) {
      return Future.succeededFuture(after);
    }
    ObjectNode body = budget.deepCopy();
    body.set("status", status);
    return ctx.api()
        .updateStatus(BUDGETS.item(Trees.namespace(budget), Trees.name(budget)), body)
        .map(updated -> after);
  }

  private List<ObjectNode> selectedPods(String namespace, JsonNode selector) {
    List<ObjectNode> out = new ArrayList<>();
    if (selector == null || !selector.isObject()) {
      return out;
    }
    LabelSelector labels = LabelSelector.fromObject(selector);
    for (ObjectNode pod : SharedInformers.namespaced(pods, namespace)) {
      if (labels.matches(Trees.labels(pod))) {
        out.add(pod);
      }
    }
    return out;
  }

  /**
   * The replicas the selected pods' controllers want, each controller once; for a ReplicaSet of a
   * Deployment the Deployment's. Null when a pod has no controller the budget can scale by.
   */
  private Long scale(List<ObjectNode> selected) {
    Set<String> seen = new LinkedHashSet<>();
    long total = 0;
    for (ObjectNode pod : selected) {
      String replicaSet = Trees.controllerKey(pod, "ReplicaSet");
      String statefulSet = Trees.controllerKey(pod, "StatefulSet");
      ObjectNode scaled;
      String id;
      if (replicaSet != null) {
        ObjectNode rs = replicaSets.get(replicaSet);
        String deployment = rs == null ? null : Trees.controllerKey(rs, "Deployment");
        scaled = deployment != null ? deployments.get(deployment) : rs;
        id = deployment != null ? "Deployment/" + deployment : "ReplicaSet/" + replicaSet;
      } else if (statefulSet != null) {
        scaled = statefulSets.get(statefulSet);
        id = "StatefulSet/" + statefulSet;
      } else {
        return null;
      }
      if (scaled == null) {
        return null;
      }
      if (seen.add(id)) {
        total += scaled.path("spec").path("replicas").asLong(1);
      }
    }
    return total;
  }

  private ObjectNode status(ObjectNode budget, Plan plan, Instant now) {
    ObjectNode old = budget.path("status").isObject() ? (ObjectNode) budget.get("status") : null;
    ObjectNode status = budget.objectNode();
    ObjectNode disrupted = status.putObject("disruptedPods");
    plan.disruptedPods().forEach((pod, at) -> disrupted.put(pod, at.toString()));
    status.put("disruptionsAllowed", plan.disruptionsAllowed());
    status.put("currentHealthy", plan.currentHealthy());
    status.put("desiredHealthy", plan.desiredHealthy());
    status.put("expectedPods", plan.expectedPods());
    long generation = budget.path("metadata").path("generation").asLong(0);
    boolean allowed = plan.disruptionsAllowed() > 0;
    String conditionStatus = allowed ? "True" : "False";
    String since = now.truncatedTo(ChronoUnit.SECONDS).toString();
    if (old != null) {
      for (JsonNode c : old.path("conditions")) {
        if ("DisruptionAllowed".equals(c.path("type").asString(""))
            && conditionStatus.equals(c.path("status").asString(""))) {
          since = c.path("lastTransitionTime").asString(since);
        }
      }
    }
    ArrayNode conditions = status.putArray("conditions");
    ObjectNode condition = conditions.addObject();
    condition.put("type", "DisruptionAllowed");
    condition.put("status", conditionStatus);
    condition.put("observedGeneration", generation);
    condition.put("lastTransitionTime", since);
    condition.put("reason", allowed ? "SufficientPods" : "InsufficientPods");
    condition.put("message", "");
    status.put("observedGeneration", generation);
    return status;
  }

  private static Map<String, Instant> disrupted(ObjectNode budget) {
    Map<String, Instant> out = new HashMap<>();
    budget
        .path("status")
        .path("disruptedPods")
        .properties()
        .forEach(e -> out.put(e.getKey(), Instant.parse(e.getValue().asString())));
    return out;
  }

  private static IntOrPercent intOrPercent(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return IntOrPercent.parse(value.isNumber() ? (Object) value.asLong() : value.asString(""));
  }
}
