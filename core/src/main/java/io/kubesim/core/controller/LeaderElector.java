package io.kubesim.core.controller;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.json.Json;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Leader election through a Lease, as client-go's {@code leaderelection} package does it:
 *
 * <ul>
 *   <li>a candidate tries every retryPeriod (jittered) to get or create the Lease; it takes it when
 *       nobody holds it (holderIdentity empty), or when the Lease has not changed for
 *       leaseDurationSeconds <em>as measured by this candidate's clock since it last saw it
 *       change</em> (not the renewTime written by the holder, so clock skew between processes does
 *       not matter);
 *   <li>every write is a PUT with the observed resourceVersion: of two candidates racing, one gets
 *       409 Conflict and stays a candidate;
 *   <li>the leader renews every retryPeriod; if it cannot renew for renewDeadline (less than
 *       leaseDuration), or sees another holder, it stops leading before anyone else may start;
 *   <li>on stop the leader releases the Lease (holder "", leaseDurationSeconds 1), so that a
 *       successor takes over at its next retry.
 * </ul>
 *
 * <p>Callbacks run on the elector's context. After losing the Lease the elector becomes a candidate
 * again (kube-controller-manager exits instead; a component that must not resume simply stops the
 * elector in onStoppedLeading).
 */
public final class LeaderElector {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);

  /** metav1.MicroTime: RFC 3339 in UTC with exactly six fraction digits. */
  static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** What the elector tells its component. */
  public interface Callbacks {
    void onStartedLeading();

    void onStoppedLeading();

    /** The holder changed (also when it is this candidate); never called with "". */
    default void onNewLeader(String identity) {}
  }

  private final Vertx vertx;
  private final ApiClient api;
  private final LeaderElectionConfig config;
  private final Callbacks callbacks;
  private final Clock clock;
  private final String path;

  // Context-confined.
  private Context context;
  private boolean stopped;
  private boolean leading;
  private long timer = -1;
  private Future<Boolean> attempt = Future.succeededFuture(false);
  private ObjectNode observed;
  private String observedKey = "";
  private Instant observedTime = Instant.EPOCH;
  private Instant lastRenew = Instant.EPOCH;
  private String reportedLeader = "";
  private volatile boolean leader;
  private volatile String currentHolder = "";

  public LeaderElector(
      Vertx vertx, ApiClient api, LeaderElectionConfig config, Callbacks callbacks, Clock clock) {
    this.vertx = vertx;
    this.api = api;
    this.config = config;
    this.callbacks = callbacks;
    this.clock = clock;
    this.path = ResourcePath.LEASES.item(config.namespace(), config.name());
  }

  /** Starts competing, on the caller's context (or a new event-loop context). */
  public void start() {
    context = vertx.getOrCreateContext();
    context.runOnContext(v -> acquire());
  }

  /** True while this candidate believes it holds the Lease. */
  public boolean isLeader() {
    return leader;
  }

  /** The holder last seen in the Lease, "" when none. */
  public String observedLeader() {
    return currentHolder;
  }

  /** Stops competing; a leader stops leading and (see releaseOnStop) hands the Lease back. */
  public Future<Void> stop() {
    if (context == null) {
      return Future.succeededFuture();
    }
    return Future.<Void>future(p -> context.runOnContext(v -> p.complete()))
        .compose(v -> stopOnContext());
  }

  private Future<Void> stopOnContext() {
    stopped = true;
    vertx.cancelTimer(timer);
    return attempt
        .transform(
            done -> {
              // An attempt in flight at stop may have just taken the Lease: give it back too.
              boolean holds = leading || (done.succeeded() && done.result());
              return holds && config.releaseOnStop() ? release() : Future.<Void>succeededFuture();
            })
        .transform(
            done -> {
              if (leading) {
                stopLeading();
              }
              return Future.succeededFuture();
            });
  }

  private void acquire() {
    if (stopped) {
      return;
    }
    attempt = tryAcquireOrRenew();
    attempt.onComplete(
        done -> {
          if (stopped) {
            return;
          }
          if (done.succeeded() && done.result()) {
            startLeading();
            schedule(config.retryPeriod().toMillis(), this::renew);
          } else {
            logFailure("acquire", done.cause());
            long period = config.retryPeriod().toMillis();
            long jitter =
                (long)
                    (ThreadLocalRandom.current().nextDouble()
                        * LeaderElectionConfig.JITTER_FACTOR
                        * period);
            schedule(period + jitter, this::acquire);
          }
        });
  }

  private void renew() {
    if (stopped) {
      return;
    }
    attempt = tryAcquireOrRenew();
    attempt.onComplete(
        done -> {
          if (stopped) {
            return;
          }
          Instant now = clock.instant();
          if (done.succeeded() && done.result()) {
            schedule(config.retryPeriod().toMillis(), this::renew);
            return;
          }
          logFailure("renew", done.cause());
          boolean takenOver = !currentHolder.isEmpty() && !currentHolder.equals(config.identity());
          if (takenOver || !now.isBefore(lastRenew.plus(config.renewDeadline()))) {
            LOG.info(
                "{}: {} failed to renew lease {}, stops leading",
                config.name(),
                config.identity(),
                path);
            stopLeading();
            schedule(config.retryPeriod().toMillis(), this::acquire);
          } else {
            schedule(config.retryPeriod().toMillis(), this::renew);
          }
        });
  }

  /**
   * One attempt: read the Lease (create it when missing), observe it, and write this candidate as
   * holder when it is ours or free or expired. True when this candidate holds it afterwards.
   */
  private Future<Boolean> tryAcquireOrRenew() {
    Instant now = clock.instant();
    return api.get(path)
        .transform(
            got -> {
              if (got.succeeded()) {
                return takeIfFree(got.result(), now);
              }
              if (ApiClient.isNotFound(got.cause())) {
                return create(now);
              }
              return Future.failedFuture(got.cause());
            });
  }

  private Future<Boolean> create(Instant now) {
    ObjectNode lease = Json.object();
    lease.put("apiVersion", "coordination.k8s.io/v1");
    lease.put("kind", "Lease");
    lease.putObject("metadata").put("name", config.name()).put("namespace", config.namespace());
    writeSpec(lease.putObject("spec"), now, now, 0);
    return api.create(ResourcePath.LEASES.collection(config.namespace()), lease)
        .map(created -> succeeded(created, now))
        .recover(
            e ->
                ApiClient.isAlreadyExists(e)
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(e));
  }

  private Future<Boolean> takeIfFree(ObjectNode lease, Instant now) {
    observe(lease, now);
    JsonNode spec = lease.path("spec");
    String holder = spec.path("holderIdentity").asString("");
    boolean mine = holder.equals(config.identity());
    long durationSeconds = spec.path("leaseDurationSeconds").asLong(0);
    boolean valid = observedTime.plusSeconds(durationSeconds).isAfter(now);
    if (!holder.isEmpty() && !mine && valid) {
      return Future.succeededFuture(false);
    }
    ObjectNode update = lease.deepCopy();
    int transitions = spec.path("leaseTransitions").asInt(0);
    if (mine) {
      Instant acquired = parseTime(spec.path("acquireTime").asString(""), now);
      writeSpec(update.putObject("spec"), acquired, now, transitions);
    } else {
      writeSpec(update.putObject("spec"), now, now, transitions + 1);
    }
    return api.update(path, update)
        .map(updated -> succeeded(updated, now))
        .recover(
            e -> ApiClient.isConflict(e) ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  private boolean succeeded(ObjectNode lease, Instant now) {
    observe(lease, now);
    lastRenew = now;
    return true;
  }

  /** Hands the Lease back: no holder, 1 s duration, so the next candidate need not wait. */
  private Future<Void> release() {
    if (observed == null) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    ObjectNode update = observed.deepCopy();
    ObjectNode spec = update.putObject("spec");
    int transitions = observed.path("spec").path("leaseTransitions").asInt(0);
    writeSpec(spec, now, now, transitions);
    spec.put("holderIdentity", "");
    spec.put("leaseDurationSeconds", 1);
    return api.update(path, update)
        .onFailure(
            e -> LOG.warn("{}: failed to release lease {}: {}", config.name(), path, e.toString()))
        .mapEmpty();
  }

  private void writeSpec(ObjectNode spec, Instant acquired, Instant renewed, int transitions) {
    spec.put("holderIdentity", config.identity());
    spec.put("leaseDurationSeconds", config.leaseDuration().toSeconds());
    spec.put("acquireTime", MICRO_TIME.format(acquired));
    spec.put("renewTime", MICRO_TIME.format(renewed));
    spec.put("leaseTransitions", transitions);
  }

  /**
   * Remembers the Lease; when its record changed since last seen, restarts this candidate's own
   * expiry count from now (client-go's observedTime).
   */
  private void observe(ObjectNode lease, Instant now) {
    JsonNode spec = lease.path("spec");
    String key = Json.string(spec);
    if (!key.equals(observedKey)) {
      observedKey = key;
      observedTime = now;
    }
    observed = lease;
    String holder = spec.path("holderIdentity").asString("");
    currentHolder = holder;
    if (!holder.isEmpty() && !Objects.equals(holder, reportedLeader)) {
      reportedLeader = holder;
      call(c -> c.onNewLeader(holder));
    }
  }

  private void startLeading() {
    if (leading) {
      return;
    }
    leading = true;
    leader = true;
    LOG.info("{}: {} acquired lease {}", config.name(), config.identity(), path);
    call(Callbacks::onStartedLeading);
  }

  private void stopLeading() {
    leading = false;
    leader = false;
    call(Callbacks::onStoppedLeading);
  }

  private void schedule(long delayMillis, Runnable step) {
    timer = vertx.setTimer(Math.max(1, delayMillis), t -> step.run());
  }

  private void call(Consumer<Callbacks> callback) {
    try {
      callback.accept(callbacks);
    } catch (RuntimeException e) {
      LOG.error("{}: leader election callback failed", config.name(), e);
    }
  }

  private void logFailure(String what, Throwable cause) {
    if (cause != null) {
      LOG.debug("{}: {} of lease {} failed: {}", config.name(), what, path, cause.toString());
    }
  }

  private static Instant parseTime(String text, Instant fallback) {
    try {
      return text.isEmpty() ? fallback : Instant.parse(text);
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  /** For tests: how long a candidate waits before taking over an abandoned Lease. */
  public Duration leaseDuration() {
    return config.leaseDuration();
  }
}
