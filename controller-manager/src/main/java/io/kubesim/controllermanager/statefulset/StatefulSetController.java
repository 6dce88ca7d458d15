package io.kubesim.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.Event;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The StatefulSet controller (pkg/controller/statefulset): the I/O around {@link
 * StatefulSetPlanner}. A sync reads the caches, plans, and writes in the real controller's order:
 * adoptions, the update revision, then (when the expectations are met) claims, pod labels, claim
 * owner references, pod creates and deletes through {@link StatefulPodControl}, then the status
 * (written even when a write before it failed), and last the revisions beyond the history limit.
 * Every write of an object the sync read carries its resourceVersion: a conflict fails the sync,
 * which is retried.
 */
public final class StatefulSetController implements ManagedController {
  public static final ResourcePath STATEFULSETS = ResourcePath.of("apps/v1", "statefulsets");
  static final ResourcePath CLAIMS = ResourcePath.core("persistentvolumeclaims");

  /** --concurrent-statefulset-syncs. */
  static final int WORKERS = 5;

  private final ControllerContext ctx;
  private final Informer sets;
  private final Informer pods;
  private final Informer revisions;
  private final Informer claims;
  private final Expectations expectations;
  private final PodControl podControl;
  private final StatefulPodControl statefulPodControl;
  private final HistoryControl historyControl;
  private final EventRecorder recorder;
  private final ControllerLoop loop;

  public StatefulSetController(ControllerContext ctx) {
    this.ctx = ctx;
    this.sets = ctx.informers().of(STATEFULSETS);
    this.pods = ctx.informers().of(ResourcePath.PODS);
    this.revisions = ctx.informers().of(HistoryControl.REVISIONS);
    this.claims = ctx.informers().of(CLAIMS);
    this.expectations = new Expectations(ctx.clock());
    this.recorder = ctx.recorder("statefulset-controller");
    this.podControl =
        new PodControl(ctx.api(), recorder, expectations, StatefulPodControl.POD_EVENTS);
    this.statefulPodControl = new StatefulPodControl(ctx.api(), recorder, podControl);
    this.historyControl = new HistoryControl(ctx.api(), STATEFULSETS, "StatefulSet");
    this.loop = ctx.loop("statefulset", WORKERS, this::sync);
    new StatefulSetHandlers(sets, expectations, loop).register(pods, claims);
  }

  @Override
  public String name() {
    return "statefulset";
  }

  @Override
  public void start() {
    expectations.clear();
    loop.start(sets.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private Future<Result> sync(String key) {
    ObjectNode node = sets.get(key);
    if (node == null) {
      expectations.forget(key);
      return Future.succeededFuture(Result.done());
    }
    ObjectNode setNode = Trees.withKind(node, "apps/v1", "StatefulSet");
    StatefulSet set = ctx.informers().typed(node, "apps/v1", "StatefulSet", StatefulSet.class);
    String ns = Trees.namespace(node);
    StatefulSetPlanner.Plan plan =
        StatefulSetPlanner.plan(
            set,
            ctx.informers().inNamespace(pods, ns, "v1", "Pod", Pod.class),
            ctx.informers()
                .inNamespace(
                    revisions, ns, "apps/v1", "ControllerRevision", ControllerRevision.class),
            claims(ns),
            expectations.satisfied(key),
            ctx.clock().instant());
    if (plan.history() == null) {
      return Future.succeededFuture(Result.done());
    }
    return podControl
        .adoptAndRelease(set, plan.pods(), pods)
        .compose(v -> historyControl.adoptAndRelease(set, plan.revisions()))
        .compose(v -> writeUpdateRevision(set, setNode, plan.history()))
        .compose(v -> manageThenWriteStatus(key, set, setNode, plan));
  }

  /** getStatefulSetRevisions' one write: the update revision created, or an old one renumbered. */
  private Future<Void> writeUpdateRevision(
      StatefulSet set, ObjectNode setNode, StatefulSetHistory.Resolved history) {
    if (history.create() != null) {
      return historyControl.create(set, setNode, history.create());
    }
    if (history.renumber() != null) {
      return historyControl.updateAll(List.of(history.renumber()));
    }
    return Future.succeededFuture();
  }

  /** The pod and claim writes, then the status whatever they did, then the history's truncation. */
  private Future<Result> manageThenWriteStatus(
      String key, StatefulSet set, ObjectNode setNode, StatefulSetPlanner.Plan plan) {
    Future<Void> managed = Future.succeededFuture();
    if (plan.manage()) {
      plan.events().forEach(e -> record(setNode, e));
      managed = statefulPodControl.apply(key, setNode, plan);
    }
    String path = STATEFULSETS.item(Trees.namespace(setNode), Trees.name(setNode));
    return managed.transform(
        done ->
            podControl
                .writeStatus(path, setNode, plan.status())
                .compose(
                    v ->
                        historyControl.delete(
                            set.getMetadata().getNamespace(), plan.historyDeletes()))
                .compose(
                    v ->
                        done.failed()
                            ? Future.failedFuture(done.cause())
                            : Future.succeededFuture(
                                plan.requeueAfter() == null
                                    ? Result.done()
                                    : Result.requeueAfter(plan.requeueAfter()))));
  }

  private void record(ObjectNode setNode, Event event) {
    recorder.record(setNode, null, event.type(), event.reason(), event.message());
  }

  private Map<String, PersistentVolumeClaim> claims(String ns) {
    Map<String, PersistentVolumeClaim> byName = new HashMap<>();
    for (ObjectNode o : claims.list()) {
      if (ns.equals(Trees.namespace(o))) {
        byName.put(
            Trees.name(o),
            ctx.informers().typed(o, "v1", "PersistentVolumeClaim", PersistentVolumeClaim.class));
      }
    }
    return byName;
  }
}
