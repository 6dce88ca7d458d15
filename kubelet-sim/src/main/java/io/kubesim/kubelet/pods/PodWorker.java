package io.kubesim.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import io.kubesim.core.client.ApiCall;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.json.Json;
import io.kubesim.core.quantity.Quantity;
import io.kubesim.kubelet.Event;
import io.kubesim.kubelet.PodSim;
import io.kubesim.kubelet.app.ContainerServers;
import io.kubesim.kubelet.app.HttpApp;
import io.kubesim.kubelet.exec.ContainerFiles;
import io.kubesim.kubelet.exec.ContainerRun;
import io.kubesim.kubelet.exec.Machines;
import io.kubesim.kubelet.exec.PodFiles;
import io.kubesim.kubelet.image.ImageFiles;
import io.kubesim.kubelet.logs.ContainerLog;
import io.kubesim.kubelet.net.PodIps;
import io.kubesim.kubelet.probe.ExecProber;
import io.kubesim.kubelet.probe.ProbeKind;
import io.kubesim.kubelet.probe.ProbeResult;
import io.kubesim.kubelet.probe.Prober;
import io.kubesim.kubelet.runtime.ContainerSim;
import io.kubesim.kubelet.runtime.ContainerSim.Lifecycle;
import io.kubesim.kubelet.runtime.ContainerState.Running;
import io.kubesim.kubelet.runtime.ContainerState.Terminated;
import io.kubesim.kubelet.runtime.Script;
import io.kubesim.kubelet.shell.OneShot;
import io.kubesim.kubelet.shell.Shell;
import io.kubesim.kubelet.shell.Timeline;
import io.kubesim.kubelet.status.PodStatuses;
import io.kubesim.kubelet.status.StatusMerge;
import io.kubesim.kubelet.volume.PodVolumes;
import io.kubesim.kubelet.volume.VolumeSetup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One pod on one simulated node: the thin I/O shell around the pure {@link PodSim}. Each {@link
 * #sync} steps the simulation to now (with probes answered by the container's app), records the
 * events, appends the program's output to the container logs, opens and closes the containers' HTTP
 * servers, and writes the pod status when it changed. A pod with a deletionTimestamp is stopped
 * (Killing, the grace period for a shell that ignores SIGTERM) and then deleted for good. Runs on
 * the kubelet's context; the HTTP servers read the (immutable) simulation from theirs.
 */
final class PodWorker {
  private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);

  /**
   * How often a settled pod is synced without a reason: the kubelet's syncFrequency (1 min). Every
   * pod synced each second cost a 1,000-node kubelet-sim a quarter of its CPU at 10,000 pods.
   */
  static final Duration SETTLED_SYNC = Duration.ofSeconds(60);

  private static final Duration UNSETTLED_SYNC = Duration.ofSeconds(1);

  private final Shared shared;
  private final NodeState node;
  private final String uid;
  private final Map<String, ContainerLog> logs = new ConcurrentHashMap<>();
  private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
  private final Map<String, ContainerRun> runs = new ConcurrentHashMap<>();

  private volatile ObjectNode pod;
  private volatile PodSim sim;
  private PodStatus lastWritten;
  private PodStatus stored;
  private JsonNode storedJson;
  private String lastWrittenJson;

  /**
   * What the last status computation saw, when it found nothing to write: the same simulation, the
   * same stored status and the same written one give the same status again, so a pod's sync (each
   * second) skips building it. At 20,000 pods that building was most of the kubelet's CPU.
   */
  private PodSim checkedSim;

  private JsonNode checkedStored;
  private String checkedWritten;
  private boolean writing;
  private boolean finished;
  private boolean startObserved;
  private Instant stopAt;
  private boolean deleting;
  private boolean removed;
  private volatile String podIp;
  private volatile PodVolumes volumes;
  private boolean mounting;
  private boolean waitingForVolumes;
  private int mountFailures;
  private Instant mountAgainAt;

  /** When the current wait for the attach/detach controller to attach the pod's volumes began. */
  private Instant attachWaitSince;

  long timer = -1;

  PodWorker(Shared shared, NodeState node, String uid) {
    this.shared = shared;
    this.node = node;
    this.uid = uid;
  }

  String uid() {
    return uid;
  }

  NodeState node() {
    return node;
  }

  ObjectNode pod() {
    return pod;
  }

  PodSim sim() {
    return sim;
  }

  boolean running() {
    return sim != null && !finished && stopAt == null;
  }

  ContainerLog log(String container) {
    return logs.get(container);
  }

  String podIp() {
    return podIp;
  }

  /**
   * The current run of a running container: its files (the image's, the kubelet's, what its command
   * and exec'd commands wrote) and its exec'd processes; a restart starts a new one.
   */
  ContainerRun run(ContainerSim c) {
    return runs.compute(
        c.name(),
        (name, run) -> {
          if (run != null && run.restartCount() == c.restartCount()) {
            return run;
          }
          if (run != null) {
            run.stop();
          }
          return newRun(c);
        });
  }

  /** Runs whose container stopped since: their exec'd processes end with it. */
  private void stopEndedRuns() {
    if (runs.isEmpty()) {
      return;
    }
    for (ContainerSim c : all()) {
      ContainerRun run = runs.get(c.name());
      if (run != null && (!c.running() || run.restartCount() != c.restartCount())) {
        runs.remove(c.name(), run);
        run.stop();
      }
    }
  }

  private ContainerRun newRun(ContainerSim c) {
    Pod model = ApiClient.as(pod, Pod.class);
    long memory = Quantity.parse(node.agent().config().memory()).value().longValue();
    List<String> pid1 = Machines.pid1(c.spec().container());
    ContainerFiles files =
        new ContainerFiles(
            c.restartCount(),
            ImageFiles.layer(c.spec().image()),
            c.spec().timeline(),
            c.startedAt(),
            shared.clock(),
            up -> PodFiles.of(model, podIp, pid1, up, memory),
            mounted().mounts(c.spec().container(), c.startedAt()));
    return new ContainerRun(c.restartCount(), files);
  }

  private PodVolumes mounted() {
    PodVolumes v = volumes;
    return v == null ? PodVolumes.NONE : v;
  }

  /** The bytes container {@code name} keeps in memory-backed emptyDirs (for its memory use). */
  long memoryUse(String container) {
    PodVolumes v = volumes;
    PodSim s = sim;
    return v == null || v.isEmpty() || s == null ? 0 : v.memoryUse(s.pod(), container);
  }

  /** The files the container's app serves from: its own, or null for the image's untouched. */
  private io.kubesim.kubelet.shell.Files appFiles(ContainerSim c) {
    return runs.containsKey(c.name()) || !mounted().isEmpty() ? run(c).files().view() : null;
  }

  void update(ObjectNode latest) {
    if (pod != null && revision(latest) < revision(pod)) {
      return; // an event older than what the worker has (e.g. the answer to its own write)
    }
    pod = latest;
    JsonNode status = latest.path("status");
    if (status.equals(storedJson)) {
      return; // the status as the kubelet last knew it (the echo of its own write, a resync)
    }
    storedJson = status;
    stored = status.isObject() ? ApiClient.as(status, PodStatus.class) : null;
    if (StatusMerge.needsReconcile(stored, lastWritten)) {
      lastWrittenJson = null; // another writer changed what the kubelet owns: write it again
    }
  }

  private static long revision(ObjectNode pod) {
    try {
      return Long.parseLong(pod.path("metadata").path("resourceVersion").asString("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private String name() {
    return pod.path("metadata").path("name").asString("");
  }

  private String namespace() {
    return pod.path("metadata").path("namespace").asString("");
  }

  /** The next instant something is due, for the caller's timer. */
  Instant nextAt(Instant now) {
    Instant next = now.plus(settled() ? SETTLED_SYNC : UNSETTLED_SYNC);
    if (sim != null && !finished && stopAt == null) {
      next = earlier(next, sim.nextAt().orElse(null));
      next = earlier(next, nextLogLine());
    }
    return earlier(next, stopAt);
  }

  /**
   * Nothing left to do until something changes: admitted (or finished), not stopping, volumes
   * mounted, no status write going and the last check found nothing to write. Such a pod is synced
   * again by its own changes, its next stage, probe or log line, the informer's resync, and at the
   * latest after {@link #SETTLED_SYNC}; the others every second (mount retries, status writes).
   */
  private boolean settled() {
    if (pod == null || removed || stopAt != null) {
      return false;
    }
    if (finished) {
      return true;
    }
    return sim != null
        && !writing
        && !mounting
        && !waitingForVolumes
        && sim == checkedSim
        && storedJson == checkedStored
        && lastWrittenJson == checkedWritten;
  }

  /** When a running container's program writes its next log line, or null. */
  private Instant nextLogLine() {
    Instant next = null;
    for (ContainerSim c : all()) {
      if (c.state() instanceof Running r && r.startedAt() != null) {
        List<Timeline.Output> outputs = c.spec().timeline().outputs();
        ContainerLog log = logs.get(c.name());
        int done = log == null ? 0 : log.emittedSteps(c.restartCount());
        if (done < outputs.size()) {
          next = earlier(next, r.startedAt().plus(outputs.get(done).at()));
        }
      }
    }
    return next;
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  void sync(Instant now) {
    if (pod == null || removed) {
      return;
    }
    if (!pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
      terminate(now);
      return;
    }
    if (sim == null && !finished) {
      admit(now);
    }
    if (finished || sim == null) {
      return;
    }
    mountVolumes(now);
    PodSim.Step step = sim.step(now, this::probe);
    sim = step.pod();
    record(step.events());
    updateLogs(now);
    stopEndedRuns();
    startCopyingRuns();
    reconcileServers();
    observeStart(now);
    writeStatus(now);
  }

  // --- admission --------------------------------------------------------------------------------

  private void admit(Instant now) {
    Pod model = ApiClient.as(pod, Pod.class);
    PodStatus previous = model.getStatus();
    String phase = previous == null ? null : previous.getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      finished = true;
      return;
    }
    String hostIp = node.agent().config().ip();
    podIp = Boolean.TRUE.equals(model.getSpec().getHostNetwork()) ? hostIp : allocateIp(previous);
    if (podIp == null) {
      LOG.warn("{}/{}: no pod IP left on node {}", namespace(), name(), node.name());
      return;
    }
    if (volumes == null && !VolumeSetup.needed(model)) {
      volumes = PodVolumes.NONE;
    }
    waitingForVolumes = volumes == null;
    PodSim admitted =
        waitingForVolumes
            ? PodSim.admitUnmounted(model, now, hostIp, podIp)
            : PodSim.admit(model, now, hostIp, podIp);
    sim = Reboot.continueFrom(admitted, previous, now);
    startObserved = sim != admitted;
    shared.metrics().podAdmitted();
    for (String problem : sim.script().problems()) {
      shared.recorder(node.name()).warning(pod, "InvalidAnnotation", problem);
    }
  }

  private String allocateIp(PodStatus previous) {
    String cidr = node.agent().podCidr();
    String before = previous == null ? null : previous.getPodIP();
    String ip =
        PodIps.contains(cidr, before) && !node.usedIps().contains(before)
            ? before
            : PodIps.allocate(cidr, node.usedIps()).orElse(null);
    if (ip != null) {
      node.usedIps().add(ip);
    }
    return ip;
  }

  // --- volumes --------------------------------------------------------------------------------

  /**
   * Sets up the pod's volumes while its containers wait: once they are, the first container may
   * begin. A setup that fails records FailedMount for each volume and is tried again after a
   * back-off (0.5 s doubling up to 2 min 2 s, as the kubelet's operation executor waits).
   */
  private void mountVolumes(Instant now) {
    if (!waitingForVolumes) {
      return;
    }
    if (volumes != null) {
      waitingForVolumes = false;
      sim = sim.mounted(now);
      return;
    }
    if (mounting || (mountAgainAt != null && now.isBefore(mountAgainAt))) {
      return;
    }
    mounting = true;
    Pod model = ApiClient.as(pod, Pod.class);
    var config = node.agent().config();
    VolumeSetup.NodeContext context =
        new VolumeSetup.NodeContext(
            node.name(),
            shared.volumes(),
            shared.api(),
            shared.sources(),
            shared.clock(),
            Quantity.parse(config.cpu()),
            Quantity.parse(config.memory()));
    var setup = VolumeSetup.mount(model, context);
    if (setup.isComplete()) {
      mountDone(setup.result(), setup.cause(), now);
    } else {
      setup.onComplete(done -> mountDone(done.result(), done.cause(), shared.clock().instant()));
    }
  }

  private void mountDone(PodVolumes done, Throwable failure, Instant now) {
    mounting = false;
    if (removed) {
      if (done != null) {
        done.delete();
      }
      return;
    }
    if (done != null) {
      volumes = done;
      if (sim != null && waitingForVolumes) {
        waitingForVolumes = false;
        sim = sim.mounted(now);
      }
      return;
    }
    List<String> messages =
        failure instanceof VolumeSetup.Failed f ? f.messages() : List.of(failure.toString());
    List<String> unattached = failure instanceof VolumeSetup.Failed f ? f.unattached() : List.of();
    for (String message : messages) {
      shared.recorder(node.name()).warning(pod, "FailedMount", message);
    }
    if (messages.isEmpty()) {
      waitForAttach(unattached, now);
      return;
    }
    mountFailures++;
    long backoff = Math.min(MAX_MOUNT_BACKOFF_MILLIS, 500L << Math.min(mountFailures - 1, 20));
    mountAgainAt = now.plusMillis(backoff);
  }

  /**
   * Only volumes still to be attached: looked at again shortly, as the kubelet polls while it waits
   * for them; FailedMount only when a whole wait (2 min 3 s) passed without them.
   */
  private void waitForAttach(List<String> unattached, Instant now) {
    mountAgainAt = now.plus(ATTACH_POLL);
    if (attachWaitSince == null) {
      attachWaitSince = now;
    } else if (!now.isBefore(attachWaitSince.plus(ATTACH_AND_MOUNT_TIMEOUT))) {
      attachWaitSince = now;
      shared
          .recorder(node.name())
          .warning(pod, "FailedMount", VolumeSetup.attachTimedOut(unattached));
    }
  }

  /** podAttachAndMountTimeout: how long the kubelet waits for a pod's volumes in one sync. */
  static final Duration ATTACH_AND_MOUNT_TIMEOUT = Duration.ofSeconds(123);

  static final Duration ATTACH_POLL = Duration.ofSeconds(1);

  /** The kubelet's longest wait between two tries of a volume operation: 2 min 2 s. */
  static final long MAX_MOUNT_BACKOFF_MILLIS = 122_000;

  /** Containers that mount a subPath of a projected volume get their copy as they start. */
  private void startCopyingRuns() {
    PodVolumes v = volumes;
    if (v == null || v.isEmpty()) {
      return;
    }
    for (ContainerSim c : all()) {
      if (c.running() && v.copiesAtStart(c.spec().container())) {
        run(c);
      }
    }
  }

  // --- events, logs, servers ------------------------------------------------------------------

  private void record(List<Event> events) {
    for (Event e : events) {
      String fieldPath = e.fieldPath() == null || e.fieldPath().isEmpty() ? null : e.fieldPath();
      shared.recorder(node.name()).record(pod, fieldPath, e.type(), e.reason(), e.message());
      if (e.reason().equals("Started")) {
        shared.metrics().containerStarted(fieldPath != null && fieldPath.startsWith("spec.init"));
      }
    }
    for (ContainerSim c : all()) {
      Integer before = restarts.put(c.name(), c.restartCount());
      if (before != null && c.restartCount() > before) {
        for (int i = before; i < c.restartCount(); i++) {
          shared.metrics().containerRestarted();
        }
      }
    }
  }

  private List<ContainerSim> all() {
    List<ContainerSim> out = new ArrayList<>(sim.init());
    out.addAll(sim.app());
    return out;
  }

  /** Appends each run's program output up to now, and the start lines of an image's program. */
  private void updateLogs(Instant now) {
    for (ContainerSim c : all()) {
      ContainerLog log = logs.computeIfAbsent(c.name(), n -> new ContainerLog());
      int run = c.restartCount();
      if (c.lastState() instanceof Terminated t && t.startedAt() != null && log.hasRun(run - 1)) {
        emit(log, run - 1, c, t.startedAt(), t.finishedAt());
        log.endRun(run - 1);
      }
      if (c.state() instanceof Running r) {
        begin(log, run, c, r.startedAt());
        emit(log, run, c, r.startedAt(), now);
      } else if (c.state() instanceof Terminated t && t.startedAt() != null) {
        begin(log, run, c, t.startedAt());
        emit(log, run, c, t.startedAt(), t.finishedAt());
        log.endRun(run);
      }
    }
  }

  private void begin(ContainerLog log, int run, ContainerSim c, Instant startedAt) {
    if (log.hasRun(run)) {
      return;
    }
    log.startRun(run);
    if (runsImageProgram(c.spec().container())) {
      for (String line : HttpApp.startLines(c.spec().image(), appPorts(c), startedAt)) {
        log.append(run, new ContainerLog.Line(startedAt, line, false));
      }
    }
  }

  private static void emit(
      ContainerLog log, int run, ContainerSim c, Instant start, Instant until) {
    List<Timeline.Output> outputs = c.spec().timeline().outputs();
    Duration elapsed = Duration.between(start, until);
    int done = log.emittedSteps(run);
    int i = done;
    while (i < outputs.size() && outputs.get(i).at().compareTo(elapsed) <= 0) {
      Timeline.Output o = outputs.get(i);
      Instant written = start.plus(o.at());
      log.append(run, new ContainerLog.Line(written, o.text(written), o.stderr()));
      i++;
    }
    if (i != done) {
      log.setEmittedSteps(run, i);
    }
  }

  /**
   * No command, or one that is neither a shell script nor a known one-shot program: the image's own
   * program (a server).
   */
  static boolean runsImageProgram(Container c) {
    List<String> argv = new ArrayList<>();
    argv.addAll(c.getCommand() == null ? List.of() : c.getCommand());
    argv.addAll(c.getArgs() == null ? List.of() : c.getArgs());
    return argv.isEmpty() || !(Shell.isScript(argv) || OneShot.known(argv));
  }

  /**
   * The TCP ports the container's app listens on: its declared containerPorts, and for an image's
   * own program port 80 (nginx always; other images when they declare none), as those images do.
   * The pause image's program listens on nothing, declared or not (and a thousand-node cluster of
   * pause pods needs no socket per pod).
   */
  static List<Integer> appPorts(ContainerSim c) {
    Container spec = c.spec().container();
    if (runsImageProgram(spec) && HttpApp.kind(c.spec().image()) == HttpApp.Kind.PAUSE) {
      return List.of();
    }
    Set<Integer> ports = new LinkedHashSet<>();
    if (spec.getPorts() != null) {
      for (ContainerPort p : spec.getPorts()) {
        if (p.getProtocol() == null || p.getProtocol().equals("TCP")) {
          ports.add(p.getContainerPort());
        }
      }
    }
    if (runsImageProgram(spec)
        && (ports.isEmpty() || HttpApp.kind(c.spec().image()) == HttpApp.Kind.NGINX)) {
      ports.add(80);
    }
    return List.copyOf(ports);
  }

  private void reconcileServers() {
    Set<String> want = new LinkedHashSet<>();
    for (ContainerSim c : sim.app()) {
      if (!c.running()) {
        continue;
      }
      for (int port : appPorts(c)) {
        String key = ContainerServers.key(uid, c.name(), port);
        want.add(key);
        String container = c.name();
        shared.servers().open(key, podIp, port, req -> serve(container, req));
      }
    }
    if (!shared.servers().anyWith(uid + "/")) {
      return;
    }
    for (String key : shared.servers().keys(uid + "/")) {
      if (!want.contains(key)) {
        shared.servers().close(key);
      }
    }
  }

  private HttpApp.Identity identity(ContainerSim c) {
    return new HttpApp.Identity(
        name(), namespace(), node.name(), podIp, c.name(), c.spec().image());
  }

  /** The app's health at {@code at}, from the pod's annotations. */
  static HttpApp.Health health(ContainerSim c, Instant at) {
    Script s = c.spec().script();
    Duration up = Duration.between(c.startedAt(), at);
    if (s.livenessFailAfter().isPresent() && up.compareTo(s.livenessFailAfter().get()) >= 0) {
      return HttpApp.Health.FAILING;
    }
    return up.compareTo(s.readyAfter()) < 0 ? HttpApp.Health.WARMING_UP : HttpApp.Health.OK;
  }

  /** A request to a container's real server (another event loop): answer as its app, log it. */
  private void serve(String container, HttpServerRequest req) {
    PodSim current = sim;
    ContainerSim c =
        current == null
            ? null
            : current.app().stream()
                .filter(x -> x.name().equals(container))
                .findFirst()
                .orElse(null);
    if (c == null || !c.running()) {
      req.connection().close();
      return;
    }
    Instant now = shared.clock().instant();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    req.headers()
        .forEach(h -> headers.add(new AbstractMap.SimpleEntry<>(h.getKey(), h.getValue())));
    String remote =
        req.remoteAddress() == null
            ? "-"
            : req.remoteAddress().hostAddress() + ":" + req.remoteAddress().port();
    HttpApp.Request request =
        new HttpApp.Request(
            req.method().name(),
            req.uri(),
            req.version() == null ? "HTTP/1.1" : httpVersion(req),
            headers,
            remote);
    HttpApp.Response response =
        HttpApp.respond(identity(c), health(c, now), request, now, appFiles(c));
    appendLog(container, response, now);
    req.response().setStatusCode(response.status());
    response.headers().forEach((k, v) -> req.response().putHeader(k, v));
    req.response().end(Buffer.buffer(response.body()));
  }

  private static String httpVersion(HttpServerRequest req) {
    return switch (req.version()) {
      case HTTP_1_0 -> "HTTP/1.0";
      case HTTP_2 -> "HTTP/2.0";
      default -> "HTTP/1.1";
    };
  }

  private void appendLog(String container, HttpApp.Response response, Instant now) {
    ContainerLog log = logs.get(container);
    if (log == null) {
      return;
    }
    for (String line : response.logLines()) {
      log.appendCurrent(new ContainerLog.Line(now, line, false));
    }
  }

  // --- probes ---------------------------------------------------------------------------------

  /**
   * httpGet asks the container's app in-process, through the same code as its HTTP server (so an
   * unknown path is nginx's 404 and the request shows in the access log as kube-probe's); tcpSocket
   * connects when the app listens on the port. The annotations' scripted failures still apply.
   */
  private ProbeResult probe(ContainerSim c, ProbeKind kind, Probe probe, Instant at) {
    if (probe.getExec() != null) {
      return ExecProber.probe(c, probe, at, run(c).files().view());
    }
    if (probe.getHttpGet() != null) {
      return httpProbe(c, probe, at);
    }
    ProbeResult scripted = Prober.scripted().probe(c, kind, probe, at);
    if (!scripted.success() || probe.getTcpSocket() == null) {
      return scripted;
    }
    int port = port(c, probe.getTcpSocket().getPort());
    return appPorts(c).contains(port)
        ? ProbeResult.ok()
        : ProbeResult.failure("dial tcp " + podIp + ":" + port + ": connect: connection refused");
  }

  private ProbeResult httpProbe(ContainerSim c, Probe probe, Instant at) {
    int port = port(c, probe.getHttpGet().getPort());
    String path = probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    String url = "http://" + podIp + ":" + port + path;
    if (!appPorts(c).contains(port)) {
      return ProbeResult.failure(
          "Get \"" + url + "\": dial tcp " + podIp + ":" + port + ": connect: connection refused");
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(new AbstractMap.SimpleEntry<>("Host", podIp + ":" + port));
    headers.add(new AbstractMap.SimpleEntry<>("User-Agent", "kube-probe/1.32"));
    headers.add(new AbstractMap.SimpleEntry<>("Accept", "*/*"));
    headers.add(new AbstractMap.SimpleEntry<>("Connection", "close"));
    String from =
        PodIps.gateway(node.agent().podCidr()) + ":" + (40000 + (int) (at.toEpochMilli() % 20000));
    HttpApp.Request request = new HttpApp.Request("GET", path, "HTTP/1.1", headers, from);
    HttpApp.Response response =
        HttpApp.respond(identity(c), health(c, at), request, at, appFiles(c));
    // The first probe can come in the step that started the container, before its log exists.
    begin(
        logs.computeIfAbsent(c.name(), n -> new ContainerLog()),
        c.restartCount(),
        c,
        c.startedAt());
    appendLog(c.name(), response, at);
    int code = response.status();
    return code >= 200 && code < 400
        ? ProbeResult.ok()
        : ProbeResult.failure("HTTP probe failed with statuscode: " + code);
  }

  private static int port(ContainerSim c, IntOrString port) {
    if (port == null) {
      return 80;
    }
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    List<ContainerPort> ports = c.spec().container().getPorts();
    if (ports != null) {
      for (ContainerPort p : ports) {
        if (port.getStrVal().equals(p.getName())) {
          return p.getContainerPort();
        }
      }
    }
    return -1;
  }

  // --- status ---------------------------------------------------------------------------------

  private void observeStart(Instant now) {
    if (startObserved || sim.app().isEmpty()) {
      return;
    }
    for (ContainerSim c : sim.app()) {
      if (!sim.started(c)) {
        return;
      }
    }
    startObserved = true;
    String created = pod.path("metadata").path("creationTimestamp").asString("");
    if (created.isEmpty()) {
      return;
    }
    Duration pulls = sim.script().pull().multipliedBy(sim.init().size() + sim.app().size());
    shared.metrics().podStarted(Duration.between(Instant.parse(created), now).minus(pulls));
  }

  private void writeStatus(Instant now) {
    if (writing
        || (sim == checkedSim
            && storedJson == checkedStored
            && lastWrittenJson == checkedWritten)) {
      return;
    }
    PodStatus previous =
        lastWritten != null ? lastWritten : ApiClient.as(pod, Pod.class).getStatus();
    PodStatus status =
        StatusMerge.keepOthersConditions(PodStatuses.status(sim, previous, now), stored);
    ObjectNode tree = ApiClient.tree(status);
    String json = Json.string(tree);
    if (json.equals(lastWrittenJson)) {
      checkedSim = sim;
      checkedStored = storedJson;
      checkedWritten = lastWrittenJson;
      return;
    }
    ObjectNode body = pod.deepCopy();
    body.set("status", tree);
    writing = true;
    String path = ResourcePath.PODS.item(namespace(), name());
    shared
        .api()
        .updateStatus(path, body)
        .onComplete(
            done -> {
              writing = false;
              if (done.succeeded()) {
                lastWritten = status;
                lastWrittenJson = json;
                pod = done.result();
                stored = status;
                storedJson = pod.path("status");
                String phase = status.getPhase();
                if (phase.equals("Succeeded") || phase.equals("Failed")) {
                  finished = true;
                  reconcileServers();
                }
              } else if (ApiClient.isConflict(done.cause())) {
                shared.api().get(path).onSuccess(this::update);
              } else if (!ApiClient.isNotFound(done.cause())) {
                LOG.warn(
                    "{}/{}: status not written: {}", namespace(), name(), done.cause().toString());
              }
            });
  }

  // --- termination ----------------------------------------------------------------------------

  /**
   * The pod is being deleted: every running container gets SIGTERM (a Killing event); the image's
   * program exits at once, a shell as PID 1 only when the grace period ends (SIGKILL). Then the pod
   * is deleted with grace period 0 and its IP and network entries are released.
   */
  private void terminate(Instant now) {
    if (stopAt == null) {
      long grace = pod.path("metadata").path("deletionGracePeriodSeconds").asLong(30);
      stopAt = now;
      if (sim != null && !finished) {
        for (ContainerSim c : all()) {
          if (c.state() instanceof Running) {
            String fieldPath = c.spec().fieldPath();
            shared
                .recorder(node.name())
                .record(pod, fieldPath, Event.NORMAL, "Killing", "Stopping container " + c.name());
            Instant exit = runsImageProgram(c.spec().container()) ? now : now.plusSeconds(grace);
            stopAt = exit.isAfter(stopAt) ? exit : stopAt;
          }
        }
      }
    }
    if (now.isBefore(stopAt) || deleting) {
      return;
    }
    release();
    deleting = true;
    ObjectNode options = Json.object();
    options.put("kind", "DeleteOptions");
    options.put("apiVersion", "v1");
    options.put("gracePeriodSeconds", 0);
    options.putObject("preconditions").put("uid", uid);
    ApiCall delete =
        ApiCall.of(
            "DELETE",
            ResourcePath.PODS.item(namespace(), name()),
            Map.of("gracePeriodSeconds", "0"),
            Json.bytes(options));
    shared
        .api()
        .bus()
        .call(delete)
        .onComplete(
            done -> {
              int code = done.succeeded() ? done.result().code() : 0;
              if (code != 200 && code != 404 && code != 409) {
                LOG.warn(
                    "{}/{}: delete failed ({}), trying again",
                    namespace(),
                    name(),
                    done.succeeded()
                        ? new String(done.result().body(), StandardCharsets.UTF_8)
                        : done.cause().toString());
                deleting = false;
              }
            });
  }

  /** The pod's containers are gone: servers closed, network entries removed, logs ended. */
  void release() {
    runs.values().forEach(ContainerRun::stop);
    runs.clear();
    shared.servers().closeAll(uid + "/");
    logs.values().forEach(ContainerLog::close);
    if (podIp != null && !podIp.equals(node.agent().config().ip())) {
      node.usedIps().remove(podIp);
    }
  }

  /** The pod left the API (or this node): stop everything. */
  void remove() {
    removed = true;
    release();
    PodVolumes v = volumes;
    if (v != null) {
      v.delete(); // the pod's emptyDirs; hostPath and PersistentVolume data stay
    }
  }

  /** Live counts for the metrics. */
  void count(int[] containers) {
    PodSim s = sim;
    if (s == null || finished) {
      return;
    }
    for (ContainerSim c : s.app()) {
      if (c.state() instanceof Running) {
        containers[1]++;
      } else if (c.state() instanceof Terminated) {
        containers[2]++;
      } else if (c.lifecycle() == Lifecycle.CREATED) {
        containers[0]++;
      }
    }
  }

  /** Container statuses of the last run, for a rebooted node (restart counts go on). */
  static List<ContainerStatus> statuses(PodStatus status) {
    return status == null || status.getContainerStatuses() == null
        ? List.of()
        : status.getContainerStatuses();
  }
}
