package io.kubesim.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.OwnerClaims;
import io.kubesim.controllermanager.SharedInformers;
import io.kubesim.controllermanager.Trees;
import io.kubesim.controllermanager.podcontrol.Expectations;
import io.kubesim.controllermanager.podcontrol.PodControl;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job controller (pkg/controller/job): the I/O around {@link JobPlanner}. Pod events find the
 * Job that owns the pod and enqueue it after the 1 s batching period (syncJobBatchPeriod), Job
 * events at once; a sync reads the caches, claims the pods and carries out the plan ({@link
 * JobWrites}). A second queue, job_orphan_pod, takes the tracking finalizer off pods whose Job is
 * gone or finished, so that they can go.
 */
public final class JobController implements ManagedController {
  private final ControllerContext ctx;
  private final Informer jobs;
  private final Informer pods;
  private final Expectations expectations;
  private final FinalizerExpectations finalizers = new FinalizerExpectations();
  private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();
  private final PodControl podControl;
  private final JobWrites writes;
  private final ControllerLoop loop;
  private final ControllerLoop orphans;

  public JobController(ControllerContext ctx) {
    this.ctx = ctx;
    this.jobs = ctx.informers().of(JobWrites.JOBS);
    this.pods = ctx.informers().of(ResourcePath.PODS);
    this.expectations = new Expectations(ctx.clock());
    var recorder = ctx.recorder("job-controller");
    this.podControl = new PodControl(ctx.api(), recorder, expectations);
    this.writes = new JobWrites(ctx.api(), podControl, recorder, finalizers);
    this.loop = ctx.loop("job", 5, this::sync);
    this.orphans = ctx.loop("job_orphan_pod", 1, this::syncOrphan);
    jobs.addHandler(new JobEvents());
    pods.addHandler(new PodEvents());
  }

  @Override
  public String name() {
    return "job";
  }

  @Override
  public void start() {
    expectations.clear();
    finalizers.clear();
    backoffs.clear();
    loop.start(jobs.keys());
    orphans.start(List.of());
  }

  @Override
  public void stop() {
    loop.stop();
    orphans.stop();
  }

  private void enqueueBatched(String key) {
    loop.enqueueAfter(key, JobPlanner.BATCH_PERIOD);
  }

  private final class JobEvents implements EventHandler {
    @Override
    public void onAdd(ObjectNode job) {
      loop.enqueue(Keys.of(job));
    }

    @Override
    public void onUpdate(ObjectNode old, ObjectNode job) {
      String key = Keys.of(job);
      long generation = job.path("metadata").path("generation").asLong(0);
      if (generation == old.path("metadata").path("generation").asLong(0)) {
        enqueueBatched(key);
      } else {
        loop.enqueue(key);
      }
      if (finished(job)) {
        cleanupPodFinalizers(job); // a backup: the Job is not marked finished before this
      }
      deadlineChanged(old, job);
    }

    @Override
    public void onDelete(ObjectNode job) {
      loop.enqueue(Keys.of(job));
      cleanupPodFinalizers(job);
    }
  }

  /** A new activeDeadlineSeconds brings the Job back when it runs out. */
  private void deadlineChanged(ObjectNode old, ObjectNode job) {
    JsonNode deadline = job.path("spec").path("activeDeadlineSeconds");
    Instant start = Kube.time(job.path("status").path("startTime").asString(""));
    if (start == null || !deadline.isNumber()) {
      return;
    }
    if (!deadline.equals(old.path("spec").path("activeDeadlineSeconds"))) {
      Duration left =
          Duration.ofSeconds(deadline.asLong())
              .minus(Duration.between(start, ctx.clock().instant()));
      loop.enqueueAfter(Keys.of(job), left.isNegative() ? Duration.ZERO : left);
    }
  }

  private final class PodEvents implements EventHandler {
    @Override
    public void onAdd(ObjectNode pod) {
      if (Trees.deleting(pod)) {
        deleted(pod, false);
        return;
      }
      ObjectNode job = owner(pod);
      if (job != null) {
        expectations.creationObserved(Keys.of(job));
        enqueueBatched(Keys.of(job));
      } else if (!Trees.hasController(pod) && hasFinalizer(pod)) {
        orphans.enqueue(Keys.of(pod));
      }
    }

    @Override
    public void onUpdate(ObjectNode old, ObjectNode pod) {
      if (old == pod || sameVersion(old, pod)) {
        return; // a resync
      }
      if (Trees.deleting(pod)) {
        deleted(pod, false);
        return;
      }
      boolean finalizerGone = !hasFinalizer(pod);
      ObjectNode oldJob = owner(old);
      ObjectNode job = owner(pod);
      if (oldJob != null
          && !Objects.equals(Trees.uid(oldJob), job == null ? null : Trees.uid(job))) {
        observed(oldJob, pod, finalizerGone);
      }
      if (job != null) {
        observed(job, pod, finalizerGone);
      } else if (!Trees.hasController(pod) && hasFinalizer(pod)) {
        orphans.enqueue(Keys.of(pod));
      }
    }

    @Override
    public void onDelete(ObjectNode pod) {
      deleted(pod, true);
    }
  }

  private void observed(ObjectNode job, ObjectNode pod, boolean finalizerGone) {
    if (finalizerGone) {
      finalizers.removalObserved(Keys.of(job), Trees.uid(pod));
    }
    enqueueBatched(Keys.of(job));
  }

  /**
   * A pod is being deleted ({@code last}: or gone): its Job's deletion expectation is met, and,
   * when gone or without the finalizer, its finalizer removal too; an orphan or a pod of a finished
   * Job that still holds the finalizer loses it in the orphan queue.
   */
  private void deleted(ObjectNode pod, boolean last) {
    boolean finalizer = hasFinalizer(pod);
    ObjectNode job = Trees.hasController(pod) ? owner(pod) : null;
    if (job == null || finished(job)) {
      if (finalizer && !last) {
        orphans.enqueue(Keys.of(pod));
      }
      return;
    }
    String key = Keys.of(job);
    expectations.deletionObserved(key, Keys.of(pod));
    if (last || !finalizer) {
      finalizers.removalObserved(key, Trees.uid(pod));
    }
    enqueueBatched(key);
  }

  /** cleanupPodFinalizers: the pods of a deleted or finished Job that still hold the finalizer. */
  private void cleanupPodFinalizers(ObjectNode job) {
    String ns = Trees.namespace(job);
    String uid = Trees.uid(job);
    for (ObjectNode pod : pods.byIndex(SharedInformers.BY_CONTROLLER, uid)) {
      if (ns.equals(Trees.namespace(pod)) && hasFinalizer(pod) && controlledBy(pod, uid)) {
        orphans.enqueue(Keys.of(pod));
      }
    }
  }

  // --- sync --------------------------------------------------------------------------------

  private Future<Result> sync(String key) {
    ObjectNode node = jobs.get(key);
    if (node == null) {
      expectations.forget(key);
      finalizers.forget(key);
      backoffs.remove(key);
      return Future.succeededFuture(Result.done());
    }
    ObjectNode jobNode = Trees.withKind(node, "batch/v1", "Job");
    Job job = ctx.informers().typed(jobNode, "batch/v1", "Job", Job.class);
    if (JobConditions.finished(job)) {
      backoffs.remove(key);
      return Future.succeededFuture(Result.done());
    }
    // expectations first: a pod created after the check only defers the sync
    boolean satisfied = expectations.satisfied(key);
    List<ObjectNode> podNodes = new ArrayList<>();
    List<Pod> candidates = new ArrayList<>();
    for (ObjectNode p :
        SharedInformers.claimable(pods, Trees.namespace(jobNode), job.getMetadata().getUid())) {
      podNodes.add(p);
      candidates.add(ctx.informers().typed(p, "v1", "Pod", Pod.class));
    }
    OwnerClaims.Claims<Pod> claims =
        OwnerClaims.claim(job, Kube.selector(job.getSpec().getSelector()), candidates);
    JobPlanner.Memory memory =
        new JobPlanner.Memory(
            satisfied, finalizers.expected(key), backoffs.getOrDefault(key, Backoff.NONE));
    JobPlanner.Plan plan = JobPlanner.plan(job, owned(claims), ctx.clock().instant(), memory);
    return podControl
        .adoptAndRelease(job, claims, podNodes)
        .compose(v -> writes.apply(key, jobNode, plan, () -> backoffs.put(key, plan.backoff())))
        .map(
            v -> {
              if (plan.finished()) {
                backoffs.remove(key);
              }
              return plan.requeueAfter() == null
                  ? Result.done()
                  : Result.requeueAfter(atLeast(plan.requeueAfter()));
            });
  }

  /** The claimed pods; adopted ones as if they had the finalizer the adoption adds. */
  private static List<Pod> owned(OwnerClaims.Claims<Pod> claims) {
    List<Pod> owned = new ArrayList<>();
    for (Pod p : claims.owned()) {
      if (claims.adopt().contains(p) && !JobPods.hasTrackingFinalizer(p)) {
        Pod copy = Kube.copy(p, Pod.class);
        List<String> finalizers =
            copy.getMetadata().getFinalizers() == null
                ? new ArrayList<>()
                : new ArrayList<>(copy.getMetadata().getFinalizers());
        finalizers.add(JobPods.TRACKING_FINALIZER);
        copy.getMetadata().setFinalizers(finalizers);
        owned.add(copy);
      } else {
        owned.add(p);
      }
    }
    return owned;
  }

  private static Duration atLeast(Duration d) {
    Duration floor = Duration.ofMillis(100);
    return d.compareTo(floor) < 0 ? floor : d;
  }

  /**
   * syncOrphanPod: takes the finalizer off a pod no running Job controls (none, another kind, a Job
   * gone or finished); a pod adopted meanwhile keeps it.
   */
  private Future<Result> syncOrphan(String key) {
    ObjectNode pod = pods.get(key);
    if (pod == null || !hasFinalizer(pod)) {
      return Future.succeededFuture(Result.done());
    }
    JsonNode ref = controllerRef(pod);
    if (ref != null) {
      if (!"Job".equals(ref.path("kind").asString(""))
          || !"batch/v1".equals(ref.path("apiVersion").asString(""))) {
        return Future.succeededFuture(Result.done());
      }
      ObjectNode job = owner(pod);
      if (job != null && (!finished(job) || managedElsewhere(job))) {
        return Future.succeededFuture(Result.done()); // adopted meanwhile, or not ours to free
      }
    }
    Pod typed = ctx.informers().typed(pod, "v1", "Pod", Pod.class);
    return podControl.removeFinalizer(typed, JobPods.TRACKING_FINALIZER).map(v -> Result.done());
  }

  // --- pods and their Jobs -----------------------------------------------------------------

  /** resolveControllerRef: the Job the pod's controllerRef names, if it is still that Job. */
  private ObjectNode owner(ObjectNode pod) {
    JsonNode ref = controllerRef(pod);
    if (ref == null || !"Job".equals(ref.path("kind").asString(""))) {
      return null;
    }
    ObjectNode job = jobs.get(Keys.of(Trees.namespace(pod), ref.path("name").asString("")));
    if (job == null || !Trees.uid(job).equals(ref.path("uid").asString(""))) {
      return null;
    }
    return job;
  }

  private static JsonNode controllerRef(JsonNode pod) {
    for (JsonNode ref : pod.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return ref;
      }
    }
    return null;
  }

  private static boolean controlledBy(JsonNode pod, String uid) {
    JsonNode ref = controllerRef(pod);
    return ref != null && uid.equals(ref.path("uid").asString(""));
  }

  private static boolean hasFinalizer(JsonNode pod) {
    for (JsonNode f : pod.path("metadata").path("finalizers")) {
      if (JobPods.TRACKING_FINALIZER.equals(f.asString(""))) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameVersion(JsonNode a, JsonNode b) {
    String rv = a.path("metadata").path("resourceVersion").asString("");
    return !rv.isEmpty() && rv.equals(b.path("metadata").path("resourceVersion").asString(""));
  }

  private static boolean managedElsewhere(JsonNode job) {
    String managedBy = job.path("spec").path("managedBy").asString("");
    return !managedBy.isEmpty() && !managedBy.equals(JobPlanner.JOB_CONTROLLER);
  }

  private static boolean finished(JsonNode job) {
    for (JsonNode c : job.path("status").path("conditions")) {
      String type = c.path("type").asString("");
      if ((type.equals("Complete") || type.equals("Failed"))
          && "True".equals(c.path("status").asString(""))) {
        return true;
      }
    }
    return false;
  }
}
