package io.kubesim.controllermanager.podgc;

import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.Trees;
import io.kubesim.controllermanager.podgc.PodGcPlanner.Delete;
import io.kubesim.controllermanager.podgc.PodGcPlanner.PodInfo;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pod garbage collector: every {@link #PERIOD} (gcCheckPeriod) it deletes, with grace 0, the
 * pods {@link PodGcPlanner} picks: those of a node gone for 40 s (after marking them with the
 * DisruptionTarget condition, reason DeletionByPodGC), unscheduled terminating ones, and terminated
 * ones beyond the threshold. What a dead node's DaemonSet pods need to go.
 */
public final class PodGcController implements ManagedController {
  private static final Logger LOG = LoggerFactory.getLogger(PodGcController.class);
  static final Duration PERIOD = Duration.ofSeconds(20);

  private final ControllerContext ctx;
  private final Informer pods;
  private final Informer nodes;
  private final Map<String, Instant> missingSince = new HashMap<>();
  private long timer = -1;
  private boolean running;

  public PodGcController(ControllerContext ctx) {
    this.ctx = ctx;
    this.pods = ctx.informers().of(ResourcePath.PODS);
    this.nodes = ctx.informers().of(ResourcePath.NODES);
  }

  @Override
  public String name() {
    return "pod_garbage_collector";
  }

  @Override
  public synchronized void start() {
    timer = ctx.vertx().setPeriodic(PERIOD.toMillis(), t -> gc());
  }

  @Override
  public synchronized void stop() {
    ctx.vertx().cancelTimer(timer);
  }

  private synchronized void gc() {
    if (running || !pods.hasSynced() || !nodes.hasSynced()) {
      return;
    }
    Set<String> names = new HashSet<>();
    nodes.list().forEach(n -> names.add(Trees.name(n)));
    List<PodInfo> infos = new ArrayList<>();
    for (ObjectNode pod : pods.list()) {
      infos.add(
          new PodInfo(
              Trees.namespace(pod),
              Trees.name(pod),
              Trees.uid(pod),
              pod.path("spec").path("nodeName").asString(""),
              pod.path("status").path("phase").asString(""),
              Trees.deleting(pod),
              Kube.time(pod.path("metadata").path("creationTimestamp").asString(""))));
    }
    Instant now = ctx.clock().instant();
    List<Delete> deletes =
        PodGcPlanner.plan(names, infos, missingSince, PodGcPlanner.TERMINATED_THRESHOLD, now);
    if (deletes.isEmpty()) {
      return;
    }
    running = true;
    List<Future<?>> writes = new ArrayList<>();
    for (Delete delete : deletes) {
      writes.add(delete(delete, now).recover(e -> Future.succeededFuture()));
    }
    Future.join(writes).onComplete(done -> running = false);
  }

  private Future<?> delete(Delete delete, Instant now) {
    PodInfo pod = delete.pod();
    String path = ResourcePath.PODS.item(pod.namespace(), pod.name());
    LOG.info("garbage collecting pod {}/{} ({})", pod.namespace(), pod.name(), delete.reason());
    Future<?> marked =
        delete.reason() == PodGcPlanner.Reason.ORPHANED
            ? ctx.api().patch(path + "/status", ApiClient.PatchType.STRATEGIC, disruption(now))
            : Future.succeededFuture();
    ObjectNode options = Json.object().put("gracePeriodSeconds", 0);
    options.putObject("preconditions").put("uid", pod.uid());
    return marked
        .recover(e -> Future.succeededFuture())
        .compose(v -> ctx.api().delete(path, options));
  }

  /** The condition the real collector patches onto an orphan before deleting it. */
  private static ObjectNode disruption(Instant now) {
    ObjectNode patch = Json.object();
    patch
        .putObject("status")
        .putArray("conditions")
        .addObject()
        .put("type", "DisruptionTarget")
        .put("status", "True")
        .put("reason", "DeletionByPodGC")
        .put("message", "PodGC: node no longer exists")
        .put("lastTransitionTime", Kube.format(now));
    return patch;
  }
}
