package io.kubesim.controllermanager.ttlafterfinished;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kubesim.controllermanager.ControllerContext;
import io.kubesim.controllermanager.ControllerLoop;
import io.kubesim.controllermanager.ManagedController;
import io.kubesim.controllermanager.Trees;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.EventHandler;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.Keys;
import io.kubesim.core.controller.Result;
import io.kubesim.core.json.Json;
import io.vertx.core.Future;
import tools.jackson.databind.node.ObjectNode;

/**
 * The TTL-after-finished controller: deletes a finished Job ttlSecondsAfterFinished after it
 * finished, in the foreground (its pods go first) and only the Job it looked at (a uid
 * precondition). Before deleting it reads the Job again from the API: a TTL the user just raised
 * must win over a stale cache.
 */
public final class TtlAfterFinishedController implements ManagedController {
  static final ResourcePath JOBS = ResourcePath.of("batch/v1", "jobs");

  private final ControllerContext ctx;
  private final Informer jobs;
  private final ControllerLoop loop;

  public TtlAfterFinishedController(ControllerContext ctx) {
    this.ctx = ctx;
    this.jobs = ctx.informers().of(JOBS);
    this.loop = ctx.loop("ttl_jobs_to_delete", 5, this::sync);
    jobs.addHandler(
        new EventHandler() {
          @Override
          public void onAdd(ObjectNode job) {
            enqueueIfFinished(job);
          }

          @Override
          public void onUpdate(ObjectNode old, ObjectNode job) {
            enqueueIfFinished(job);
          }
        });
  }

  @Override
  public String name() {
    return "ttl-after-finished";
  }

  @Override
  public void start() {
    loop.start(jobs.keys());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  private void enqueueIfFinished(ObjectNode node) {
    if (TtlPlanner.needsCleanup(typed(node))) {
      loop.enqueue(Keys.of(node));
    }
  }

  private Future<Result> sync(String key) {
    ObjectNode cached = jobs.get(key);
    if (cached == null) {
      return Future.succeededFuture(Result.done());
    }
    TtlPlanner.Decision decision = TtlPlanner.decide(typed(cached), ctx.clock().instant());
    if (!decision.delete()) {
      return Future.succeededFuture(result(decision));
    }
    String path = JOBS.item(Trees.namespace(cached), Trees.name(cached));
    return ctx.api()
        .get(path)
        .compose(
            fresh -> {
              TtlPlanner.Decision again = TtlPlanner.decide(typed(fresh), ctx.clock().instant());
              return again.delete()
                  ? delete(path, Trees.uid(fresh))
                  : Future.succeededFuture(result(again));
            })
        .recover(
            e ->
                ApiClient.isNotFound(e)
                    ? Future.succeededFuture(Result.done())
                    : Future.failedFuture(e));
  }

  private Future<Result> delete(String path, String uid) {
    ObjectNode options = Json.object();
    options.put("kind", "DeleteOptions").put("apiVersion", "v1");
    options.put("propagationPolicy", "Foreground");
    options.putObject("preconditions").put("uid", uid);
    return ctx.api().delete(path, options).map(v -> Result.done());
  }

  private static Result result(TtlPlanner.Decision decision) {
    return decision.requeueAfter() == null
        ? Result.done()
        : Result.requeueAfter(decision.requeueAfter());
  }

  private Job typed(ObjectNode node) {
    return ctx.informers().typed(node, "batch/v1", "Job", Job.class);
  }
}
