package io.kubesim.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.ChangeHandler;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.LeaderElector;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.kubesim.scheduler.cache.SchedulerCache;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.plugins.volumebinding.InformerListers;
import io.kubesim.scheduler.plugins.volumebinding.PodVolumes;
import io.kubesim.scheduler.plugins.volumebinding.VolumeBinder;
import io.kubesim.scheduler.plugins.volumebinding.VolumeListers;
import io.kubesim.scheduler.queue.SchedulingQueue;
import io.kubesim.scheduler.queue.SchedulingQueue.QueuedPod;
import io.kubesim.scheduler.verdicts.VerdictService;
import io.kubesim.scheduler.verdicts.Verdicts;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * kube-scheduler's scheduling loop as a verticle; everything runs on its one context.
 *
 * <ul>
 *   <li>Informers on nodes and pods feed the {@link SchedulerCache} (bound pods) and the {@link
 *       SchedulingQueue} (pods of this profile without a node, not terminating).
 *   <li>While leading, {@link #runBatch} pops pods and runs the pure {@link Scheduling} cycle on
 *       the cache's snapshot. A fit is <em>assumed</em> in the cache at once and bound
 *       asynchronously, so many bindings are in flight while the next pods are scheduled; a batch
 *       gives the event loop back after a few milliseconds.
 *   <li>No fit: a Warning FailedScheduling event with the FitError text, the PodScheduled condition
 *       False/Unschedulable via pods/status, and the pod waits in unschedulable until a node is
 *       added or changed or an assigned pod goes away.
 *   <li>Each cycle's outcome is kept as a {@link Verdicts verdict} (bounded), which the leader
 *       serves to the console ({@link VerdictService}).
 * </ul>
 */
public final class Scheduler extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final long BATCH_NANOS = Duration.ofMillis(5).toNanos();
  private static final Duration VERDICT_TTL = Duration.ofMinutes(15);
  private static final int VERDICT_NODES = 100;

  private final ApiClient api;
  private final SchedulerConfig config;
  private final Clock clock;
  private final SchedulerMetrics metrics;
  private final EventRecorder events;
  private Scheduling scheduling;
  private final SchedulerCache cache = new SchedulerCache();
  private final SchedulingQueue queue = new SchedulingQueue(() -> System.nanoTime() / 1_000_000);
  private final Verdicts verdicts;
  private VerdictService verdictService;

  private Informer nodes;
  private Informer pods;
  private Informer claims;
  private Informer volumes;
  private Informer classes;
  private VolumeListers volumeListers;
  private VolumeBinder volumeBinder;
  private LeaderElector elector;
  private boolean leading;
  private boolean batchScheduled;
  private int bindingsInFlight;
  private long flushTimer = -1;
  private long leftoverTimer = -1;

  public Scheduler(ApiClient api, MeterRegistry registry, SchedulerConfig config, Clock clock) {
    this.api = api;
    this.config = config;
    this.clock = clock;
    this.metrics =
        new SchedulerMetrics(registry, config.schedulerName(), config.leaderElection().name());
    this.events = new EventRecorder(api, config.schedulerName(), null, clock);
    this.verdicts = new Verdicts(config.verdictCapacity(), VERDICT_TTL, VERDICT_NODES, clock);
  }

  /** True once both informers have listed (backs /readyz). */
  public boolean synced() {
    return nodes != null
        && nodes.hasSynced()
        && pods != null
        && pods.hasSynced()
        && claims.hasSynced()
        && volumes.hasSynced()
        && classes.hasSynced();
  }

  /** True while this scheduler holds the Lease (or does not elect). */
  public boolean isLeader() {
    return leading;
  }

  @Override
  public Future<?> start() {
    nodes = new Informer(vertx, api, InformerOptions.of(ResourcePath.NODES));
    pods = new Informer(vertx, api, InformerOptions.of(ResourcePath.PODS));
    claims = new Informer(vertx, api, InformerOptions.of(VolumeBinder.CLAIMS));
    volumes = new Informer(vertx, api, InformerOptions.of(VolumeBinder.VOLUMES));
    classes = new Informer(vertx, api, InformerOptions.of(VolumeBinder.CLASSES));
    volumeListers = new InformerListers(claims, volumes, classes);
    volumeBinder = new VolumeBinder(vertx, api, volumeListers);
    scheduling = Scheduling.defaults(new Random(), volumeListers);
    nodes.addHandler(new NodeEvents());
    pods.addHandler(new PodEvents());
    // a claim bound, a volume or class added: pods waiting for them may fit now
    EventHandler storage =
        EventHandler.onAddOrUpdate(
            o -> {
              queue.moveAllToActiveOrBackoffQueue();
              kick();
            });
    claims.addHandler(storage);
    volumes.addHandler(storage);
    classes.addHandler(storage);
    verdictService =
        new VerdictService(vertx, verdicts, config.leaderElection().identity(), this::queueCounts);
    flushTimer = vertx.setPeriodic(1000, t -> flushBackoff());
    leftoverTimer = vertx.setPeriodic(30_000, t -> flushLeftover());
    return Future.all(
            List.of(nodes.start(), pods.start(), claims.start(), volumes.start(), classes.start()))
        .onSuccess(v -> elect());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(leftoverTimer);
    Future<Void> resigned = elector == null ? Future.succeededFuture() : elector.stop();
    return resigned
        .onComplete(v -> stopLeading())
        .compose(
            v ->
                Future.all(
                    List.of(
                        nodes.stop(), pods.stop(), claims.stop(), volumes.stop(), classes.stop())));
  }

  private void elect() {
    if (!config.leaderElect()) {
      startLeading();
      return;
    }
    elector =
        new LeaderElector(
            vertx,
            api,
            config.leaderElection(),
            new LeaderElector.Callbacks() {
              @Override
              public void onStartedLeading() {
                startLeading();
              }

              @Override
              public void onStoppedLeading() {
                stopLeading();
              }
            },
            clock);
    elector.start();
  }

  private void startLeading() {
    LOG.info("scheduler {} is leading", config.leaderElection().identity());
    leading = true;
    metrics.leading(true);
    verdictService.listen();
    kick();
  }

  private void stopLeading() {
    if (leading) {
      LOG.info("scheduler {} stopped leading", config.leaderElection().identity());
    }
    leading = false;
    metrics.leading(false);
    verdictService.close();
  }

  // ---- the loop

  /** Makes sure a batch runs soon (once, however many times this is called meanwhile). */
  private void kick() {
    if (leading && !batchScheduled) {
      batchScheduled = true;
      context.runOnContext(v -> runBatch());
    }
  }

  private void runBatch() {
    batchScheduled = false;
    long deadline = System.nanoTime() + BATCH_NANOS;
    while (leading && bindingsInFlight < config.maxInFlightBindings()) {
      Optional<QueuedPod> next = queue.pop();
      if (next.isEmpty()) {
        break;
      }
      scheduleOne(next.get());
      if (System.nanoTime() > deadline) {
        kick();
        break;
      }
    }
    publishQueueSizes();
  }

  private void scheduleOne(QueuedPod queued) {
    long start = System.nanoTime();
    Pod pod = queued.pod();
    String key = queued.key();
    if (cache.nodeOf(key) != null) {
      queue.done(key); // bound meanwhile (assumed by a previous cycle, or by someone else)
      return;
    }
    Scheduling.Result result;
    try {
      result = scheduling.schedule(pod, cache.snapshot());
    } catch (RuntimeException e) {
      LOG.warn("error scheduling pod {}: {}", key, e.toString(), e);
      metrics.attempt(SchedulerMetrics.ERROR, start);
      queue.requeueAfterError(queued);
      return;
    }
    verdicts.record(key, pod.getMetadata().getUid(), result);
    if (result.scheduled()) {
      assumeAndBind(queued, result.selectedNode(), start);
    } else {
      unschedulable(queued, result.message(), start);
    }
  }

  private void assumeAndBind(QueuedPod queued, String nodeName, long start) {
    Pod pod = queued.pod();
    String key = queued.key();
    PodVolumes podVolumes = scheduling.podVolumes(pod, cache.node(nodeName));
    cache.assume(key, pod, nodeName);
    bindingsInFlight++;
    volumeBinder
        .preBind(pod, podVolumes, nodeName)
        .compose(v -> bind(pod, nodeName))
        .onComplete(
            done -> {
              bindingsInFlight--;
              if (done.succeeded()) {
                bound(queued, nodeName, start);
              } else {
                bindFailed(queued, done.cause(), start);
              }
              kick();
            });
  }

  private Future<ObjectNode> bind(Pod pod, String nodeName) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    ObjectNode binding = Json.object();
    binding.put("apiVersion", "v1");
    binding.put("kind", "Binding");
    binding
        .putObject("metadata")
        .put("name", name)
        .put("namespace", namespace)
        .put("uid", pod.getMetadata().getUid());
    binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", nodeName);
    return api.create(ResourcePath.PODS.item(namespace, name) + "/binding", binding);
  }

  private void bound(QueuedPod queued, String nodeName, long start) {
    queue.done(queued.key());
    metrics.attempt(SchedulerMetrics.SCHEDULED, start);
    Pod pod = queued.pod();
    events.normal(
        podRef(pod),
        "Scheduled",
        "Successfully assigned "
            + pod.getMetadata().getNamespace()
            + "/"
            + pod.getMetadata().getName()
            + " to "
            + nodeName);
  }

  /**
   * The binding was refused. Already bound (409) or gone (404): the watch will tell, drop it.
   * Anything else: forget the assumption, say so, back off and retry.
   */
  private void bindFailed(QueuedPod queued, Throwable cause, long start) {
    String key = queued.key();
    cache.forget(key);
    if (ApiClient.isNotFound(cause) || ApiClient.isConflict(cause)) {
      queue.done(key);
      return;
    }
    LOG.warn("binding pod {} failed: {}", key, cause.toString());
    metrics.attempt(SchedulerMetrics.ERROR, start);
    String message =
        cause instanceof VolumeBinder.PreBindException
            ? cause.getMessage()
            : "Binding rejected: " + cause.getMessage();
    events.warning(podRef(queued.pod()), "FailedScheduling", message);
    queue.requeueAfterError(queued);
  }

  private void unschedulable(QueuedPod queued, String message, long start) {
    Pod pod = queued.pod();
    metrics.attempt(SchedulerMetrics.UNSCHEDULABLE, start);
    LOG.debug("unable to schedule pod {}: {}", queued.key(), message);
    events.warning(podRef(pod), "FailedScheduling", message);
    updatePodScheduledCondition(pod, message);
    queue.requeueUnschedulable(queued);
  }

  /** PodScheduled False / Unschedulable with the message, written only when it changed. */
  private void updatePodScheduledCondition(Pod pod, String message) {
    PodCondition current =
        pod.getStatus() == null || pod.getStatus().getConditions() == null
            ? null
            : pod.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()))
                .findFirst()
                .orElse(null);
    if (current != null
        && "False".equals(current.getStatus())
        && "Unschedulable".equals(current.getReason())
        && Objects.equals(message, current.getMessage())) {
      return;
    }
    String transition =
        current != null && "False".equals(current.getStatus())
            ? current.getLastTransitionTime()
            : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode patch = Json.object();
    ObjectNode condition = patch.putObject("status").putArray("conditions").addObject();
    condition.put("type", "PodScheduled");
    condition.put("status", "False");
    condition.putNull("lastProbeTime");
    condition.put("lastTransitionTime", transition);
    condition.put("reason", "Unschedulable");
    condition.put("message", message);
    String path =
        ResourcePath.PODS.item(pod.getMetadata().getNamespace(), pod.getMetadata().getName())
            + "/status";
    api.patch(path, ApiClient.PatchType.STRATEGIC, patch)
        .onFailure(
            e -> {
              if (!ApiClient.isNotFound(e)) {
                LOG.warn(
                    "updating PodScheduled of {}/{} failed: {}",
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    e.toString());
              }
            });
  }

  private void flushBackoff() {
    queue.flushBackoffCompleted();
    publishQueueSizes();
    kick();
  }

  private void flushLeftover() {
    queue.flushUnschedulablePodsLeftover();
    kick();
  }

  private ObjectNode queueCounts() {
    ObjectNode counts = Json.object();
    counts.put("active", queue.activeCount());
    counts.put("backoff", queue.backoffCount());
    counts.put("unschedulable", queue.unschedulableCount());
    counts.put("gated", queue.gatedCount());
    return counts;
  }

  private void publishQueueSizes() {
    metrics.pendingPods(
        queue.activeCount(), queue.backoffCount(), queue.unschedulableCount(), queue.gatedCount());
  }

  /** What an event needs of the pod: kind, apiVersion and metadata. */
  private static ObjectNode podRef(Pod pod) {
    ObjectNode ref = Json.object();
    ref.put("apiVersion", "v1");
    ref.put("kind", "Pod");
    ref.putObject("metadata")
        .put("name", pod.getMetadata().getName())
        .put("namespace", pod.getMetadata().getNamespace())
        .put("uid", pod.getMetadata().getUid())
        .put("resourceVersion", pod.getMetadata().getResourceVersion());
    return ref;
  }

  // ---- informer events

  /** Nodes: the cache follows; a new or changed node may let unschedulable pods fit. */
  private final class NodeEvents implements EventHandler {
    @Override
    public void onAdd(ObjectNode object) {
      cache.addOrUpdateNode(ApiClient.as(object, Node.class));
      queue.moveAllToActiveOrBackoffQueue();
      kick();
    }

    @Override
    public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
      Node node = ApiClient.as(newObject, Node.class);
      NodeInfo before = cache.node(node.getMetadata().getName());
      cache.addOrUpdateNode(node);
      if (before == null || schedulingRelevantChange(before.node(), node)) {
        queue.moveAllToActiveOrBackoffQueue();
        kick();
      }
    }

    @Override
    public void onDelete(ObjectNode object) {
      cache.removeNode(object.path("metadata").path("name").asString(""));
    }
  }

  /** Only what filters read; the kubelet's heartbeats change conditions every few seconds. */
  static boolean schedulingRelevantChange(Node old, Node node) {
    return !Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
        || !Objects.equals(old.getSpec(), node.getSpec())
        || !Objects.equals(
            old.getStatus() == null ? null : old.getStatus().getAllocatable(),
            node.getStatus() == null ? null : node.getStatus().getAllocatable());
  }

  /** Pods: bound ones go to the cache, our pending ones to the queue. */
  private final class PodEvents implements ChangeHandler {
    @Override
    public void onDelete(ObjectNode object) {
      String key = Keys.of(object);
      queue.delete(key);
      verdicts.forget(key);
      if (cache.nodeOf(key) != null) {
        cache.removePod(key);
        queue.moveAllToActiveOrBackoffQueue();
        kick();
      }
      publishQueueSizes();
    }

    @Override
    public void changed(ObjectNode oldObject, ObjectNode object) {
      String key = Keys.of(object);
      if (countedAsItIs(key, object)) {
        // the binding (or a status change) of a pod counted on its node: nothing to recompute
        cache.confirm(key);
        queue.delete(key);
        publishQueueSizes();
        return;
      }
      Pod pod = ApiClient.as(object, Pod.class);
      String nodeName = pod.getSpec().getNodeName();
      if (nodeName != null && !nodeName.isEmpty()) {
        boolean wasHolding = cache.nodeOf(key) != null;
        cache.addOrUpdatePod(key, pod);
        queue.delete(key);
        if (wasHolding && NodeInfo.isTerminal(pod)) {
          queue.moveAllToActiveOrBackoffQueue(); // its resources are free again
          kick();
        }
      } else if (responsibleFor(pod) && !cache.isAssumed(key)) {
        queue.addOrUpdate(key, pod);
        kick();
      } else if (!cache.isAssumed(key)) {
        queue.delete(key);
      }
      publishQueueSizes();
    }
  }

  /**
   * Whether the cache already counts this pod on the node the update names, with the same labels
   * (spreading counts them) and still holding its resources. Requests cannot change once a pod
   * exists, so such an update needs no conversion and no recount; most updates are like this.
   */
  private boolean countedAsItIs(String key, ObjectNode object) {
    Pod held = cache.pod(key);
    if (held == null) {
      return false;
    }
    String nodeName = object.path("spec").path("nodeName").asString("");
    String phase = object.path("status").path("phase").asString("");
    if (nodeName.isEmpty()
        || !nodeName.equals(cache.nodeOf(key))
        || phase.equals("Succeeded")
        || phase.equals("Failed")) {
      return false;
    }
    Map<String, String> labels = held.getMetadata().getLabels();
    JsonNode now = object.path("metadata").path("labels");
    int count = labels == null ? 0 : labels.size();
    if (now.size() != count) {
      return false;
    }
    for (var e : now.properties()) {
      if (!e.getValue().asString("").equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Pending, ours (schedulerName unset or ours), not being deleted, not finished. */
  boolean responsibleFor(Pod pod) {
    String name = pod.getSpec().getSchedulerName();
    boolean ours = name == null || name.isEmpty() || name.equals(config.schedulerName());
    return ours && pod.getMetadata().getDeletionTimestamp() == null && !NodeInfo.isTerminal(pod);
  }
}
