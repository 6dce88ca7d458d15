package io.kubesim.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.ChangeHandler;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * kube-controller-manager's node lifecycle controller and its taint-eviction controller: the thin
 * I/O shell around {@link NodeHealth} and {@link TaintEviction}. Start it while the
 * controller-manager leads, stop it when it stops leading.
 *
 * <ul>
 *   <li>Informers on Nodes and Leases in kube-node-lease; the process's shared one on Pods.
 *   <li>Every node-monitor-period, each node's plan is applied with conditional writes: the
 *       conditions through nodes/status, then the taints through the node (a 409 Conflict waits for
 *       the next pass). When Ready goes from True to Unknown: a NodeNotReady event on the node
 *       ("Node x status is now: NodeNotReady"), and each of its pods gets Ready False and a Warning
 *       NodeNotReady "Node is not ready" event (MarkPodsNotReady).
 *   <li>Pods on a node with a NoExecute taint are deleted when {@link TaintEviction} says so: at
 *       once, or by a timer at the end of their tolerationSeconds, after a Normal
 *       TaintManagerEviction "Marking for deletion Pod ns/name" event (source
 *       taint-eviction-controller) and a DisruptionTarget condition. Node taint changes and pod
 *       changes re-evaluate at once (as the real taint manager, not on every monitor pass).
 * </ul>
 *
 * <p>Metrics: {@code node_collector_evictions_total{zone}} (NoExecute taints added, as the real one
 * counts), {@code node_collector_zone_size{zone}}, {@code
 * node_collector_unhealthy_nodes_in_zone{zone}}, {@code
 * taint_eviction_controller_pod_deletions_total}. Zones are not modelled: zone is "".
 */
public final class NodeLifecycleController {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);
  private static final ResourcePath LEASES = ResourcePath.LEASES;
  static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
  static final String TAINT_EVICTION_CONTROLLER = "taint-eviction-controller";

  private final Vertx vertx;
  private final ApiClient api;
  private final EventRecorder events;
  private final EventRecorder evictionEvents;
  private final NodeLifecycleConfig config;
  private final Informer pods;
  private final Clock clock;
  private final LongSupplier monotonicMillis;
  private final Counter evictions;
  private final Counter podDeletions;
  private final AtomicInteger zoneSize = new AtomicInteger();
  private final AtomicInteger unhealthy = new AtomicInteger();
  private Future<String> deployment;

  /**
   * @param events records the node-controller's events (give it component "node-controller", the
   *     real source of NodeNotReady); TaintManagerEviction events come from an own recorder with
   *     component taint-eviction-controller
   * @param pods the process's shared pod informer (started by its owner): a second pod cache in the
   *     controller-manager would hold every pod again
   */
  public NodeLifecycleController(
      Vertx vertx,
      ApiClient api,
      EventRecorder events,
      MeterRegistry registry,
      NodeLifecycleConfig config,
      Informer pods) {
    this(
        vertx,
        api,
        events,
        registry,
        config,
        pods,
        Clock.systemUTC(),
        () -> System.nanoTime() / 1_000_000);
  }

  NodeLifecycleController(
      Vertx vertx,
      ApiClient api,
      EventRecorder events,
      MeterRegistry registry,
      NodeLifecycleConfig config,
      Informer pods,
      Clock clock,
      LongSupplier monotonicMillis) {
    this.vertx = vertx;
    this.api = api;
    this.events = events;
    this.evictionEvents = new EventRecorder(api, TAINT_EVICTION_CONTROLLER, null, clock);
    this.config = config;
    this.pods = pods;
    this.clock = clock;
    this.monotonicMillis = monotonicMillis;
    this.evictions =
        Counter.builder("node.collector.evictions")
            .description(
                "Number of Node evictions that happened since current instance of NodeController"
                    + " started.")
            .tag("zone", "")
            .register(registry);
    this.podDeletions =
        Counter.builder("taint.eviction.controller.pod.deletions")
            .description("Total number of Pods deleted by TaintEvictionController since its start.")
            .register(registry);
    Gauge.builder("node.collector.zone.size", zoneSize, AtomicInteger::get)
        .description("Gauge measuring number of registered Nodes per zones.")
        .tag("zone", "")
        .register(registry);
    Gauge.builder("node.collector.unhealthy.nodes.in.zone", unhealthy, AtomicInteger::get)
        .description("Gauge measuring number of not Ready Nodes per zones.")
        .tag("zone", "")
        .register(registry);
  }

  /** Starts watching and monitoring; completes once the informers have synced. */
  public synchronized Future<Void> start() {
    if (deployment == null) {
      Future<String> deploying = vertx.deployVerticle(new Loop());
      deployment = deploying;
      deploying.onFailure(e -> forget(deploying));
    }
    return deployment.mapEmpty();
  }

  /** A failed start may be tried again. */
  private synchronized void forget(Future<String> failed) {
    if (deployment == failed) {
      deployment = null;
    }
  }

  /**
   * Stops monitoring and cancels planned evictions (a new leader plans them again); waits for a
   * start still in progress.
   */
  public synchronized Future<Void> stop() {
    Future<String> running = deployment;
    deployment = null;
    if (running == null) {
      return Future.succeededFuture();
    }
    return running.transform(
        started ->
            started.succeeded() ? vertx.undeploy(started.result()) : Future.succeededFuture());
  }

  /** Everything on one context: caches, probes, timers. */
  private final class Loop extends VerticleBase {
    private Informer nodes;
    private Informer leases;
    private EventHandler podEvents;
    private final Map<String, NodeHealth.Probe> probes = new HashMap<>();

    /**
     * Each node's fabric8 model with the cached tree it was converted from: the monitor reads every
     * node every 5 s, and converting a thousand Nodes each time (they change every few minutes) was
     * most of an idle controller-manager's CPU.
     */
    private final Map<String, Converted> models = new HashMap<>();

    private final Map<String, Set<String>> podsByNode = new HashMap<>();
    private final Set<String> writing = new HashSet<>();
    private final Set<String> deleting = new HashSet<>();
    private final Map<String, Long> evictionTimers = new HashMap<>();
    private final Map<String, Instant> evictionTimes = new HashMap<>();
    private long monitorTimer = -1;
    private NodeHealth.ZoneState zoneState = NodeHealth.ZoneState.NORMAL;

    @Override
    public Future<?> start() {
      nodes = new Informer(vertx, api, InformerOptions.of(ResourcePath.NODES));
      leases =
          new Informer(vertx, api, InformerOptions.of(LEASES).inNamespace(NODE_LEASE_NAMESPACE));
      nodes.addHandler(new NodeEvents());
      // The shared informer delivers on its own context; the index and timers live on this one.
      podEvents = EventHandler.on(context, new PodEvents());
      pods.addHandler(podEvents);
      return Future.all(nodes.start(), leases.start())
          .onSuccess(
              v ->
                  monitorTimer =
                      vertx.setPeriodic(
                          1, config.nodeMonitorPeriod().toMillis(), t -> monitorNodeHealth()));
    }

    @Override
    public Future<?> stop() {
      vertx.cancelTimer(monitorTimer);
      evictionTimers.values().forEach(vertx::cancelTimer);
      evictionTimers.clear();
      pods.removeHandler(podEvents);
      return Future.all(nodes.stop(), leases.stop());
    }

    // ---- node health

    private void monitorNodeHealth() {
      long now = monotonicMillis.getAsLong();
      Instant wall = clock.instant();
      Set<String> seen = new HashSet<>();
      Map<String, ObjectNode> jsons = new LinkedHashMap<>();
      Map<String, Node> byName = new LinkedHashMap<>();
      Map<String, NodeHealth.Plan> plans = new LinkedHashMap<>();
      int notReady = 0;
      for (ObjectNode json : nodes.list()) {
        Node node = model(json);
        String name = node.getMetadata().getName();
        seen.add(name);
        NodeHealth.Probe before = probes.get(name);
        if (before == null) {
          events.normal(
              json,
              "RegisteredNode",
              "Node " + name + " event: Registered Node " + name + " in Controller");
        }
        NodeHealth.Probe probe = NodeHealth.observe(before, node, renewTime(name), now);
        probes.put(name, probe);
        NodeHealth.Plan plan =
            NodeHealth.plan(
                node,
                probe,
                now,
                config.nodeMonitorGracePeriod(),
                config.nodeStartupGracePeriod(),
                wall);
        if (plan.stale() || !NodeHealth.TRUE.equals(readyStatus(node))) {
          notReady++;
        }
        jsons.put(name, json);
        byName.put(name, node);
        plans.put(name, plan);
      }
      NodeHealth.ZoneState state = NodeHealth.zoneState(seen.size() - notReady, notReady);
      zoneStateChanged(state, now);
      for (Map.Entry<String, NodeHealth.Plan> e : plans.entrySet()) {
        String name = e.getKey();
        NodeHealth.Plan plan =
            NodeHealth.underZoneState(e.getValue(), byName.get(name), state, seen.size());
        if (!plan.isEmpty() && writing.add(name)) {
          apply(jsons.get(name), plan).onComplete(done -> writing.remove(name));
        }
      }
      probes.keySet().retainAll(seen);
      models.keySet().retainAll(seen);
      zoneSize.set(seen.size());
      unhealthy.set(notReady);
    }

    /** The node's model, converted again only when the informer holds a newer tree. */
    private Node model(ObjectNode json) {
      String name = json.path("metadata").path("name").asString("");
      Converted last = models.get(name);
      if (last == null || last.json() != json) {
        last = new Converted(json, ApiClient.as(json, Node.class));
        models.put(name, last);
      }
      return last.node();
    }

    /**
     * Entering full disruption is logged as the real controller does; leaving it gives every node a
     * fresh grace period (the real controller resets its probe timestamps), so that nodes whose
     * kubelets could not reach the apiserver are not evicted the moment it is back.
     */
    private void zoneStateChanged(NodeHealth.ZoneState state, long now) {
      if (state == zoneState) {
        return;
      }
      if (state == NodeHealth.ZoneState.FULL_DISRUPTION) {
        LOG.info(
            "Controller detected that all Nodes are not-Ready. Entering master disruption mode.");
      } else if (zoneState == NodeHealth.ZoneState.FULL_DISRUPTION) {
        LOG.info("Controller detected that some Nodes are Ready. Exiting master disruption mode.");
        probes.replaceAll(
            (name, p) -> new NodeHealth.Probe(p.leaseRenewTime(), p.readyHeartbeat(), now));
      }
      zoneState = state;
    }

    private String renewTime(String nodeName) {
      ObjectNode lease = leases.get(Keys.of(NODE_LEASE_NAMESPACE, nodeName));
      if (lease == null) {
        return null;
      }
      String renew = lease.path("spec").path("renewTime").asString("");
      return renew.isEmpty() ? null : renew;
    }

    /** Conditions first (nodes/status), then taints (the node itself), each conditional. */
    private Future<Void> apply(ObjectNode json, NodeHealth.Plan plan) {
      String name = json.path("metadata").path("name").asString();
      String path = ResourcePath.NODES.item(null, name);
      Future<ObjectNode> status =
          plan.conditions().isEmpty()
              ? Future.succeededFuture(json)
              : api.updateStatus(path, withConditions(json, plan.conditions()));
      return status
          .compose(
              updated -> {
                if (plan.becameUnreachable()) {
                  nodeNotReady(updated, name);
                }
                if (plan.taintsToAdd().isEmpty() && plan.taintsToRemove().isEmpty()) {
                  return Future.succeededFuture(updated);
                }
                return api.update(path, withTaints(updated, plan));
              })
          .onSuccess(
              v ->
                  plan.taintsToAdd().stream()
                      .filter(t -> NodeHealth.NO_EXECUTE.equals(t.getEffect()))
                      .forEach(t -> evictions.increment()))
          .onFailure(
              e -> {
                if (!ApiClient.isConflict(e) && !ApiClient.isNotFound(e)) {
                  LOG.warn("node lifecycle: updating node {} failed: {}", name, e.toString());
                }
              })
          .mapEmpty();
    }

    private void nodeNotReady(ObjectNode node, String name) {
      LOG.info("node {} stopped posting status; marking it Unknown and its pods not ready", name);
      events.normal(node, "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
      for (String key : podsByNode.getOrDefault(name, Set.of())) {
        ObjectNode pod = pods.get(key);
        if (pod != null) {
          markPodNotReady(pod);
        }
      }
    }

    /** MarkPodsNotReady: Ready False via pods/status, then a Warning NodeNotReady event. */
    private void markPodNotReady(ObjectNode pod) {
      JsonNode ready = null;
      for (JsonNode c : pod.path("status").path("conditions")) {
        if ("Ready".equals(c.path("type").asString(""))) {
          ready = c;
        }
      }
      if (ready == null || NodeHealth.FALSE.equals(ready.path("status").asString(""))) {
        return;
      }
      ObjectNode patch = Json.object();
      ObjectNode condition = patch.putObject("status").putArray("conditions").addObject();
      condition.put("type", "Ready");
      condition.put("status", NodeHealth.FALSE);
      condition.put("lastTransitionTime", nowText());
      api.patch(podPath(pod) + "/status", ApiClient.PatchType.STRATEGIC, patch)
          .onSuccess(v -> events.warning(pod, "NodeNotReady", "Node is not ready"))
          .onFailure(
              e -> {
                if (!ApiClient.isNotFound(e)) {
                  LOG.warn("marking pod {} not ready failed: {}", Keys.of(pod), e.toString());
                }
              });
    }

    private ObjectNode withConditions(ObjectNode json, List<NodeHealth.ConditionUpdate> updates) {
      ObjectNode copy = json.deepCopy();
      ObjectNode status = copy.get("status") instanceof ObjectNode s ? s : copy.putObject("status");
      ArrayNode conditions =
          status.get("conditions") instanceof ArrayNode a ? a : status.putArray("conditions");
      for (NodeHealth.ConditionUpdate u : updates) {
        ObjectNode target = null;
        for (JsonNode c : conditions) {
          if (u.type().equals(c.path("type").asString("")) && c instanceof ObjectNode o) {
            target = o;
          }
        }
        if (target == null) {
          target = conditions.addObject().put("type", u.type());
        }
        target.put("status", u.status());
        target.put("reason", u.reason());
        target.put("message", u.message());
        target.put("lastTransitionTime", u.transition());
        if (u.heartbeat() != null) {
          target.put("lastHeartbeatTime", u.heartbeat());
        }
      }
      return copy;
    }

    private ObjectNode withTaints(ObjectNode json, NodeHealth.Plan plan) {
      ObjectNode copy = json.deepCopy();
      ObjectNode spec = copy.get("spec") instanceof ObjectNode s ? s : copy.putObject("spec");
      ArrayNode kept = Json.MAPPER.createArrayNode();
      for (JsonNode t : spec.path("taints")) {
        boolean remove =
            plan.taintsToRemove().stream()
                .anyMatch(
                    r ->
                        r.getKey().equals(t.path("key").asString(""))
                            && r.getEffect().equals(t.path("effect").asString("")));
        if (!remove) {
          kept.add(t);
        }
      }
      for (Taint t : plan.taintsToAdd()) {
        kept.add(ApiClient.tree(t));
      }
      if (kept.isEmpty()) {
        spec.remove("taints");
      } else {
        spec.set("taints", kept);
      }
      return copy;
    }

    // ---- taint-based eviction

    private void evaluateNode(String nodeName) {
      ObjectNode json = nodes.get(nodeName);
      List<Taint> taints =
          json == null ? List.of() : NodeHealth.taints(ApiClient.as(json, Node.class));
      for (String key : Set.copyOf(podsByNode.getOrDefault(nodeName, Set.of()))) {
        evaluatePod(key, taints);
      }
    }

    private void evaluatePod(String key, List<Taint> taints) {
      ObjectNode json = pods.get(key);
      if (json == null
          || deleting.contains(key)
          || !json.path("metadata").path("deletionTimestamp").isMissingNode()) {
        cancelEviction(key);
        return;
      }
      if (!TaintEviction.canEvict(taints)) {
        cancelEviction(key); // nothing to decide: no conversion of the pod
        return;
      }
      Pod pod = ApiClient.as(json, Pod.class);
      Instant now = clock.instant();
      TaintEviction.Decision decision = TaintEviction.decide(pod, taints, now);
      if (!decision.evict()) {
        cancelEviction(key);
      } else if (decision.dueBy(now)) {
        cancelEviction(key);
        evict(key, json);
      } else if (!decision.at().equals(evictionTimes.get(key))) {
        cancelEviction(key);
        long delay = Math.max(1, decision.at().toEpochMilli() - now.toEpochMilli());
        evictionTimes.put(key, decision.at());
        evictionTimers.put(key, vertx.setTimer(delay, t -> evictionDue(key)));
      }
    }

    private void evictionDue(String key) {
      evictionTimers.remove(key);
      evictionTimes.remove(key);
      ObjectNode json = pods.get(key);
      if (json != null) {
        String nodeName = json.path("spec").path("nodeName").asString("");
        ObjectNode node = nodes.get(nodeName);
        List<Taint> taints =
            node == null ? List.of() : NodeHealth.taints(ApiClient.as(node, Node.class));
        evaluatePod(key, taints);
      }
    }

    private void cancelEviction(String key) {
      Long timer = evictionTimers.remove(key);
      evictionTimes.remove(key);
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
    }

    /** The event, a DisruptionTarget condition, then the delete (as deletePodHandler). */
    private void evict(String key, ObjectNode pod) {
      deleting.add(key);
      LOG.info("taint eviction: deleting pod {}", key);
      evictionEvents.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + key);
      ObjectNode patch = Json.object();
      ObjectNode condition = patch.putObject("status").putArray("conditions").addObject();
      condition.put("type", "DisruptionTarget");
      condition.put("status", "True");
      condition.put("lastTransitionTime", nowText());
      condition.put("reason", "DeletionByTaintManager");
      condition.put("message", "Taint manager: deleting due to NoExecute taint");
      String path = podPath(pod);
      api.patch(path + "/status", ApiClient.PatchType.STRATEGIC, patch)
          .recover(e -> Future.succeededFuture())
          .compose(v -> api.delete(path))
          .onSuccess(v -> podDeletions.increment())
          .onFailure(
              e -> {
                deleting.remove(key);
                if (!ApiClient.isNotFound(e)) {
                  LOG.warn("taint eviction: deleting pod {} failed: {}", key, e.toString());
                }
              });
    }

    private String nowText() {
      return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Nodes: a change of NoExecute taints re-evaluates the node's pods at once. */
    private final class NodeEvents implements EventHandler {
      @Override
      public void onAdd(ObjectNode object) {
        evaluateNode(Keys.of(object));
      }

      @Override
      public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
        if (!oldObject.path("spec").path("taints").equals(newObject.path("spec").path("taints"))) {
          evaluateNode(Keys.of(newObject));
        }
      }
    }

    /** Pods: kept indexed by node; a pod arriving on a tainted node is evaluated at once. */
    private final class PodEvents implements ChangeHandler {
      @Override
      public void onDelete(ObjectNode object) {
        String key = Keys.of(object);
        unindex(key, nodeName(object));
        deleting.remove(key);
        cancelEviction(key);
      }

      @Override
      public void changed(ObjectNode old, ObjectNode pod) {
        String key = Keys.of(pod);
        String nodeName = nodeName(pod);
        if (old != null && !nodeName(old).equals(nodeName)) {
          unindex(key, nodeName(old));
        }
        if (nodeName.isEmpty()) {
          return;
        }
        podsByNode.computeIfAbsent(nodeName, n -> new HashSet<>()).add(key);
        boolean relevant =
            old == null
                || !old.path("spec")
                    .path("tolerations")
                    .equals(pod.path("spec").path("tolerations"))
                || !nodeName(old).equals(nodeName);
        ObjectNode node = nodes.get(nodeName);
        if (relevant && node != null && node.path("spec").has("taints")) {
          evaluatePod(key, NodeHealth.taints(ApiClient.as(node, Node.class)));
        }
      }

      private void unindex(String key, String nodeName) {
        Set<String> keys = podsByNode.get(nodeName);
        if (keys != null) {
          keys.remove(key);
          if (keys.isEmpty()) {
            podsByNode.remove(nodeName);
          }
        }
      }
    }
  }

  private static String nodeName(ObjectNode pod) {
    return pod.path("spec").path("nodeName").asString("");
  }

  /** A node's tree and the fabric8 model converted from it (read only). */
  private record Converted(ObjectNode json, Node node) {}

  private static String readyStatus(Node node) {
    var ready = NodeHealth.condition(node, NodeHealth.READY);
    return ready == null ? NodeHealth.UNKNOWN : ready.getStatus();
  }

  private static String podPath(ObjectNode pod) {
    JsonNode meta = pod.path("metadata");
    return ResourcePath.PODS.item(meta.path("namespace").asString(), meta.path("name").asString());
  }
}
