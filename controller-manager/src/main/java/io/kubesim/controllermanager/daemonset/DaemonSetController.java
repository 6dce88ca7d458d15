package io.kubesim.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.Trees;
import io.kubesim.controllermanager.history.HistoryControl;
import io.kubesim.controllermanager.podcontrol.Expectations;
import io.kubesim.controllermanager.podcontrol.PodControl;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Result;
import io.kubesim.core.events.EventRecorder;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * The DaemonSet controller (pkg/controller/daemon): the I/O around {@link DaemonSetPlanner}. Its
 * handlers ({@link DaemonSetHandlers}) only find the DaemonSets an event concerns; a sync reads the
 * caches, plans, and writes in the real controller's order: adoptions, the history, then (when the
 * expectations are met) the pods through {@link PodControl} and the old revisions, and last the
 * status, which is written even when a create or delete failed. Every write of an object the sync
 * read carries its resourceVersion: a conflict fails the sync, which is retried.
 */
public final class DaemonSetController implements ManagedController {
  public static final ResourcePath DAEMONSETS = ResourcePath.of("apps/v1", "daemonsets");

  /** --concurrent-daemonset-syncs. */
  static final int WORKERS = 2;

  private final ControllerContext ctx;
  private final Informer daemonSets;
  private final Informer revisions;
  private final Informer pods;
  private final Informer nodes;
  private final Expectations expectations;
  private final PodControl podControl;
  private final HistoryControl historyControl;
  private final EventRecorder recorder;
  private final FailedPodBackoff backoff = new FailedPodBackoff();
  private final ControllerLoop loop;

  public DaemonSetController(ControllerContext ctx) {
    this.ctx = ctx;
    this.daemonSets = ctx.informers().of(DAEMONSETS);
    this.revisions = ctx.informers().of(HistoryControl.REVISIONS);
    this.pods = ctx.informers().of(ResourcePath.PODS);
    this.nodes = ctx.informers().of(ResourcePath.NODES);
    this.expectations = new Expectations(ctx.clock());
    this.recorder = ctx.recorder("daemonset-controller");
    this.podControl = new PodControl(ctx.api(), recorder, expectations);
    this.historyControl = new HistoryControl(ctx.api(), DAEMONSETS, "DaemonSet");
    this.loop = ctx.loop("daemonset", WORKERS, this::sync);
    new DaemonSetHandlers(ctx.informers(), daemonSets, expectations, loop)
        .register(daemonSets, revisions, pods, nodes);
  }

  @Override
  public String name() {
    return "daemonset";
  }

  @Override
  public void start() {
    expectations.clear();
    loop.start(daemonSets.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private Future<Result> sync(String key) {
    ObjectNode node = daemonSets.get(key);
    if (node == null) {
      expectations.forget(key);
      return Future.succeededFuture(Result.done());
    }
    ObjectNode dsNode = Trees.withKind(node, "apps/v1", "DaemonSet");
    DaemonSet ds = ctx.informers().typed(node, "apps/v1", "DaemonSet", DaemonSet.class);
    String ns = Trees.namespace(node);
    Instant now = ctx.clock().instant();
    backoff.gc(now);
    DaemonSetPlanner.Plan plan =
        DaemonSetPlanner.plan(
            ds,
            nodes(),
            ctx.informers().inNamespace(pods, ns, "v1", "Pod", Pod.class),
            ctx.informers()
                .inNamespace(
                    revisions, ns, "apps/v1", "ControllerRevision", ControllerRevision.class),
            new DaemonSetPlanner.Pending(expectations.satisfied(key), backoff.view()),
            now);
    if (plan.history() == null) {
      plan.events().forEach(e -> record(dsNode, e)); // a selector selecting everything
      return Future.succeededFuture(Result.done());
    }
    return podControl
        .adoptAndRelease(ds, plan.pods(), pods)
        .compose(v -> historyControl.adoptAndRelease(ds, plan.revisions()))
        .compose(v -> writeHistory(ds, dsNode, plan.history()))
        .compose(v -> manageThenWriteStatus(key, ds, dsNode, plan, now));
  }

  /**
   * The history's writes in constructHistory's order: missing labels, then the current revision
   * created, or the pods relabelled, the duplicates deleted and the current one renumbered.
   */
  private Future<Void> writeHistory(DaemonSet ds, ObjectNode dsNode, History.Construction history) {
    List<ControllerRevision> labelled = new ArrayList<>();
    List<ControllerRevision> renumbered = new ArrayList<>();
    for (ControllerRevision r : history.updates()) {
      boolean current =
          history.create() == null
              && Objects.equals(Kube.labels(r).get(DaemonPods.REVISION_HASH), history.hash());
      (current ? renumbered : labelled).add(r);
    }
    Future<Void> step = historyControl.updateAll(labelled);
    if (history.create() != null) {
      return step.compose(v -> historyControl.create(ds, dsNode, history.create()));
    }
    return step.compose(v -> historyControl.relabel(history.relabels(), history.hash()))
        .compose(v -> historyControl.delete(ds.getMetadata().getNamespace(), history.deletes()))
        .compose(v -> historyControl.updateAll(renumbered));
  }

  /** updateDaemonSet, then the status whatever it did; its failure then fails the sync. */
  private Future<Result> manageThenWriteStatus(
      String key, DaemonSet ds, ObjectNode dsNode, DaemonSetPlanner.Plan plan, Instant now) {
    Future<Void> managed = Future.succeededFuture();
    if (plan.manage()) {
      plan.events().forEach(e -> record(dsNode, e));
      plan.backoffKeys().forEach(k -> backoff.next(k, now));
      managed =
          podControl
              .createAndDeletePods(key, dsNode, plan.creates(), plan.deletes())
              .compose(
                  v ->
                      historyControl.delete(
                          ds.getMetadata().getNamespace(), plan.historyDeletes()));
    }
    return managed.transform(
        done ->
            podControl
                .writeStatus(
                    DAEMONSETS.item(Trees.namespace(dsNode), Trees.name(dsNode)),
                    dsNode,
                    plan.status())
                .compose(
                    v ->
                        done.failed()
                            ? Future.failedFuture(done.cause())
                            : Future.succeededFuture(
                                plan.requeueAfter() == null
                                    ? Result.done()
                                    : Result.requeueAfter(plan.requeueAfter()))));
  }

  private void record(ObjectNode dsNode, Event event) {
    recorder.record(dsNode, null, event.type(), event.reason(), event.message());
  }

  private List<Node> nodes() {
    List<Node> all = new ArrayList<>();
    for (ObjectNode n : nodes.list()) {
      all.add(ctx.informers().typed(n, "v1", "Node", Node.class));
    }
    return all;
  }
}
