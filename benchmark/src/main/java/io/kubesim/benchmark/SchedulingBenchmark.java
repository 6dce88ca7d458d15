package io.kubesim.benchmark;

import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.cluster.Cluster;
import io.kubesim.core.cluster.ClusterConfig;
import io.kubesim.core.json.Json;
import io.kubesim.core.net.FreePorts;
import io.kubesim.core.process.Component;
import io.kubesim.scheduler.SchedulerComponent;
import io.kubesim.scheduler.SchedulerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scheduling throughput, create → bound through the API: the apiserver jar in its own process (as
 * in production, persisting), the scheduler ({@link SchedulerComponent}, leader-elected) in this
 * JVM joined to the apiserver's cluster as a Hazelcast member, so that every API call crosses the
 * clustered event bus as it would between the scheduler's and the apiserver's processes. N Node
 * objects (no kubelets), then P bare pods created as fast as {@code --concurrency} requests in
 * flight allow; a watch on the pods records when each one shows a nodeName.
 *
 * <p>Reports: bound pods per second over the whole run (first create sent → last bound seen) and
 * over the middle 80 % (10th to 90th percentile of bound times), create throughput, and the create
 * → bound latency (from the create's send time) p50/p99/max.
 *
 * <pre>
 * mvn -q -DskipTests package -pl core,apiserver,scheduler,benchmark
 * java -cp benchmark/target/kubesim-benchmark.jar io.kubesim.benchmark.SchedulingBenchmark \
 *     --nodes 100,1000 --pods 5000
 * </pre>
 *
 * Options: {@code --nodes} (100,1000), {@code --pods} (5000), {@code --concurrency} (256 creates in
 * flight), {@code --apiserver-jar}, {@code --apiserver-jvm-opts} ("-Xms1g -Xmx1g"), {@code
 * --work-dir} (benchmark/target/sched-run), {@code --out} (benchmark/target/scheduling-results.md),
 * {@code --backups} (1: the cluster's synchronous backups per map partition, as in production; with
 * 0 there are none, but this JVM still owns about half the partitions, so half the apiserver's puts
 * still cross to it), {@code --in-process true} (the apiserver in this JVM, see {@link
 * #runInProcess}), {@code --warmup} (5: unreported rounds first, see {@link #measure}; 0 measures
 * the cold JVMs).
 */
public final class SchedulingBenchmark {
  private SchedulingBenchmark() {}

  record Options(
      List<Integer> nodes,
      int pods,
      int concurrency,
      Path apiserverJar,
      Path workDir,
      Path out,
      List<String> apiserverJvmOpts,
      int backups,
      boolean inProcess,
      int warmup) {
    static Options parse(String[] args) {
      Map<String, String> a = new LinkedHashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
      }
      return new Options(
          Arrays.stream(a.getOrDefault("nodes", "100,1000").split(","))
              .map(String::trim)
              .map(Integer::parseInt)
              .toList(),
          Integer.parseInt(a.getOrDefault("pods", "5000")),
          Integer.parseInt(a.getOrDefault("concurrency", "256")),
          Path.of(a.getOrDefault("apiserver-jar", "apiserver/target/kubesim-apiserver.jar")),
          Path.of(a.getOrDefault("work-dir", "benchmark/target/sched-run")),
          Path.of(a.getOrDefault("out", "benchmark/target/scheduling-results.md")),
          Arrays.stream(a.getOrDefault("apiserver-jvm-opts", "-Xms1g -Xmx1g").trim().split("\\s+"))
              .filter(x -> !x.isEmpty())
              .toList(),
          Integer.parseInt(a.getOrDefault("backups", "1")),
          Boolean.parseBoolean(a.getOrDefault("in-process", "false")),
          Integer.parseInt(a.getOrDefault("warmup", "5")));
    }
  }

  record Result(
      int nodes,
      int pods,
      int bound,
      double createSeconds,
      double totalSeconds,
      double middleRate,
      Histogram latencyMicros,
      int backlogBound,
      double backlogFirstSeconds,
      double backlogSeconds,
      String loadBefore,
      String loadAfter,
      Cpu streamingCpu,
      Cpu backlogCpu) {}

  /** CPU used during a phase by this JVM and by the apiserver's (zeros when in this JVM). */
  record Cpu(ProcessCpu self, ProcessCpu apiserver) {
    static Cpu now(long apiserverPid) {
      return new Cpu(
          ProcessCpu.of(ProcessHandle.current().pid()),
          apiserverPid < 0 ? new ProcessCpu(0, 0) : ProcessCpu.of(apiserverPid));
    }

    Cpu since(Cpu before) {
      return new Cpu(self.since(before.self), apiserver.since(before.apiserver));
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    List<Result> results = new ArrayList<>();
    for (int n : o.nodes()) {
      results.add(run(o, n));
    }
    String report = report(o, results);
    System.out.println(report);
    if (o.out().getParent() != null) {
      Files.createDirectories(o.out().getParent());
    }
    Files.writeString(o.out(), report);
    System.exit(0);
  }

  private static Result run(Options o, int nodes) throws Exception {
    Path dir = o.workDir().resolve("nodes-" + nodes).toAbsolutePath();
    deleteTree(dir);
    Files.createDirectories(dir);
    if (o.inProcess()) {
      return runInProcess(o, nodes, dir);
    }
    int apiPort = FreePorts.free();
    int hzApi = FreePorts.free();
    int hzSelf = FreePorts.free();
    String clusterName = "kubesim-sched-bench-" + ProcessHandle.current().pid() + "-" + nodes;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBESIM_CLUSTER_NAME", clusterName);
    env.put("KUBESIM_CLUSTER_MEMBERS", "127.0.0.1:" + hzApi + ",127.0.0.1:" + hzSelf);
    env.put("KUBESIM_CLUSTER_BACKUPS", String.valueOf(o.backups()));
    env.put("KUBESIM_CLUSTER_PORT", String.valueOf(hzApi));
    env.put("KUBESIM_API_PORT", String.valueOf(apiPort));
    env.put("KUBESIM_API_TLS", "false");
    env.put("KUBESIM_DATA_DIR", dir.resolve("data").toString());
    HttpClient http = HttpClient.newHttpClient();
    System.err.println("starting the apiserver (" + nodes + " nodes run)");
    ServerProcess apiserver =
        ServerProcess.start(
            "apiserver",
            Stream.concat(
                    o.apiserverJvmOpts().stream(),
                    Stream.of("-Xlog:gc:file=" + dir.resolve("gc.log")))
                .toList(),
            List.of("-jar", o.apiserverJar().toAbsolutePath().toString()),
            env,
            dir);
    try {
      awaitReady(http, "http://127.0.0.1:" + apiPort + "/readyz");
      Cluster cluster =
          Cluster.start(
                  new ClusterConfig(
                      clusterName,
                      List.of("127.0.0.1:" + hzApi, "127.0.0.1:" + hzSelf),
                      "127.0.0.1",
                      hzSelf,
                      o.backups()),
                  new SimpleMeterRegistry())
              .toCompletionStage()
              .toCompletableFuture()
              .get(120, TimeUnit.SECONDS);
      try {
        return measure(o, nodes, cluster.vertx(), apiserver.pid());
      } finally {
        cluster.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } finally {
      apiserver.close();
    }
  }

  /**
   * The apiserver in this JVM, a cluster of one member (no backups, every put local): what the
   * scheduler and the apiserver's logic can do without the network replication. Needs the
   * apiserver's jar first on the class path (the benchmark jar leaves it out and pins another
   * zjsonpatch): {@code java -cp apiserver/target/kubesim-apiserver.jar:benchmark/target/
   * kubesim-benchmark.jar io.kubesim.benchmark.SchedulingBenchmark --in-process true}.
   */
  private static Result runInProcess(Options o, int nodes, Path dir) throws Exception {
    int hz = FreePorts.free();
    io.kubesim.apiserver.ApiServer server =
        io.kubesim.apiserver.ApiServer.start(
                io.kubesim.apiserver.ApiServerConfig.local(FreePorts.free(), dir.resolve("data")),
                new ClusterConfig(
                    "kubesim-sched-bench-" + ProcessHandle.current().pid() + "-" + nodes,
                    List.of("127.0.0.1:" + hz),
                    "127.0.0.1",
                    hz,
                    0))
            .toCompletionStage()
            .toCompletableFuture()
            .get(120, TimeUnit.SECONDS);
    try {
      return measure(o, nodes, server.cluster().vertx(), -1);
    } finally {
      server.stop();
    }
  }

  /**
   * Creates the nodes, then runs {@code --warmup} unreported rounds and the reported one, each with
   * its own namespaces. The JVMs are fresh, and until their JIT has compiled the paths these rounds
   * take, a third of the machine goes to the compiler (C2 threads measured at 2.3 of 6.1
   * CPU-seconds of a cold backlog round): the reported round is what a cluster that has been up a
   * while does. A warm-up round's pods are deleted (grace 0) after it, so each round's scheduler
   * lists the same.
   */
  private static Result measure(Options o, int nodes, Vertx vertx, long apiserverPid)
      throws Exception {
    ApiClient api = new ApiClient(new BusApiClient(vertx, 30_000));
    System.err.println("creating " + nodes + " nodes");
    Context context = vertx.getOrCreateContext();
    runBounded(context, nodes, 64, i -> createNode(api, "bench-node-" + i));
    for (int round = 1; ; round++) {
      String suffix = round > o.warmup() ? "" : "-warmup" + round;
      Result r = round(o, nodes, vertx, api, context, suffix, apiserverPid);
      if (round > o.warmup()) {
        return r;
      }
      System.err.printf(
          "warm-up round %d: streaming %.0f bound/s (middle 80 %%), backlog %.0f bound/s%n",
          round, r.middleRate(), r.backlogBound() / Math.max(1e-9, r.backlogSeconds()));
      for (String ns : List.of("bench" + suffix, "bench-backlog" + suffix)) {
        await(
            api.deleteCollection(
                ResourcePath.PODS.collection(ns), Map.of("gracePeriodSeconds", "0")));
        await(api.deleteCollection(ResourcePath.core("events").collection(ns), Map.of()));
      }
    }
  }

  private static Result round(
      Options o,
      int nodes,
      Vertx vertx,
      ApiClient api,
      Context context,
      String suffix,
      long apiserverPid)
      throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Component.Running scheduler =
        new SchedulerComponent(SchedulerConfig.fromEnv(Map.of()))
            .start(vertx, api, registry)
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    String ns = "bench" + suffix;
    await(api.create(ResourcePath.core("namespaces").collection(null), namespace(ns)));
    await(waitForLeader(vertx, registry));
    Thread.sleep(3000); // the scheduler's node informer catches up

    Map<String, Long> sent = new ConcurrentHashMap<>();
    Map<String, Long> bound = new ConcurrentHashMap<>();
    CountDownLatch allBound = new CountDownLatch(o.pods());
    String rv =
        await(api.list(ResourcePath.PODS.collection(ns), Map.of()))
            .path("metadata")
            .path("resourceVersion")
            .asString();
    BusApiClient.Watch watch =
        await(
            api.watch(
                ResourcePath.PODS.collection(ns),
                Map.of("resourceVersion", rv, "timeoutSeconds", "1800"),
                line -> onWatchLine(line, bound, allBound),
                () -> {}));
    String before = ApiBenchmark.load();
    System.err.println("creating " + o.pods() + " pods");
    long start = System.nanoTime();
    Cpu cpuBefore = Cpu.now(apiserverPid);
    runBounded(
        context,
        o.pods(),
        o.concurrency(),
        i -> {
          String name = "p-" + i;
          sent.put(name, System.nanoTime());
          return api.create(ResourcePath.PODS.collection(ns), pod(ns, name)).mapEmpty();
        });
    long created = System.nanoTime();
    boolean done = allBound.await(10, TimeUnit.MINUTES);
    Cpu streamingCpu = Cpu.now(apiserverPid).since(cpuBefore);
    String after = ApiBenchmark.load();
    watch.cancel();
    scheduler.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    if (!done) {
      System.err.println("only " + bound.size() + " of " + o.pods() + " pods bound in 10 min");
    }
    Histogram latency = new Histogram(3_600_000_000L, 3);
    long[] times = bound.values().stream().mapToLong(Long::longValue).sorted().toArray();
    for (var e : bound.entrySet()) {
      Long s = sent.get(e.getKey());
      if (s != null) {
        latency.recordValue(Math.max(0, (e.getValue() - s) / 1000));
      }
    }
    Backlog backlog = backlog(o, vertx, api, context, "bench-backlog" + suffix, apiserverPid);
    long last = times.length == 0 ? start : times[times.length - 1];
    double middle = 0;
    if (times.length >= 10) {
      int lo = times.length / 10;
      int hi = times.length * 9 / 10;
      middle = (hi - lo) / ((times[hi] - times[lo]) / 1e9);
    }
    return new Result(
        nodes,
        o.pods(),
        bound.size(),
        (created - start) / 1e9,
        (last - start) / 1e9,
        middle,
        latency,
        backlog.bound(),
        backlog.firstSeconds(),
        backlog.seconds(),
        before,
        after,
        streamingCpu,
        backlog.cpu());
  }

  record Backlog(int bound, double firstSeconds, double seconds, Cpu cpu) {}

  /**
   * The second phase: P more pods created while no scheduler runs, then a fresh scheduler starts
   * (lists, takes the Lease its predecessor released, works the backlog). Measured from its start
   * to the last pod bound, so it includes its informers' initial list.
   */
  private static Backlog backlog(
      Options o, Vertx vertx, ApiClient api, Context context, String ns, long apiserverPid)
      throws Exception {
    await(api.create(ResourcePath.core("namespaces").collection(null), namespace(ns)));
    Map<String, Long> bound = new ConcurrentHashMap<>();
    CountDownLatch allBound = new CountDownLatch(o.pods());
    String rv =
        await(api.list(ResourcePath.PODS.collection(ns), Map.of()))
            .path("metadata")
            .path("resourceVersion")
            .asString();
    BusApiClient.Watch watch =
        await(
            api.watch(
                ResourcePath.PODS.collection(ns),
                Map.of("resourceVersion", rv, "timeoutSeconds", "1800"),
                line -> onWatchLine(line, bound, allBound),
                () -> {}));
    System.err.println("creating a backlog of " + o.pods() + " pods with no scheduler running");
    runBounded(
        context,
        o.pods(),
        o.concurrency(),
        i -> api.create(ResourcePath.PODS.collection(ns), pod(ns, "b-" + i)).mapEmpty());
    System.err.println("starting a scheduler on the backlog");
    long start = System.nanoTime();
    Cpu cpuBefore = Cpu.now(apiserverPid);
    Component.Running scheduler =
        new SchedulerComponent(SchedulerConfig.fromEnv(Map.of()))
            .start(vertx, api, new SimpleMeterRegistry())
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    allBound.await(10, TimeUnit.MINUTES);
    Cpu cpu = Cpu.now(apiserverPid).since(cpuBefore);
    watch.cancel();
    scheduler.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    long[] times = bound.values().stream().mapToLong(Long::longValue).sorted().toArray();
    if (times.length == 0) {
      return new Backlog(0, 0, 0, cpu);
    }
    return new Backlog(
        times.length, (times[0] - start) / 1e9, (times[times.length - 1] - start) / 1e9, cpu);
  }

  /** A watch line: a pod with a nodeName that was not bound before is bound now. */
  private static void onWatchLine(Buffer line, Map<String, Long> bound, CountDownLatch allBound) {
    long now = System.nanoTime();
    JsonNode event = Json.parse(line.getBytes());
    JsonNode object = event.path("object");
    if (object.path("spec").path("nodeName").asString("").isEmpty()) {
      return;
    }
    String name = object.path("metadata").path("name").asString();
    if (bound.putIfAbsent(name, now) == null) {
      allBound.countDown();
    }
  }

  static Future<Void> waitForLeader(Vertx vertx, SimpleMeterRegistry registry) {
    Promise<Void> p = Promise.promise();
    vertx.setPeriodic(
        100,
        id -> {
          var gauge = registry.find("leader.election.master.status").gauge();
          if (gauge != null && gauge.value() == 1) {
            vertx.cancelTimer(id);
            p.tryComplete();
          }
        });
    return p.future();
  }

  /** Runs {@code count} calls with at most {@code inFlight} outstanding, on one context. */
  private static void runBounded(
      Context context, int count, int inFlight, java.util.function.IntFunction<Future<?>> call)
      throws Exception {
    CountDownLatch finished = new CountDownLatch(count);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    Runnable[] launch = new Runnable[1];
    launch[0] =
        () -> {
          int i = next.getAndIncrement();
          if (i >= count) {
            return;
          }
          call.apply(i)
              .onComplete(
                  r -> {
                    if (r.failed() && failures.incrementAndGet() <= 5) {
                      System.err.println("call " + i + " failed: " + r.cause());
                    }
                    finished.countDown();
                    launch[0].run();
                  });
        };
    context.runOnContext(
        v -> {
          for (int k = 0; k < Math.min(inFlight, count); k++) {
            launch[0].run();
          }
        });
    if (!finished.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("calls did not finish");
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " calls failed");
    }
  }

  static Future<?> createNode(ApiClient api, String name) {
    ObjectNode node = Json.object();
    node.put("apiVersion", "v1");
    node.put("kind", "Node");
    node.putObject("metadata")
        .put("name", name)
        .putObject("labels")
        .put("kubernetes.io/hostname", name)
        .put("kubernetes.io/os", "linux");
    String path = ResourcePath.NODES.item(null, name);
    return api.create(ResourcePath.NODES.collection(null), node)
        .compose(
            created -> {
              String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
              ObjectNode status = created.putObject("status");
              ObjectNode alloc = status.putObject("allocatable");
              alloc.put("cpu", "32").put("memory", "128Gi").put("pods", "110");
              status.set("capacity", alloc.deepCopy());
              status
                  .putArray("conditions")
                  .addObject()
                  .put("type", "Ready")
                  .put("status", "True")
                  .put("reason", "KubeletReady")
                  .put("message", "kubelet is posting ready status")
                  .put("lastHeartbeatTime", now)
                  .put("lastTransitionTime", now);
              return api.updateStatus(path, created);
            });
  }

  static ObjectNode namespace(String name) {
    ObjectNode ns = Json.object();
    ns.put("apiVersion", "v1");
    ns.put("kind", "Namespace");
    ns.putObject("metadata").put("name", name);
    return ns;
  }

  /** A bare pod with small requests: what the scheduler must fit somewhere. */
  private static ObjectNode pod(String ns, String name) {
    ObjectNode pod = Json.object();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    pod.putObject("metadata").put("name", name).put("namespace", ns);
    ObjectNode container = pod.putObject("spec").putArray("containers").addObject();
    container.put("name", "app");
    container.put("image", "nginx");
    container.putObject("resources").putObject("requests").put("cpu", "10m").put("memory", "16Mi");
    return pod;
  }

  private static String report(Options o, List<Result> results) {
    StringBuilder b = new StringBuilder();
    b.append("### Scheduling run of ").append(Instant.now()).append("\n\n");
    b.append("- command: `java -cp benchmark/target/kubesim-benchmark.jar")
        .append(" io.kubesim.benchmark.SchedulingBenchmark --nodes ")
        .append(String.join(",", o.nodes().stream().map(String::valueOf).toList()))
        .append(" --pods ")
        .append(o.pods())
        .append(" --concurrency ")
        .append(o.concurrency())
        .append(o.backups() == 1 ? "" : " --backups " + o.backups())
        .append(o.inProcess() ? " --in-process true" : "")
        .append(o.warmup() == 5 ? "" : " --warmup " + o.warmup())
        .append("`\n");
    b.append("- machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs; Java ")
        .append(System.getProperty("java.vm.name"))
        .append(" ")
        .append(System.getProperty("java.runtime.version"))
        .append(
            o.inProcess()
                ? "; apiserver, scheduler and load generator in one JVM (a cluster of one member)\n"
                : "; apiserver JVM `"
                    + String.join(" ", o.apiserverJvmOpts())
                    + "`, scheduler and load generator in one other JVM\n");
    for (Result r : results) {
      b.append("- ")
          .append(r.nodes())
          .append(" nodes: load average before ")
          .append(r.loadBefore())
          .append(", after ")
          .append(r.loadAfter())
          .append("\n");
    }
    b.append("- measured round after ")
        .append(o.warmup())
        .append(" unreported warm-up round(s) of the same work in the same JVMs\n");
    b.append("\nStreaming (pods created while the scheduler runs):\n\n");
    b.append("| nodes | pods | bound | create s | pods created/s | first create → last bound s |")
        .append(" bound/s (whole run) | bound/s (middle 80 %) | create→bound p50 ms | p99 ms |")
        .append(" max ms |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      Histogram h = r.latencyMicros();
      b.append(
          String.format(
              "| %d | %d | %d | %.2f | %.0f | %.2f | %.0f | %.0f | %.1f | %.1f | %.1f |%n",
              r.nodes(),
              r.pods(),
              r.bound(),
              r.createSeconds(),
              r.pods() / r.createSeconds(),
              r.totalSeconds(),
              r.bound() / r.totalSeconds(),
              r.middleRate(),
              h.getValueAtPercentile(50) / 1000.0,
              h.getValueAtPercentile(99) / 1000.0,
              h.getMaxValue() / 1000.0));
    }
    b.append("\nBacklog (pods created first, then a scheduler started; from its start):\n\n");
    b.append("| nodes | pods | bound | first bound s | last bound s | bound/s |")
        .append(" bound/s after the first (the informers' sync left out) |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append(
          String.format(
              "| %d | %d | %d | %.2f | %.2f | %.0f | %.0f |%n",
              r.nodes(),
              r.pods(),
              r.backlogBound(),
              r.backlogFirstSeconds(),
              r.backlogSeconds(),
              r.backlogSeconds() == 0 ? 0 : r.backlogBound() / r.backlogSeconds(),
              r.backlogSeconds() <= r.backlogFirstSeconds()
                  ? 0
                  : (r.backlogBound() - 1) / (r.backlogSeconds() - r.backlogFirstSeconds())));
    }
    b.append(
            "\nCPU used (from /proc) while the pods were created and bound (streaming) and from the")
        .append(
            " backlog scheduler's start to the last bound pod (backlog); a warm JVM spends little")
        .append(" in its JIT compiler:\n\n");
    b.append("| nodes | phase | this JVM (scheduler, load, watch) | apiserver JVM |\n");
    b.append("|---|---|---|---|\n");
    for (Result r : results) {
      b.append(
          String.format(
              "| %d | streaming | %s | %s |%n",
              r.nodes(), r.streamingCpu().self(), r.streamingCpu().apiserver()));
      b.append(
          String.format(
              "| %d | backlog | %s | %s |%n",
              r.nodes(), r.backlogCpu().self(), r.backlogCpu().apiserver()));
    }
    return b.toString();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  static void awaitReady(HttpClient http, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("apiserver not ready at " + url);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
