package io.kubesim.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.Trees;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.cron.CronException;
import io.kubesim.core.cron.CronSchedule;
import io.kubesim.core.cron.TimeZones;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CronJob controller (pkg/controller/cronjob, "v2"): the I/O around {@link CronJobPlanner}. Job
 * events wake the CronJob that controls the Job; a sync deletes what the plan deletes, creates the
 * scheduled Job, writes the status and asks to be woken at the next scheduled time. The clock is
 * injected, so tests move time instead of waiting whole minutes.
 */
public final class CronJobController implements ManagedController {
  static final ResourcePath CRONJOBS = ResourcePath.of("batch/v1", "cronjobs");
  static final ResourcePath JOBS = ResourcePath.of("batch/v1", "jobs");

  private final ControllerContext ctx;
  private final Clock clock;
  private final Informer cronJobs;
  private final Informer jobs;
  private final EventRecorder recorder;
  private final ControllerLoop loop;

  public CronJobController(ControllerContext ctx) {
    this(ctx, ctx.clock());
  }

  /** With its own clock (a test's), which only this controller reads. */
  public CronJobController(ControllerContext ctx, Clock clock) {
    this.ctx = ctx;
    this.clock = clock;
    this.cronJobs = ctx.informers().of(CRONJOBS);
    this.jobs = ctx.informers().of(JOBS);
    this.recorder = new EventRecorder(ctx.api(), "cronjob-controller", null, clock);
    this.loop = ctx.loop("cronjob", 5, this::sync);
    cronJobs.addHandler(new CronJobEvents());
    jobs.addHandler(new JobEvents());
  }

  @Override
  public String name() {
    return "cronjob";
  }

  @Override
  public void start() {
    loop.start(cronJobs.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private final class CronJobEvents implements EventHandler {
    @Override
    public void onAdd(ObjectNode cj) {
      loop.enqueue(Keys.of(cj));
    }

    /** A new schedule or time zone is due at its next time; any other change now. */
    @Override
    public void onUpdate(ObjectNode old, ObjectNode cj) {
      JsonNode spec = cj.path("spec");
      if (spec.path("schedule").equals(old.path("spec").path("schedule"))
          && spec.path("timeZone").equals(old.path("spec").path("timeZone"))) {
        loop.enqueue(Keys.of(cj));
        return;
      }
      CronJob typed = typed(cj);
      try {
        CronSchedule schedule =
            CronSchedule.parse(typed.getSpec().getSchedule(), zone(typed.getSpec().getTimeZone()));
        Duration next = ScheduleTimes.untilNext(typed, clock.instant(), schedule);
        if (next != null) {
          loop.enqueueAfter(Keys.of(cj), next);
        }
      } catch (CronException e) {
        recorder.warning(
            withKind(cj),
            "UnParseableCronJobSchedule",
            "unparseable schedule for cronjob: " + typed.getSpec().getSchedule());
      }
    }

    @Override
    public void onDelete(ObjectNode cj) {
      loop.enqueue(Keys.of(cj));
    }
  }

  private final class JobEvents implements EventHandler {
    @Override
    public void onAdd(ObjectNode job) {
      enqueueOwner(job);
    }

    @Override
    public void onUpdate(ObjectNode old, ObjectNode job) {
      if (old == job) {
        return;
      }
      ObjectNode oldOwner = owner(old);
      ObjectNode owner = owner(job);
      if (oldOwner != null && oldOwner != owner) {
        loop.enqueue(Keys.of(oldOwner));
      }
      if (owner != null) {
        loop.enqueue(Keys.of(owner));
      }
    }

    @Override
    public void onDelete(ObjectNode job) {
      enqueueOwner(job);
    }

    private void enqueueOwner(ObjectNode job) {
      ObjectNode owner = owner(job);
      if (owner != null) {
        loop.enqueue(Keys.of(owner));
      }
    }
  }

  /** resolveControllerRef: the CronJob a Job's controllerRef names, if it is still that one. */
  private ObjectNode owner(ObjectNode job) {
    String key = Trees.controllerKey(job, "CronJob");
    if (key == null) {
      return null;
    }
    ObjectNode cj = cronJobs.get(key);
    for (JsonNode ref : job.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)
          && cj != null
          && Trees.uid(cj).equals(ref.path("uid").asString(""))) {
        return cj;
      }
    }
    return null;
  }

  // --- sync --------------------------------------------------------------------------------

  private Future<Result> sync(String key) {
    ObjectNode node = cronJobs.get(key);
    if (node == null) {
      return Future.succeededFuture(Result.done());
    }
    return syncWith(withKind(node), false);
  }

  /**
   * Plans from {@code cjNode}; when the plan finds running Jobs missing from status.active, the
   * CronJob is read again from the API once (the cache may lag behind this controller's own status
   * write) before they are reported.
   */
  private Future<Result> syncWith(ObjectNode cjNode, boolean fresh) {
    CronJob cj = typed(cjNode);
    List<Job> owned = ownedJobs(cj);
    CronJobPlanner.Plan plan = CronJobPlanner.plan(cj, owned, clock.instant());
    if (!plan.unexpected().isEmpty() && !fresh) {
      String path = CRONJOBS.item(cj.getMetadata().getNamespace(), cj.getMetadata().getName());
      return ctx.api().get(path).compose(latest -> syncWith(withKind(latest), true));
    }
    plan.events().forEach(e -> record(cjNode, e));
    return deleteJobs(cjNode, plan.deletes())
        .compose(v -> create(cjNode, plan))
        .compose(status -> writeStatus(cjNode, status))
        .map(
            v ->
                plan.requeueAfter() == null
                    ? Result.done()
                    : Result.requeueAfter(positive(plan.requeueAfter())));
  }

  private List<Job> ownedJobs(CronJob cj) {
    List<Job> owned = new ArrayList<>();
    String ns = cj.getMetadata().getNamespace();
    for (ObjectNode j : jobs.list()) {
      if (!ns.equals(Trees.namespace(j))) {
        continue;
      }
      for (JsonNode ref : j.path("metadata").path("ownerReferences")) {
        if (ref.path("controller").asBoolean(false)
            && cj.getMetadata().getName().equals(ref.path("name").asString(""))) {
          owned.add(ctx.informers().typed(j, "batch/v1", "Job", Job.class));
        }
      }
    }
    return owned;
  }

  /** Deletes with propagationPolicy Background, as the controller's jobControl does. */
  private Future<Void> deleteJobs(ObjectNode cjNode, List<Job> delete) {
    Future<Void> chain = Future.succeededFuture();
    for (Job job : delete) {
      String name = job.getMetadata().getName();
      ObjectNode options = Json.object();
      options.put("kind", "DeleteOptions").put("apiVersion", "v1");
      options.put("propagationPolicy", "Background");
      String path = JOBS.item(job.getMetadata().getNamespace(), name);
      chain =
          chain.compose(
              v ->
                  ctx.api()
                      .delete(path, options)
                      .<Void>mapEmpty()
                      .recover(
                          e ->
                              ApiClient.isNotFound(e)
                                  ? Future.succeededFuture()
                                  : Future.failedFuture(e))
                      .onSuccess(
                          ok -> recorder.normal(cjNode, "SuccessfulDelete", "Deleted job " + name))
                      .onFailure(
                          e ->
                              recorder.warning(
                                  cjNode, "FailedDelete", "Deleted job: " + Trees.message(e))));
    }
    return chain;
  }

  /**
   * Creates the planned Job and returns the status to write with it in status.active. A Job of that
   * name that exists already is ours (a status write lost after an earlier create) when we control
   * it: it joins status.active; otherwise someone else made it and nothing is written.
   */
  private Future<CronJobStatus> create(ObjectNode cjNode, CronJobPlanner.Plan plan) {
    if (plan.create() == null) {
      return Future.succeededFuture(plan.status());
    }
    Job request = plan.create();
    String ns = request.getMetadata().getNamespace();
    return ctx.api()
        .create(JOBS.collection(ns), ApiClient.tree(request))
        .map(
            created -> {
              recorder.normal(
                  cjNode, "SuccessfulCreate", "Created job " + request.getMetadata().getName());
              return withJob(plan, typedJob(created));
            })
        .recover(
            e -> {
              if (!ApiClient.isAlreadyExists(e)) {
                recorder.warning(cjNode, "FailedCreate", "Error creating job: " + Trees.message(e));
                return Future.failedFuture(e);
              }
              String path = JOBS.item(ns, request.getMetadata().getName());
              return ctx.api()
                  .get(path)
                  .map(
                      existing -> {
                        Job job = typedJob(existing);
                        boolean ours =
                            Kube.controllerOf(job)
                                .map(r -> Trees.uid(cjNode).equals(r.getUid()))
                                .orElse(false);
                        boolean listed =
                            plan.status().getActive().stream()
                                .anyMatch(
                                    r -> Objects.equals(r.getUid(), job.getMetadata().getUid()));
                        return ours && !listed ? withJob(plan, job) : null;
                      });
            });
  }

  private static CronJobStatus withJob(CronJobPlanner.Plan plan, Job job) {
    CronJobStatus status = plan.status();
    List<ObjectReference> active = new ArrayList<>(status.getActive());
    active.add(CronJobPlanner.reference(job));
    status.setActive(active);
    status.setLastScheduleTime(Kube.format(plan.scheduledTime()));
    return status;
  }

  /** PUT status on the CronJob as read; null writes nothing. */
  private Future<Void> writeStatus(ObjectNode cjNode, CronJobStatus status) {
    if (status == null) {
      return Future.succeededFuture();
    }
    ObjectNode body = cjNode.deepCopy();
    body.set("status", ApiClient.tree(status));
    return ctx.api()
        .updateStatus(CRONJOBS.item(Trees.namespace(cjNode), Trees.name(cjNode)), body)
        .<Void>mapEmpty()
        .recover(e -> ApiClient.isNotFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private void record(ObjectNode cjNode, Event e) {
    recorder.record(cjNode, null, e.type(), e.reason(), e.message());
  }

  private static Duration positive(Duration d) {
    return d.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : d;
  }

  private static java.time.ZoneId zone(String name) {
    return TimeZones.load(name == null ? "" : name);
  }

  private CronJob typed(ObjectNode node) {
    return ctx.informers().typed(withKind(node), "batch/v1", "CronJob", CronJob.class);
  }

  private static Job typedJob(ObjectNode node) {
    return Trees.typed(node, "batch/v1", "Job", Job.class);
  }

  private static ObjectNode withKind(ObjectNode node) {
    return Trees.withKind(node, "batch/v1", "CronJob");
  }
}
