package io.kubesim.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubesim.kubelet.exec.ContainerEnv;
import io.kubesim.kubelet.exec.Machines;
import io.kubesim.kubelet.image.ImageFiles;
import io.kubesim.kubelet.shell.Machine;
import io.kubesim.kubelet.shell.OneShot;
import io.kubesim.kubelet.shell.Overlay;
import io.kubesim.kubelet.shell.Shell;
import io.kubesim.kubelet.shell.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What does not change while a container lives: derived once from the pod spec and the {@link
 * Script}, including the {@link Timeline} that every run of the container follows.
 *
 * @param podRef the pod as the kubelet names it in messages: {@code name_namespace(uid)}
 * @param fieldPath the container in events: {@code spec.containers{nginx}}
 */
public record ContainerSpec(
    String name,
    String image,
    boolean init,
    RestartPolicy restartPolicy,
    boolean pullAlways,
    Timeline timeline,
    Map<String, String> files,
    Optional<io.kubesim.core.quantity.Quantity> memoryUse,
    Optional<io.kubesim.core.quantity.Quantity> memoryLimit,
    Script script,
    String podRef,
    String fieldPath,
    Stop stop,
    Container container) {

  /**
   * How the process ends when the kubelet stops it: a shell as PID 1 ignores SIGTERM and is killed
   * (137) when the grace period ({@code terminationGracePeriodSeconds}, default 30) runs out; the
   * image's own program dies of the SIGTERM at once (128 + 15 = 143).
   */
  public record Stop(Duration after, int exitCode) {}

  /** A Job-like container with no command "runs for a short time and exits 0": this long. */
  public static final Duration DEFAULT_JOB_RUN = Duration.ofSeconds(5);

  public static ContainerSpec of(Pod pod, Container c, boolean init, Script script) {
    RestartPolicy podPolicy = RestartPolicy.of(pod.getSpec().getRestartPolicy());
    RestartPolicy policy =
        init && podPolicy == RestartPolicy.ALWAYS ? RestartPolicy.ON_FAILURE : podPolicy;
    String pullPolicy = c.getImagePullPolicy();
    boolean pullAlways =
        "Always".equals(pullPolicy)
            || (pullPolicy == null && Images.tag(c.getImage()).equals("latest"));
    Optional<io.kubesim.core.quantity.Quantity> limit =
        Optional.ofNullable(c.getResources())
            .map(r -> r.getLimits())
            .map(l -> l.get("memory"))
            .map(Quantity::toString)
            .map(io.kubesim.core.quantity.Quantity::parse);
    var meta = pod.getMetadata();
    return new ContainerSpec(
        c.getName(),
        c.getImage(),
        init,
        policy,
        pullAlways,
        timeline(pod, c, policy, script),
        Map.of(),
        script.memory(),
        limit,
        script,
        meta.getName() + "_" + meta.getNamespace() + "(" + meta.getUid() + ")",
        (init ? "spec.initContainers{" : "spec.containers{") + c.getName() + "}",
        stop(pod, c),
        c);
  }

  /**
   * The command's timeline, cut short by the crash or run-time annotations, whichever comes first.
   * Without a command, the image's own process: a server runs forever, a Job's exits 0 after {@link
   * #DEFAULT_JOB_RUN}. A known one-shot program ({@link OneShot}) prints its output and exits 0.
   */
  static Timeline timeline(Pod pod, Container c, RestartPolicy policy, Script script) {
    List<String> argv = new ArrayList<>();
    argv.addAll(c.getCommand() == null ? List.of() : c.getCommand());
    argv.addAll(c.getArgs() == null ? List.of() : c.getArgs());
    Timeline base;
    if (!argv.isEmpty()) {
      base =
          OneShot.of(argv)
              .orElseGet(
                  () ->
                      Shell.run(
                          argv,
                          new Overlay(ImageFiles.layer(c.getImage())),
                          aheadOfTime(pod, c),
                          Instant.EPOCH,
                          Shell.Unknown.RUNS_FOREVER));
    } else if (policy == RestartPolicy.ALWAYS
        || script.crashAfter().isPresent()
        || script.runFor().isPresent()) {
      base = Timeline.forever();
    } else {
      base = Timeline.exitAfter(DEFAULT_JOB_RUN, script.exitCode().orElse(0));
    }
    Timeline cut = base;
    if (script.runFor().isPresent()) {
      cut = cutAt(cut, script.runFor().get(), script.exitCode().orElse(0));
    }
    if (script.crashAfter().isPresent()) {
      cut = cutAt(cut, script.crashAfter().get(), script.exitCode().orElse(1));
    }
    return cut;
  }

  /**
   * What the command sees when its timeline is computed, before the pod has an IP or the API was
   * asked for Services: the pod's own environment and the image's files.
   */
  private static Machine aheadOfTime(Pod pod, Container c) {
    Map<String, String> env =
        ContainerEnv.of(
            pod,
            c,
            "",
            "",
            ImageFiles.env(c.getImage()),
            ContainerEnv.Sources.NONE,
            io.kubesim.core.quantity.Quantity.parse("4"),
            io.kubesim.core.quantity.Quantity.parse("8Gi"));
    return Machines.of(pod, c, "", env, Map.of(), 8L << 30);
  }

  private static Timeline cutAt(Timeline t, Duration at, int code) {
    if (t.exit().isPresent() && t.exit().get().at().compareTo(at) <= 0) {
      return t;
    }
    List<Timeline.Step> steps = new ArrayList<>();
    for (Timeline.Step s : t.steps()) {
      if (s.at().compareTo(at) <= 0
          && !(s instanceof Timeline.RunsForever)
          && !(s instanceof Timeline.Exited)) {
        steps.add(s);
      }
    }
    steps.add(new Timeline.Exited(at, code));
    return new Timeline(steps);
  }

  static Stop stop(Pod pod, Container c) {
    List<String> argv = new ArrayList<>();
    argv.addAll(c.getCommand() == null ? List.of() : c.getCommand());
    argv.addAll(c.getArgs() == null ? List.of() : c.getArgs());
    if (!Shell.isScript(argv)) {
      return new Stop(Duration.ZERO, 143);
    }
    Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
    return new Stop(Duration.ofSeconds(grace == null ? 30 : grace), 137);
  }

  /** Memory use above the limit: the kernel's OOM killer ends every run. */
  public boolean oomKilled() {
    return memoryUse.isPresent()
        && memoryLimit.isPresent()
        && memoryUse.get().compareTo(memoryLimit.get()) > 0;
  }
}
