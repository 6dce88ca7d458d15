package io.kubesim.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Trees;
import io.kubesim.controllermanager.podcontrol.PodControl;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.events.EventRecorder;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries out a {@link JobPlanner.Plan} in syncJob's order: pod creates or deletes, the status with
 * the new uncounted pods, the finalizer removals, the status with the counts, the events. A failed
 * step stops the rest and fails the sync (retried with back-off); the next sync plans again from
 * the caches, and the finalizers and uncounted lists make the partial progress safe to resume.
 */
final class JobWrites {
  static final ResourcePath JOBS = ResourcePath.of("batch/v1", "jobs");

  private final ApiClient api;
  private final PodControl podControl;
  private final EventRecorder recorder;
  private final FinalizerExpectations finalizers;

  JobWrites(
      ApiClient api,
      PodControl podControl,
      EventRecorder recorder,
      FinalizerExpectations finalizers) {
    this.api = api;
    this.podControl = podControl;
    this.recorder = recorder;
    this.finalizers = finalizers;
  }

  /**
   * @param key the Job's key
   * @param jobNode the Job as read (with kind), the events' object and the first write's base
   * @param keepBackoff stores the plan's back-off record, once the first status write went out
   */
  Future<Void> apply(String key, ObjectNode jobNode, JobPlanner.Plan plan, Runnable keepBackoff) {
    return manage(key, jobNode, plan)
        .compose(
            created -> {
              // syncJob writes the status even when manageJob failed, without the pods it
              // could not create, and returns the error after
              JobPlanner.Plan done =
                  created.failure() == null
                      ? plan
                      : plan.withoutCreates(plan.creates().size() - created.count(), jobNode);
              Future<Void> written = writeAll(key, jobNode, done, keepBackoff);
              return created.failure() == null
                  ? written
                  : written.transform(w -> Future.<Void>failedFuture(created.failure()));
            });
  }

  private Future<Void> writeAll(
      String key, ObjectNode jobNode, JobPlanner.Plan plan, Runnable keepBackoff) {
    return writeStatus(jobNode, plan.flush())
        .compose(
            afterFlush -> {
              if (plan.flush() != null) {
                keepBackoff.run();
              }
              return removeFinalizers(key, plan.removeFinalizers()).map(v -> afterFlush);
            })
        .compose(afterFlush -> writeStatus(afterFlush, plan.status()))
        .map(
            last -> {
              for (Event e : plan.events()) {
                recorder.record(last, null, e.type(), e.reason(), e.message());
              }
              return null;
            });
  }

  private Future<PodControl.Created> manage(String key, ObjectNode jobNode, JobPlanner.Plan plan) {
    if (!plan.creates().isEmpty()) {
      return podControl.createPodsCounted(key, jobNode, plan.creates());
    }
    if (plan.deletes().isEmpty()) {
      return Future.succeededFuture(new PodControl.Created(0, null));
    }
    Future<Void> before =
        plan.removeFinalizersBeforeDelete()
            ? all(plan.deletes(), p -> podControl.removeFinalizer(p, JobPods.TRACKING_FINALIZER))
            : Future.succeededFuture();
    return before
        .compose(v -> podControl.deletePods(key, jobNode, plan.deletes()))
        .map(v -> new PodControl.Created(0, null));
  }

  /**
   * Removes the tracking finalizers, expecting each removal to show in the pod informer; a failed
   * removal is not expected any more and fails the sync.
   */
  private Future<Void> removeFinalizers(String key, List<Pod> pods) {
    if (pods.isEmpty()) {
      return Future.succeededFuture();
    }
    Set<String> uids = new LinkedHashSet<>();
    pods.forEach(p -> uids.add(JobPods.uid(p)));
    finalizers.expectRemovals(key, uids);
    return all(
        pods,
        p ->
            podControl
                .removeFinalizer(p, JobPods.TRACKING_FINALIZER)
                .onFailure(e -> finalizers.removalObserved(key, JobPods.uid(p))));
  }

  /** PUT status on the Job as read (its resourceVersion guards it); null writes nothing. */
  private Future<ObjectNode> writeStatus(ObjectNode read, JobStatus status) {
    if (status == null) {
      return Future.succeededFuture(read);
    }
    ObjectNode body = read.deepCopy();
    body.set("status", ApiClient.tree(status));
    String path = JOBS.item(Trees.namespace(read), Trees.name(read));
    return api.updateStatus(path, body).map(written -> Trees.withKind(written, "batch/v1", "Job"));
  }

  private static Future<Void> all(
      List<Pod> pods, java.util.function.Function<Pod, Future<Void>> write) {
    List<Future<Void>> writes = new ArrayList<>();
    pods.forEach(p -> writes.add(write.apply(p)));
    return Future.all(writes).mapEmpty();
  }
}
