package io.kubesim.benchmark;

import io.kubesim.controllermanager.ControllerManager;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.cluster.Cluster;
import io.kubesim.core.cluster.ClusterConfig;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.json.Json;
import io.kubesim.core.net.FreePorts;
import io.kubesim.core.process.Component;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import io.kubesim.scheduler.SchedulerComponent;
import io.kubesim.scheduler.SchedulerConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pod startup latency of a Deployment of {@code --replicas} (1,000) nginx pods on a whole control
 * loop: the apiserver jar in its own process (as in SchedulingBenchmark, persisting, one
 * synchronous backup), and the real scheduler ({@link SchedulerComponent}), controller-manager
 * ({@link ControllerManager}: Deployment and ReplicaSet controllers) and one kubelet-sim ({@link
 * Kubelet}) simulating {@code --nodes} nodes, all joined to the apiserver's cluster. By default
 * those three run in this JVM (the benchmark's JVM is a Hazelcast data member, as every kubesim
 * process is); with {@code --components processes} each runs from its own jar in its own JVM, as
 * {@code bin/kubesim up} starts them, and this JVM only creates the Deployment and watches.
 *
 * <p>One watch on the namespace's pods records, per pod, when it is first seen (the ADDED event:
 * the "create"), first seen with a nodeName (bound), first seen with phase Running, and first seen
 * with the condition Ready=True. A second watch, on the Deployments, records when the Deployment
 * first reports {@code availableReplicas == replicas}. The pods have no probes, so Ready follows
 * the containers' start; the simulated image pull (annotation {@code kubesim.io/pull-seconds}, 1 s
 * when absent, and nginx without a tag is pulled on every start as imagePullPolicy Always) is part
 * of "create → Ready". Each value of {@code --pull-seconds} is one run on a fresh cluster: {@code
 * default} leaves the annotation out (1 s pull), a number sets it on the pod template ({@code 0}:
 * no pull time, what is left is the control loop's own latency).
 *
 * <p>Also reported: the kubelet's own {@code kubelet_pod_start_sli_duration_seconds} (pod
 * creationTimestamp → all containers started, minus the pull time), from its registry (in-process)
 * or its /metrics (processes). creationTimestamp has a resolution of one second and is truncated,
 * so that histogram reads up to 1 s high; its buckets are the real ones (0.5, 1, 2, 3, 4, 5 s...).
 *
 * <pre>
 * mvn -q -DskipTests package -pl core,apiserver,scheduler,controller-manager,kubelet-sim,benchmark -am
 * java -cp benchmark/target/kubesim-benchmark.jar io.kubesim.benchmark.PodStartupBenchmark
 * </pre>
 *
 * Options: {@code --replicas} (1000), {@code --nodes} (20, each with {@code --pods-per-node} 110
 * pods of capacity), {@code --pull-seconds} (default,0: one run per value), {@code --components}
 * (in-process|processes), {@code --apiserver-jar}, {@code --apiserver-jvm-opts} ("-Xms1g -Xmx1g"),
 * {@code --component-jvm-opts} ("-Xms256m -Xmx512m", processes only), {@code --scheduler-jar},
 * {@code --controller-manager-jar}, {@code --kubelet-jar}, {@code --backups} (1), {@code
 * --in-process true} (the apiserver in this JVM too; needs its jar first on the class path, as for
 * SchedulingBenchmark), {@code --timeout} (300 s per run), {@code --work-dir}
 * (benchmark/target/startup-run), {@code --out} (benchmark/target/startup-results.md), {@code
 * --warmup} (8: unreported Deployments first on each fresh cluster, see {@link #warmUp}; 0 measures
 * the cold JVMs).
 */
public final class PodStartupBenchmark {
  private PodStartupBenchmark() {}

  static final String NAMESPACE = "startup";
  static final String DEPLOYMENT = "nginx";
  static final String PULL_ANNOTATION = "kubesim.io/pull-seconds";
  static final String SLI = "kubelet_pod_start_sli_duration";

  record Options(
      int replicas,
      int nodes,
      int podsPerNode,
      List<String> pullSeconds,
      boolean componentProcesses,
      Path apiserverJar,
      List<String> apiserverJvmOpts,
      List<String> componentJvmOpts,
      Path schedulerJar,
      Path controllerManagerJar,
      Path kubeletJar,
      int backups,
      boolean inProcess,
      int timeoutSeconds,
      Path workDir,
      Path out,
      int warmup,
      String command) {
    static Options parse(String[] args) {
      Map<String, String> a = new LinkedHashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
      }
      String components = a.getOrDefault("components", "in-process");
      if (!components.equals("in-process") && !components.equals("processes")) {
        throw new IllegalArgumentException("--components in-process|processes, not " + components);
      }
      return new Options(
          Integer.parseInt(a.getOrDefault("replicas", "1000")),
          Integer.parseInt(a.getOrDefault("nodes", "20")),
          Integer.parseInt(a.getOrDefault("pods-per-node", "110")),
          Arrays.stream(a.getOrDefault("pull-seconds", "default,0").split(","))
              .map(String::trim)
              .toList(),
          components.equals("processes"),
          Path.of(a.getOrDefault("apiserver-jar", "apiserver/target/kubesim-apiserver.jar")),
          splitOpts(a.getOrDefault("apiserver-jvm-opts", "-Xms1g -Xmx1g")),
          splitOpts(a.getOrDefault("component-jvm-opts", "-Xms256m -Xmx512m")),
          Path.of(a.getOrDefault("scheduler-jar", "scheduler/target/kubesim-scheduler.jar")),
          Path.of(
              a.getOrDefault(
                  "controller-manager-jar",
                  "controller-manager/target/kubesim-controller-manager.jar")),
          Path.of(a.getOrDefault("kubelet-jar", "kubelet-sim/target/kubesim-kubelet.jar")),
          Integer.parseInt(a.getOrDefault("backups", "1")),
          Boolean.parseBoolean(a.getOrDefault("in-process", "false")),
          Integer.parseInt(a.getOrDefault("timeout", "300")),
          Path.of(a.getOrDefault("work-dir", "benchmark/target/startup-run")),
          Path.of(a.getOrDefault("out", "benchmark/target/startup-results.md")),
          Integer.parseInt(a.getOrDefault("warmup", "8")),
          String.join(" ", args));
    }
  }

  /**
   * The kubelet's pod start SLI histogram: count, mean and max in seconds, and the cumulative count
   * at each bucket's upper bound (seconds).
   */
  record Sli(long count, double meanSeconds, double maxSeconds, TreeMap<Double, Long> cumulative) {
    static final Sli NONE = new Sli(0, 0, 0, new TreeMap<>());

    /** The smallest bucket bound with at least {@code q} of the count at or below it. */
    String bucketOf(double q) {
      for (var e : cumulative.entrySet()) {
        if (e.getValue() >= Math.ceil(q * count)) {
          return "≤ " + seconds(e.getKey());
        }
      }
      return "> " + (cumulative.isEmpty() ? "?" : seconds(cumulative.lastKey()));
    }

    /**
     * What was recorded since {@code before} was taken (the warm-up's pods are in both). The max is
     * the registry's (its recent window), not only the later pods'.
     */
    Sli since(Sli before) {
      long n = count - before.count;
      TreeMap<Double, Long> diff = new TreeMap<>();
      cumulative.forEach((k, v) -> diff.put(k, v - before.cumulative.getOrDefault(k, 0L)));
      double sum = meanSeconds * count - before.meanSeconds * before.count;
      return new Sli(n, n == 0 ? 0 : sum / n, maxSeconds, diff);
    }

    long atMost(double bound) {
      Long n = cumulative.get(bound);
      return n == null ? 0 : n;
    }
  }

  record Result(
      String pull,
      int replicas,
      int created,
      int ready,
      boolean available,
      double lastCreatedSeconds,
      double lastReadySeconds,
      double availableSeconds,
      Histogram toBound,
      Histogram toRunning,
      Histogram toReady,
      Sli sli,
      long podEvents,
      Map<String, Long> writes,
      String loadBefore,
      String loadAfter,
      SchedulingBenchmark.Cpu cpu) {}

  /** The control loop under test: started, ready, and able to report the kubelet's SLI. */
  interface ControlLoop extends AutoCloseable {
    Sli sli() throws Exception;

    /** Stops everything; an interrupt is passed on, nothing is thrown (try-with-resources). */
    @Override
    void close();
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    // The processes this run starts (apiserver, components) end with it, even when it is killed.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> ProcessHandle.current().children().forEach(ProcessHandle::destroy)));
    List<Result> results = new ArrayList<>();
    for (String pull : o.pullSeconds()) {
      results.add(run(o, pull));
    }
    String report = report(o, results);
    System.out.println(report);
    if (o.out().getParent() != null) {
      Files.createDirectories(o.out().getParent());
    }
    Files.writeString(o.out(), report);
    System.exit(0);
  }

  // --- one run: a fresh apiserver, a fresh control loop, one Deployment ------------------------

  @SuppressWarnings("try") // the apiserver process only has to live as long as the block
  private static Result run(Options o, String pull) throws Exception {
    Path dir = o.workDir().resolve("pull-" + pull).toAbsolutePath();
    SchedulingBenchmark.deleteTree(dir);
    Files.createDirectories(dir);
    if (o.inProcess()) {
      int hz = FreePorts.free();
      ClusterConfig cluster =
          new ClusterConfig(
              "kubesim-startup-bench-" + ProcessHandle.current().pid() + "-" + pull,
              List.of("127.0.0.1:" + hz),
              "127.0.0.1",
              hz,
              0);
      io.kubesim.apiserver.ApiServer server =
          SchedulingBenchmark.await(
              io.kubesim.apiserver.ApiServer.start(
                  io.kubesim.apiserver.ApiServerConfig.local(FreePorts.free(), dir.resolve("data")),
                  cluster));
      try {
        return runOn(o, pull, dir, server.cluster().vertx(), cluster, null, -1);
      } finally {
        server.stop();
      }
    }
    int apiPort = FreePorts.free();
    int hzApi = FreePorts.free();
    int hzSelf = FreePorts.free();
    String clusterName = "kubesim-startup-bench-" + ProcessHandle.current().pid() + "-" + pull;
    ClusterConfig self =
        new ClusterConfig(
            clusterName,
            List.of("127.0.0.1:" + hzApi, "127.0.0.1:" + hzSelf),
            "127.0.0.1",
            hzSelf,
            o.backups());
    Map<String, String> env = clusterEnv(self, hzApi);
    env.put("KUBESIM_API_PORT", String.valueOf(apiPort));
    env.put("KUBESIM_API_TLS", "false");
    env.put("KUBESIM_DATA_DIR", dir.resolve("data").toString());
    System.err.println("starting the apiserver (pull-seconds " + pull + ")");
    try (ServerProcess apiserver =
        ServerProcess.start(
            "apiserver",
            Stream.concat(
                    o.apiserverJvmOpts().stream(),
                    Stream.of("-Xlog:gc:file=" + dir.resolve("apiserver-gc.log")))
                .toList(),
            List.of("-jar", o.apiserverJar().toAbsolutePath().toString()),
            env,
            dir)) {
      SchedulingBenchmark.awaitReady(
          HttpClient.newHttpClient(), "http://127.0.0.1:" + apiPort + "/readyz");
      Cluster cluster = SchedulingBenchmark.await(Cluster.start(self, new SimpleMeterRegistry()));
      try {
        return runOn(
            o,
            pull,
            dir,
            cluster.vertx(),
            self,
            "http://127.0.0.1:" + apiPort + "/metrics",
            apiserver.pid());
      } finally {
        SchedulingBenchmark.await(cluster.close());
      }
    }
  }

  private static Result runOn(
      Options o,
      String pull,
      Path dir,
      Vertx vertx,
      ClusterConfig cluster,
      String apiMetrics,
      long apiserverPid)
      throws Exception {
    ApiClient api = new ApiClient(new BusApiClient(vertx, 30_000));
    System.err.println("starting the control loop (" + o.nodes() + " simulated nodes)");
    try (ControlLoop loop =
        o.componentProcesses()
            ? ProcessLoop.start(o, dir, cluster)
            : InProcessLoop.start(o, vertx, api)) {
      awaitNodesReady(api, o.nodes());
      return measure(o, pull, api, loop, apiMetrics, apiserverPid);
    }
  }

  /**
   * Per pod, the first time (System.nanoTime) each stage was seen in the watch; 0: not yet. Written
   * by the watch's thread, read by the main thread (progress, summary): volatile.
   */
  static final class PodTimes {
    volatile long created;
    volatile long bound;
    volatile long running;
    volatile long ready;
  }

  private static Result measure(
      Options o, String pull, ApiClient api, ControlLoop loop, String apiMetrics, long apiserverPid)
      throws Exception {
    for (int i = 1; i <= o.warmup(); i++) {
      warmUp(o, pull, api, i);
    }
    Sli sliBefore = loop.sli();
    SchedulingBenchmark.await(
        api.create(
            ResourcePath.core("namespaces").collection(null),
            SchedulingBenchmark.namespace(NAMESPACE)));
    Map<String, PodTimes> pods = new ConcurrentHashMap<>();
    AtomicLong podEvents = new AtomicLong();
    CountDownLatch allReady = new CountDownLatch(o.replicas());
    CompletableFuture<Long> available = new CompletableFuture<>();
    ResourcePath deployments = ResourcePath.of("apps/v1", "deployments");
    BusApiClient.Watch podWatch =
        watch(
            api,
            ResourcePath.PODS,
            line -> {
              podEvents.incrementAndGet();
              onPodEvent(line, pods, allReady);
            });
    BusApiClient.Watch deploymentWatch =
        watch(api, deployments, line -> onDeploymentEvent(line, o.replicas(), available));
    Map<String, Long> writesBefore = writes(apiMetrics);
    String before = ApiBenchmark.load();
    System.err.println("creating a Deployment of " + o.replicas() + " (pull-seconds " + pull + ")");
    SchedulingBenchmark.Cpu cpuBefore = SchedulingBenchmark.Cpu.now(apiserverPid);
    long start = System.nanoTime();
    SchedulingBenchmark.await(
        api.create(deployments.collection(NAMESPACE), deployment(o.replicas(), pull)));
    long deadline = start + TimeUnit.SECONDS.toNanos(o.timeoutSeconds());
    boolean allPodsReady = false;
    while (!allPodsReady && System.nanoTime() < deadline) {
      allPodsReady = allReady.await(5, TimeUnit.SECONDS);
      System.err.println(progress(start, pods));
    }
    Long availableAt = null;
    try {
      availableAt = available.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      System.err.println("the Deployment did not report " + o.replicas() + " available in time");
    }
    String after = ApiBenchmark.load();
    if (!allPodsReady) {
      System.err.println("only " + allReady.getCount() + " pods short of Ready at the timeout");
    }
    podWatch.cancel();
    deploymentWatch.cancel();
    SchedulingBenchmark.Cpu cpu = SchedulingBenchmark.Cpu.now(apiserverPid).since(cpuBefore);
    Sli sli = loop.sli().since(sliBefore);
    Map<String, Long> writes = new TreeMap<>(writes(apiMetrics));
    writesBefore.forEach((k, v) -> writes.computeIfPresent(k, (key, n) -> n - v));
    writes.values().removeIf(n -> n == 0);
    return summarize(
        o, pull, start, pods, availableAt, sli, podEvents.get(), writes, before, after, cpu);
  }

  /**
   * An unreported Deployment of the same size in its own namespace, until it is available, then
   * scaled to 0 until its pods are gone. The apiserver's JVM is fresh for each run and, cold, gives
   * much of the machine to its JIT compiler; the measured Deployment then meets a cluster that has
   * been up a while, as the Kubernetes SLO's measurements do.
   */
  private static void warmUp(Options o, String pull, ApiClient api, int round) throws Exception {
    String ns = NAMESPACE + "-warmup" + round;
    ResourcePath deployments = ResourcePath.of("apps/v1", "deployments");
    SchedulingBenchmark.await(
        api.create(
            ResourcePath.core("namespaces").collection(null), SchedulingBenchmark.namespace(ns)));
    ObjectNode d = deployment(o.replicas(), pull);
    ((ObjectNode) d.get("metadata")).put("namespace", ns);
    System.err.println("warm-up " + round + ": a Deployment of " + o.replicas() + " in " + ns);
    long start = System.nanoTime();
    SchedulingBenchmark.await(api.create(deployments.collection(ns), d));
    String path = deployments.item(ns, DEPLOYMENT);
    long deadline = start + TimeUnit.SECONDS.toNanos(o.timeoutSeconds());
    while (SchedulingBenchmark.await(api.get(path)).path("status").path("availableReplicas").asInt()
        < o.replicas()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the warm-up Deployment did not become available");
      }
      Thread.sleep(200);
    }
    System.err.printf(
        Locale.ROOT,
        "warm-up %d: available after %.1f s; scaling it to 0%n",
        round,
        (System.nanoTime() - start) / 1e9);
    ObjectNode scale = Json.object();
    scale.putObject("spec").put("replicas", 0);
    SchedulingBenchmark.await(api.patch(path, ApiClient.PatchType.MERGE, scale));
    while (!SchedulingBenchmark.await(api.list(ResourcePath.PODS.collection(ns), Map.of()))
        .path("items")
        .isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the warm-up Deployment's pods did not go away");
      }
      Thread.sleep(200);
    }
    // its Events too, so that the apiserver's heap holds what a fresh cluster's would
    SchedulingBenchmark.await(
        api.deleteCollection(ResourcePath.core("events").collection(ns), Map.of()));
  }

  /** A progress line every few seconds: how many pods reached each stage. */
  private static String progress(long start, Map<String, PodTimes> pods) {
    int bound = 0;
    int running = 0;
    int ready = 0;
    for (PodTimes t : pods.values()) {
      bound += t.bound == 0 ? 0 : 1;
      running += t.running == 0 ? 0 : 1;
      ready += t.ready == 0 ? 0 : 1;
    }
    return String.format(
        Locale.ROOT,
        "%.1f s: %d pods created, %d bound, %d running, %d ready",
        (System.nanoTime() - start) / 1e9,
        pods.size(),
        bound,
        running,
        ready);
  }

  private static Result summarize(
      Options o,
      String pull,
      long start,
      Map<String, PodTimes> pods,
      Long availableAt,
      Sli sli,
      long podEvents,
      Map<String, Long> writes,
      String before,
      String after,
      SchedulingBenchmark.Cpu cpu) {
    Histogram toBound = new Histogram(3_600_000_000L, 3);
    Histogram toRunning = new Histogram(3_600_000_000L, 3);
    Histogram toReady = new Histogram(3_600_000_000L, 3);
    long lastCreated = start;
    long lastReady = start;
    int ready = 0;
    for (PodTimes t : pods.values()) {
      lastCreated = Math.max(lastCreated, t.created);
      record(toBound, t.created, t.bound);
      record(toRunning, t.created, t.running);
      if (t.ready != 0) {
        ready++;
        lastReady = Math.max(lastReady, t.ready);
        record(toReady, t.created, t.ready);
      }
    }
    return new Result(
        pull,
        o.replicas(),
        pods.size(),
        ready,
        availableAt != null,
        (lastCreated - start) / 1e9,
        (lastReady - start) / 1e9,
        availableAt == null ? 0 : (availableAt - start) / 1e9,
        toBound,
        toRunning,
        toReady,
        sli,
        podEvents,
        writes,
        before,
        after,
        cpu);
  }

  private static void record(Histogram h, long from, long to) {
    if (from != 0 && to != 0) {
      h.recordValue(Math.max(0, (to - from) / 1000));
    }
  }

  private static final Pattern REQUEST_LINE =
      Pattern.compile("(?m)^apiserver_request_total\\{([^}]*)} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final List<String> WRITE_VERBS =
      List.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

  /**
   * The apiserver's writes so far ({@code apiserver_request_total} of the write verbs), by "VERB
   * resource[/subresource]"; empty without a metrics URL (apiserver in this JVM).
   */
  static Map<String, Long> writes(String metricsUrl) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    if (metricsUrl == null) {
      return out;
    }
    Matcher m = REQUEST_LINE.matcher(scrape(HttpClient.newHttpClient(), metricsUrl));
    while (m.find()) {
      Map<String, String> labels = new LinkedHashMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      String verb = labels.getOrDefault("verb", "");
      if (!WRITE_VERBS.contains(verb)) {
        continue;
      }
      String sub = labels.getOrDefault("subresource", "");
      String key =
          verb + " " + labels.getOrDefault("resource", "") + (sub.isEmpty() ? "" : "/" + sub);
      out.merge(key, (long) Double.parseDouble(m.group(2)), Long::sum);
    }
    return out;
  }

  // --- watches ---------------------------------------------------------------------------------

  private static BusApiClient.Watch watch(
      ApiClient api, ResourcePath resource, java.util.function.Consumer<Buffer> onLine)
      throws Exception {
    String rv =
        SchedulingBenchmark.await(api.list(resource.collection(NAMESPACE), Map.of()))
            .path("metadata")
            .path("resourceVersion")
            .asString();
    return SchedulingBenchmark.await(
        api.watch(
            resource.collection(NAMESPACE),
            Map.of("resourceVersion", rv, "timeoutSeconds", "1800"),
            onLine,
            () -> {}));
  }

  /**
   * A pod event: the first sighting is the create (the ADDED event), then the first with a
   * nodeName, with phase Running and with Ready=True. Events of one watch arrive in order on one
   * thread.
   */
  private static void onPodEvent(Buffer line, Map<String, PodTimes> pods, CountDownLatch allReady) {
    long now = System.nanoTime();
    JsonNode object = Json.parse(line.getBytes()).path("object");
    String name = object.path("metadata").path("name").asString("");
    if (name.isEmpty()) {
      return;
    }
    PodTimes t = pods.computeIfAbsent(name, n -> new PodTimes());
    if (t.created == 0) {
      t.created = now;
    }
    if (t.bound == 0 && !object.path("spec").path("nodeName").asString("").isEmpty()) {
      t.bound = now;
    }
    if (t.running == 0 && object.path("status").path("phase").asString("").equals("Running")) {
      t.running = now;
    }
    if (t.ready == 0 && ready(object)) {
      t.ready = now;
      allReady.countDown();
    }
  }

  static boolean ready(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asString("").equals("Ready")
          && c.path("status").asString("").equals("True")) {
        return true;
      }
    }
    return false;
  }

  private static void onDeploymentEvent(
      Buffer line, int replicas, CompletableFuture<Long> available) {
    long now = System.nanoTime();
    JsonNode status = Json.parse(line.getBytes()).path("object").path("status");
    if (status.path("availableReplicas").asInt(0) >= replicas) {
      available.complete(now);
    }
  }

  // --- the objects -----------------------------------------------------------------------------

  /**
   * The Deployment: nginx (no tag, so imagePullPolicy Always: every pod pulls), no probes, no
   * requests; with {@code pull} a number, the pod template carries {@code kubesim.io/pull-seconds}.
   */
  static ObjectNode deployment(int replicas, String pull) {
    ObjectNode d = Json.object();
    d.put("apiVersion", "apps/v1");
    d.put("kind", "Deployment");
    d.putObject("metadata").put("name", DEPLOYMENT).put("namespace", NAMESPACE);
    ObjectNode spec = d.putObject("spec");
    spec.put("replicas", replicas);
    spec.putObject("selector").putObject("matchLabels").put("app", DEPLOYMENT);
    ObjectNode template = spec.putObject("template");
    ObjectNode meta = template.putObject("metadata");
    meta.putObject("labels").put("app", DEPLOYMENT);
    if (!pull.equals("default")) {
      meta.putObject("annotations").put(PULL_ANNOTATION, pull);
    }
    ArrayNode containers = template.putObject("spec").putArray("containers");
    containers.addObject().put("name", "nginx").put("image", "nginx");
    return d;
  }

  /** Waits until the API lists {@code count} Nodes with Ready=True. */
  private static void awaitNodesReady(ApiClient api, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int ready = 0;
    while (System.nanoTime() < deadline) {
      ready = 0;
      for (JsonNode node :
          SchedulingBenchmark.await(api.list(ResourcePath.NODES.collection(null), Map.of()))
              .path("items")) {
        if (ready(node)) {
          ready++;
        }
      }
      if (ready >= count) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("only " + ready + " of " + count + " nodes Ready");
  }

  // --- the control loop in this JVM ------------------------------------------------------------

  /** Scheduler, controller-manager and kubelet-sim as components of this JVM, each its registry. */
  record InProcessLoop(
      List<Component.Running> running, SimpleMeterRegistry kubeletRegistry, Vertx vertx)
      implements ControlLoop {
    static InProcessLoop start(Options o, Vertx vertx, ApiClient api) throws Exception {
      SimpleMeterRegistry kubeletRegistry = new SimpleMeterRegistry();
      // Histograms that keep every sample (by default their buckets roll over every 2 minutes),
      // so that the warm-up's counts can be subtracted from the measured Deployment's.
      kubeletRegistry
          .config()
          .meterFilter(
              new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(
                    Meter.Id id, DistributionStatisticConfig config) {
                  return DistributionStatisticConfig.builder()
                      .expiry(Duration.ofDays(1))
                      .bufferLength(1)
                      .build()
                      .merge(config);
                }
              });
      SimpleMeterRegistry cmRegistry = new SimpleMeterRegistry();
      SimpleMeterRegistry schedulerRegistry = new SimpleMeterRegistry();
      List<Component.Running> running = new ArrayList<>();
      Kubelet kubelet =
          new Kubelet(
              NodeConfig.fromEnv(nodeEnv(o), "localhost"),
              Clock.systemUTC(),
              Duration.ofSeconds(300));
      // Each component on an event loop of its own, as in its own process: started from a plain
      // thread, their contexts were spread over the loops round robin, so where each landed (and
      // whether the scheduler shared a loop with the kubelet's 20 nodes) changed with the number of
      // informers, and with it the results.
      List<EventLoop> loops = EventLoops.of(vertx);
      running.add(
          SchedulingBenchmark.await(
              EventLoops.startOn(
                  loops.get(0), vertx, () -> kubelet.start(vertx, api, kubeletRegistry))));
      ControllerManager cm =
          new ControllerManager(
              new ControllerManager.Options(
                  LeaderElectionConfig.defaults(
                      ControllerManager.LEASE_NAME,
                      "startup-bench_" + ProcessHandle.current().pid()),
                  Duration.ofSeconds(30),
                  Clock.systemUTC(),
                  null));
      running.add(
          SchedulingBenchmark.await(
              EventLoops.startOn(loops.get(1), vertx, () -> cm.start(vertx, api, cmRegistry))));
      SchedulerComponent scheduler = new SchedulerComponent(SchedulerConfig.fromEnv(Map.of()));
      // the scheduler deploys its own verticle, whose context takes the round robin's next loop
      EventLoops.advanceTo(vertx, loops.get(1));
      running.add(SchedulingBenchmark.await(scheduler.start(vertx, api, schedulerRegistry)));
      SchedulingBenchmark.await(SchedulingBenchmark.waitForLeader(vertx, cmRegistry));
      SchedulingBenchmark.await(SchedulingBenchmark.waitForLeader(vertx, schedulerRegistry));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!running.stream().allMatch(Component.Running::ready)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the components did not become ready in 120 s");
        }
        Thread.sleep(100);
      }
      return new InProcessLoop(running, kubeletRegistry, vertx);
    }

    @Override
    public Sli sli() {
      Timer timer = kubeletRegistry.find(SLI).timer();
      if (timer == null) {
        return Sli.NONE;
      }
      HistogramSnapshot s = timer.takeSnapshot();
      TreeMap<Double, Long> cumulative = new TreeMap<>();
      for (CountAtBucket b : s.histogramCounts()) {
        cumulative.put(b.bucket(TimeUnit.SECONDS), (long) b.count());
      }
      return new Sli(s.count(), s.mean(TimeUnit.SECONDS), s.max(TimeUnit.SECONDS), cumulative);
    }

    @Override
    public void close() {
      for (int i = running.size() - 1; i >= 0; i--) {
        try {
          SchedulingBenchmark.await(running.get(i).stop());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          System.err.println("stopping a component failed: " + e);
        }
      }
    }
  }

  /** The kubelet-sim environment: {@code --nodes} nodes named startup-node-0001... */
  static Map<String, String> nodeEnv(Options o) {
    return Map.of(
        "KUBESIM_NODE_COUNT", String.valueOf(o.nodes()),
        "KUBESIM_NODE_PREFIX", "startup-node-",
        "KUBESIM_NODE_PODS", String.valueOf(o.podsPerNode()));
  }

  // --- the control loop as processes -----------------------------------------------------------

  /**
   * Scheduler, controller-manager and kubelet-sim from their jars, each in its own JVM joined to
   * the cluster (as {@code bin/kubesim up} runs them); the kubelet's SLI is read from its /metrics.
   */
  record ProcessLoop(List<ServerProcess> processes, String kubeletMetrics) implements ControlLoop {
    static ProcessLoop start(Options o, Path dir, ClusterConfig cluster) throws Exception {
      HttpClient http = HttpClient.newHttpClient();
      List<ServerProcess> started = new ArrayList<>();
      try {
        int kubelet = startComponent(o, dir, cluster, "kubelet", o.kubeletJar(), started);
        int cm =
            startComponent(
                o, dir, cluster, "controller-manager", o.controllerManagerJar(), started);
        int scheduler = startComponent(o, dir, cluster, "scheduler", o.schedulerJar(), started);
        started.get(0).awaitHttp(http, url(kubelet, "/readyz"), Duration.ofMinutes(3));
        started.get(1).awaitHttp(http, url(cm, "/readyz"), Duration.ofMinutes(3));
        started.get(2).awaitHttp(http, url(scheduler, "/readyz"), Duration.ofMinutes(3));
        awaitLeader(http, url(cm, "/metrics"));
        awaitLeader(http, url(scheduler, "/metrics"));
        return new ProcessLoop(started, url(kubelet, "/metrics"));
      } catch (Exception e) {
        for (ServerProcess p : started) {
          p.close();
        }
        throw e;
      }
    }

    /** Starts one component's jar; returns its /metrics port. */
    private static int startComponent(
        Options o,
        Path dir,
        ClusterConfig cluster,
        String name,
        Path jar,
        List<ServerProcess> started)
        throws Exception {
      int metrics = FreePorts.free();
      Map<String, String> env = clusterEnv(cluster, FreePorts.free());
      env.put("KUBESIM_METRICS_PORT", String.valueOf(metrics));
      env.put("KUBESIM_METRICS_HOST", "127.0.0.1");
      if (name.equals("kubelet")) {
        env.putAll(nodeEnv(o));
        env.put("KUBESIM_NODE_IP", "127.0.0.1");
      }
      started.add(
          ServerProcess.start(
              name,
              Stream.concat(
                      o.componentJvmOpts().stream(),
                      Stream.of("-Xlog:gc:file=" + dir.resolve(name + "-gc.log")))
                  .toList(),
              List.of("-jar", jar.toAbsolutePath().toString()),
              env,
              dir));
      return metrics;
    }

    private static String url(int port, String path) {
      return "http://127.0.0.1:" + port + path;
    }

    @Override
    public Sli sli() throws Exception {
      return parseSli(scrape(HttpClient.newHttpClient(), kubeletMetrics));
    }

    @Override
    public void close() {
      for (int i = processes.size() - 1; i >= 0; i--) {
        processes.get(i).close();
      }
    }
  }

  /**
   * The {@code KUBESIM_CLUSTER_*} environment of a process joining {@code cluster} on Hazelcast
   * port {@code port}: the member list is the cluster's plus its own.
   */
  static Map<String, String> clusterEnv(ClusterConfig cluster, int port) {
    List<String> members = new ArrayList<>(cluster.members());
    if (!members.contains("127.0.0.1:" + port)) {
      members.add("127.0.0.1:" + port);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBESIM_CLUSTER_NAME", cluster.name());
    env.put("KUBESIM_CLUSTER_MEMBERS", String.join(",", members));
    env.put("KUBESIM_CLUSTER_BACKUPS", String.valueOf(cluster.backups()));
    env.put("KUBESIM_CLUSTER_PORT", String.valueOf(port));
    return env;
  }

  private static final Pattern LEADER =
      Pattern.compile("(?m)^leader_election_master_status\\{[^}]*} 1(?:\\.0)?$");

  private static void awaitLeader(HttpClient http, String url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (LEADER.matcher(scrape(http, url)).find()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no leader at " + url);
  }

  private static String scrape(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  private static final Pattern SLI_LINE =
      Pattern.compile(
          "(?m)^"
              + SLI
              + "_seconds_(bucket|count|sum|max)(?:\\{[^}]*?(?:le=\"([^\"]+)\")?[^}]*})?"
              + " (\\S+)$");

  /** The SLI histogram out of Prometheus text (`_bucket{le=...}`, `_count`, `_sum`, `_max`). */
  static Sli parseSli(String text) {
    TreeMap<Double, Long> cumulative = new TreeMap<>();
    double count = 0;
    double sum = 0;
    double max = 0;
    Matcher m = SLI_LINE.matcher(text);
    while (m.find()) {
      double v = Double.parseDouble(m.group(3));
      switch (m.group(1)) {
        case "bucket" -> {
          if (m.group(2) != null && !m.group(2).equals("+Inf")) {
            cumulative.put(Double.parseDouble(m.group(2)), (long) v);
          }
        }
        case "count" -> count = v;
        case "sum" -> sum = v;
        default -> max = v;
      }
    }
    return new Sli((long) count, count == 0 ? 0 : sum / count, max, cumulative);
  }

  // --- report ----------------------------------------------------------------------------------

  private static String report(Options o, List<Result> results) {
    StringBuilder b = new StringBuilder();
    b.append("### Pod startup run of ").append(Instant.now()).append("\n\n");
    b.append("- command: `java -cp benchmark/target/kubesim-benchmark.jar")
        .append(" io.kubesim.benchmark.PodStartupBenchmark")
        .append(o.command().isBlank() ? "" : " " + o.command())
        .append("`\n");
    b.append("- machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs (`nproc`), ")
        .append(Report.cpuModel())
        .append("; memory (`free -h`): ")
        .append(Report.freeMemory())
        .append("\n- Java ")
        .append(System.getProperty("java.vm.name"))
        .append(" ")
        .append(System.getProperty("java.runtime.version"))
        .append("; ")
        .append(
            o.inProcess()
                ? "apiserver in this JVM (a cluster of one member); "
                : "apiserver JVM `" + String.join(" ", o.apiserverJvmOpts()) + "`; ")
        .append(
            o.componentProcesses()
                ? "scheduler, controller-manager and kubelet-sim each in its own JVM `"
                    + String.join(" ", o.componentJvmOpts())
                    + "`, the benchmark (Deployment, watches) in another\n"
                : "scheduler, controller-manager, kubelet-sim and the benchmark's watches in one"
                    + " other JVM\n");
    b.append("- cluster: ")
        .append(o.nodes())
        .append(" simulated nodes (one kubelet-sim) of ")
        .append(o.podsPerNode())
        .append(" pods; Deployment of ")
        .append(o.replicas())
        .append(" nginx replicas, no probes, no requests; measured after ")
        .append(o.warmup())
        .append(" unreported warm-up Deployment(s) of the same size on the same cluster\n");
    for (Result r : results) {
      b.append("- pull-seconds ")
          .append(r.pull())
          .append(": load average (1/5/15 min, /proc/loadavg) before ")
          .append(r.loadBefore())
          .append(", after ")
          .append(r.loadAfter())
          .append("\n");
    }
    b.append("\nPer pod, from its ADDED event in a watch (ms):\n\n");
    b.append("| pull | pods created | Ready | create→bound p50 | p99 | create→Running p50 | p99 |")
        .append(" create→Ready p50 | p90 | p99 | max |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              pullLabel(r.pull()),
              r.created(),
              r.ready(),
              ms(r.toBound(), 50),
              ms(r.toBound(), 99),
              ms(r.toRunning(), 50),
              ms(r.toRunning(), 99),
              ms(r.toReady(), 50),
              ms(r.toReady(), 90),
              ms(r.toReady(), 99),
              ms(r.toReady(), 100)));
    }
    b.append("\nThe Deployment, from its create (s):\n\n");
    b.append("| pull | last pod created | last pod Ready | Deployment ")
        .append(o.replicas())
        .append("/")
        .append(o.replicas())
        .append(" available |\n|---|---|---|---|\n");
    for (Result r : results) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.2f | %s |%n",
              pullLabel(r.pull()),
              r.lastCreatedSeconds(),
              r.lastReadySeconds(),
              r.available() ? String.format(Locale.ROOT, "%.2f", r.availableSeconds()) : "not"));
    }
    b.append("\nThe kubelet's `kubelet_pod_start_sli_duration_seconds` (creationTimestamp, whole")
        .append(" seconds, → all containers started, minus the pull time):\n\n");
    b.append("| pull | count | mean s | max s | ≤ 0.5 s | ≤ 1 s | ≤ 2 s | ≤ 5 s | p50 bucket |")
        .append(" p99 bucket |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      Sli s = r.sli();
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.3f | %.3f | %d | %d | %d | %d | %s | %s |%n",
              pullLabel(r.pull()),
              s.count(),
              s.meanSeconds(),
              s.maxSeconds(),
              s.atMost(0.5),
              s.atMost(1),
              s.atMost(2),
              s.atMost(5),
              s.bucketOf(0.5),
              s.bucketOf(0.99)));
    }
    b.append("\nWatch events per pod, and the apiserver's writes during the run")
        .append(" (`apiserver_request_total`, from the Deployment's create to the end):\n\n");
    for (Result r : results) {
      long total = r.writes().values().stream().mapToLong(Long::longValue).sum();
      if (total == 0) {
        b.append("- ")
            .append(pullLabel(r.pull()))
            .append(
                String.format(
                    Locale.ROOT,
                    ": %.1f pod events per pod; writes not counted (apiserver in this JVM)%n",
                    r.podEvents() / (double) Math.max(1, r.created())));
        continue;
      }
      b.append("- ")
          .append(pullLabel(r.pull()))
          .append(
              String.format(
                  Locale.ROOT,
                  ": %.1f pod events per pod; ",
                  r.podEvents() / (double) Math.max(1, r.created())))
          .append(total)
          .append(
              String.format(
                  Locale.ROOT, " writes (%.1f per pod", total / (double) Math.max(1, r.created())))
          .append(
              r.lastReadySeconds() > 0
                  ? String.format(
                      Locale.ROOT, ", %.0f/s until the last Ready", total / r.lastReadySeconds())
                  : "")
          .append(")");
      r.writes().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> b.append("; ").append(e.getKey()).append(" ").append(e.getValue()));
      b.append("\n");
    }
    b.append("\nCPU used (from /proc) from the Deployment's create to the end of the run; the")
        .append(" components' share is in this JVM's unless they run as processes:\n\n");
    for (Result r : results) {
      b.append("- ")
          .append(pullLabel(r.pull()))
          .append(": this JVM ")
          .append(r.cpu().self())
          .append(", apiserver JVM ")
          .append(r.cpu().apiserver())
          .append("\n");
    }
    return b.toString();
  }

  private static String pullLabel(String pull) {
    return pull.equals("default") ? "1 s (no annotation)" : pull + " s (annotation)";
  }

  private static String ms(Histogram h, double percentile) {
    if (h.getTotalCount() == 0) {
      return "-";
    }
    long micros = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
    return String.format(Locale.ROOT, "%.0f", micros / 1000.0);
  }

  private static String seconds(double s) {
    return (s == Math.floor(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
  }

  private static List<String> splitOpts(String opts) {
    return Arrays.stream(opts.trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
  }
}
