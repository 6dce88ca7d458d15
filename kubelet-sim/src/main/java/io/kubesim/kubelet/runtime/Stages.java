package io.kubesim.kubelet.runtime;

import io.kubesim.kubelet.Event;
import io.kubesim.kubelet.runtime.ContainerSim.Lifecycle;
import io.kubesim.kubelet.runtime.ContainerState.Running;
import io.kubesim.kubelet.runtime.ContainerState.Terminated;
import io.kubesim.kubelet.runtime.ContainerState.Waiting;
import io.kubesim.kubelet.shell.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A container's lifecycle as data, in the manner of kwok stages: each {@link Stage} matches the
 * current container, waits a delay counted from {@link ContainerSim#since()}, then applies a change
 * and records events. {@link #next} is a pure choice (the matching stage due first, table order
 * breaking ties) and {@link #step} applies every stage due by {@code now}, each at its own instant.
 *
 * <p>Event texts are the kubelet's (1.32+): {@code Pulling image "nginx:1.27"}, {@code Successfully
 * pulled image "nginx:1.27" in 1.2s (1.2s including waiting). Image size: 123 bytes.}, {@code
 * Created container: nginx}, {@code Started container nginx}, {@code Back-off restarting failed
 * container nginx in pod nginx_default(uid)}.
 */
public final class Stages {

  /**
   * The kubelet notices an exit or a failed pull at its next sync (PLEG relists every second): the
   * Terminated state or ErrImagePull is visible this long before back-off or a restart.
   */
  public static final Duration NEXT_SYNC = Duration.ofSeconds(1);

  /** An OOM kill comes this long after a start whose memory use is over the limit. */
  public static final Duration OOM_AFTER = Duration.ofSeconds(1);

  /** What a stage does: the container after it, and the events recorded. */
  public record Result(ContainerSim next, List<Event> events) {}

  public record Stage(
      String name,
      Predicate<ContainerSim> when,
      Function<ContainerSim, Duration> delay,
      BiFunction<ContainerSim, Instant, Result> then) {}

  /** A stage chosen for a container, and the instant it is due. */
  public record Due(Stage stage, Instant at) {}

  public static final List<Stage> TABLE =
      List.of(
          new Stage(
              "an image that is not present (or always pulled) is pulled first",
              c -> is(c, Lifecycle.NEW) && (!c.imagePresent() || c.spec().pullAlways()),
              c -> Duration.ZERO,
              Stages::beginPull),
          new Stage(
              "an image already present is not pulled again",
              c -> is(c, Lifecycle.NEW) && c.imagePresent() && !c.spec().pullAlways(),
              c -> Duration.ZERO,
              Stages::alreadyPresent),
          new Stage(
              "a pull with an injected error fails after the pull time",
              c -> is(c, Lifecycle.PULLING) && c.spec().script().pullError().isPresent(),
              c -> c.spec().script().pull(),
              Stages::pullFailed),
          new Stage(
              "a pull succeeds after the pull time and the container is created",
              c -> is(c, Lifecycle.PULLING) && c.spec().script().pullError().isEmpty(),
              c -> c.spec().script().pull(),
              Stages::pulled),
          new Stage(
              "a failed pull backs off at the next sync",
              c -> is(c, Lifecycle.PULL_FAILED),
              c -> NEXT_SYNC,
              Stages::pullBackoff),
          new Stage(
              "the image back-off over, the pull is tried again",
              c -> is(c, Lifecycle.PULL_BACKOFF),
              c -> imageBackoff(c.pullFailures()).minus(NEXT_SYNC),
              Stages::beginPull),
          new Stage(
              "a created container starts after the start delay",
              c -> is(c, Lifecycle.CREATED),
              c -> c.spec().script().startDelay(),
              Stages::started),
          new Stage(
              "a container using more memory than its limit is OOM-killed",
              c -> is(c, Lifecycle.RUNNING) && c.spec().oomKilled(),
              c -> OOM_AFTER,
              (c, at) -> terminate(c, at, 137, "OOMKilled")),
          new Stage(
              "a container being stopped dies of SIGTERM at once or of SIGKILL after the grace period",
              c -> is(c, Lifecycle.STOPPING),
              c -> c.spec().stop().after(),
              (c, at) -> {
                int code = c.spec().stop().exitCode();
                return terminate(c, at, code, "Error");
              }),
          new Stage(
              "a running container exits when its process does",
              c -> is(c, Lifecycle.RUNNING) && c.spec().timeline().exit().isPresent(),
              c -> c.spec().timeline().exit().get().at(),
              (c, at) -> {
                int code = c.spec().timeline().exit().get().code();
                return terminate(c, at, code, code == 0 ? "Completed" : "Error");
              }),
          new Stage(
              "an exited container out of back-off is restarted at the next sync",
              c -> restarts(c) && !Backoff.inBackoff(c.crashBackoff(), c.since(), c.since()),
              c -> NEXT_SYNC,
              (c, at) ->
                  new Result(
                      c.restarted(at, c.state(), Backoff.next(c.crashBackoff(), c.since())),
                      List.of())),
          new Stage(
              "an exited container in back-off waits in CrashLoopBackOff",
              c -> restarts(c) && Backoff.inBackoff(c.crashBackoff(), c.since(), c.since()),
              c -> NEXT_SYNC,
              Stages::crashLoop),
          new Stage(
              "the crash back-off over, the container is restarted",
              c -> is(c, Lifecycle.CRASH_BACKOFF),
              c -> c.crashBackoff().delay().minus(NEXT_SYNC),
              (c, at) -> {
                Instant finished = ((Terminated) c.lastState()).finishedAt();
                return new Result(
                    c.restarted(at, c.lastState(), Backoff.next(c.crashBackoff(), finished)),
                    List.of());
              }));

  private Stages() {}

  /** The stage that applies next to {@code c}, if any: kwok's "match the current state". */
  public static Optional<Due> next(ContainerSim c) {
    return TABLE.stream()
        .filter(s -> s.when().test(c))
        .map(s -> new Due(s, c.since().plus(s.delay().apply(c))))
        .min(Comparator.comparing(Due::at));
  }

  /** Every stage due by {@code now}, applied in order. */
  public static List<Change> step(ContainerSim c, Instant now) {
    List<Change> changes = new ArrayList<>();
    ContainerSim current = c;
    for (Optional<Due> due = next(current);
        due.isPresent() && !due.get().at().isAfter(now);
        due = next(current)) {
      Result r = due.get().stage().then().apply(current, due.get().at());
      current = r.next();
      changes.add(new Change(due.get().stage().name(), due.get().at(), current, r.events()));
    }
    return changes;
  }

  /**
   * Stops a running container (a failed liveness or startup probe): SIGTERM now, then the stopping
   * stage ends it as {@link ContainerSpec.Stop} says; the restart stages take it from there.
   */
  public static Result kill(ContainerSim c, Instant at, String message) {
    return new Result(
        c.moveTo(Lifecycle.STOPPING, at, c.state()),
        List.of(Event.normal(at, "Killing", message, c.spec().fieldPath())));
  }

  /** The image back-off after {@code failures} failed pulls in a row: 10 s, 20 s... 5 min. */
  public static Duration imageBackoff(int failures) {
    Backoff entry = null;
    Instant at = Instant.EPOCH;
    for (int i = 0; i < failures; i++) {
      entry = Backoff.next(entry, at);
    }
    return entry == null ? Duration.ZERO : entry.delay();
  }

  // --- the changes ----------------------------------------------------------------------------

  private static boolean is(ContainerSim c, Lifecycle l) {
    return c.lifecycle() == l;
  }

  private static boolean restarts(ContainerSim c) {
    return is(c, Lifecycle.EXITED)
        && c.spec().restartPolicy().restarts(((Terminated) c.state()).exitCode());
  }

  private static Result beginPull(ContainerSim c, Instant at) {
    return new Result(
        c.moveTo(Lifecycle.PULLING, at, new Waiting("ContainerCreating", "")),
        List.of(event(c, at, "Pulling", "Pulling image \"" + c.spec().image() + "\"")));
  }

  private static Result alreadyPresent(ContainerSim c, Instant at) {
    return new Result(
        c.moveTo(Lifecycle.CREATED, at, new Waiting("ContainerCreating", "")),
        List.of(
            event(
                c,
                at,
                "Pulled",
                "Container image \"" + c.spec().image() + "\" already present on machine"),
            event(c, at, "Created", "Created container: " + c.name())));
  }

  private static Result pulled(ContainerSim c, Instant at) {
    String took = Images.goDuration(c.spec().script().pull());
    String image = c.spec().image();
    return new Result(
        c.moveTo(Lifecycle.CREATED, at, new Waiting("ContainerCreating", "")).withPull(0, true),
        List.of(
            event(
                c,
                at,
                "Pulled",
                "Successfully pulled image \""
                    + image
                    + "\" in "
                    + took
                    + " ("
                    + took
                    + " including waiting). Image size: "
                    + Images.size(image)
                    + " bytes."),
            event(c, at, "Created", "Created container: " + c.name())));
  }

  private static Result pullFailed(ContainerSim c, Instant at) {
    String error = c.spec().script().pullError().orElseThrow();
    String image = c.spec().image();
    return new Result(
        c.moveTo(Lifecycle.PULL_FAILED, at, new Waiting("ErrImagePull", error))
            .withPull(c.pullFailures() + 1, c.imagePresent()),
        List.of(
            warning(c, at, "Failed", "Failed to pull image \"" + image + "\": " + error),
            warning(c, at, "Failed", "Error: ErrImagePull")));
  }

  private static Result pullBackoff(ContainerSim c, Instant at) {
    String message = "Back-off pulling image \"" + c.spec().image() + "\"";
    return new Result(
        c.moveTo(Lifecycle.PULL_BACKOFF, at, new Waiting("ImagePullBackOff", message)),
        List.of(
            event(c, at, "BackOff", message), warning(c, at, "Failed", "Error: ImagePullBackOff")));
  }

  private static Result started(ContainerSim c, Instant at) {
    return new Result(
        c.moveTo(Lifecycle.RUNNING, at, new Running(at)),
        List.of(event(c, at, "Started", "Started container " + c.name())));
  }

  private static Result terminate(ContainerSim c, Instant at, int code, String reason) {
    Instant started = c.startedAt();
    return new Result(
        c.moveTo(Lifecycle.EXITED, at, new Terminated(code, reason, "", started, at)), List.of());
  }

  private static Result crashLoop(ContainerSim c, Instant at) {
    String message =
        "back-off "
            + Images.goDuration(c.crashBackoff().delay())
            + " restarting failed container="
            + c.name()
            + " pod="
            + c.spec().podRef();
    ContainerSim waiting =
        new ContainerSim(
            c.spec(),
            Lifecycle.CRASH_BACKOFF,
            at,
            new Waiting("CrashLoopBackOff", message),
            c.state(),
            c.restartCount(),
            c.pullFailures(),
            c.imagePresent(),
            c.crashBackoff());
    return new Result(
        waiting,
        List.of(
            warning(
                c,
                at,
                "BackOff",
                "Back-off restarting failed container "
                    + c.name()
                    + " in pod "
                    + c.spec().podRef())));
  }

  private static Event event(ContainerSim c, Instant at, String reason, String message) {
    return Event.normal(at, reason, message, c.spec().fieldPath());
  }

  private static Event warning(ContainerSim c, Instant at, String reason, String message) {
    return Event.warning(at, reason, message, c.spec().fieldPath());
  }

  /** The log lines of the current run up to {@code now}. */
  public static List<String> logs(ContainerSim c, Instant now) {
    Instant started = c.startedAt();
    if (started == null) {
      return List.of();
    }
    Timeline t = c.spec().timeline();
    return t.outputUntil(Duration.between(started, now));
  }
}
