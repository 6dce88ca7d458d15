package io.kubesim.benchmark;

import io.kubesim.core.net.FreePorts;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the kubesim apiserver and fabric8's KubernetesMockServer (CRUD mode) over plain HTTP with
 * the same requests and reports throughput and latency percentiles as Markdown.
 *
 * <pre>
 * java -jar benchmark/target/kubesim-benchmark.jar [--target kubesim|fabric8|both]
 *     [--duration SECONDS] [--clients N] [--rate PER_SECOND] [--pods N] [--watchers N]
 *     [--watch-repeats N] [--warmup SECONDS] [--server-jvm-opts "..."] [--jfr]
 *     [--apiserver-jar PATH] [--work-dir DIR] [--out FILE]
 * </pre>
 */
public final class ApiBenchmark {
  private static final Pattern RV = Pattern.compile("\"resourceVersion\"\\s*:\\s*\"(\\d+)\"");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Options(
      String target,
      int duration,
      int clients,
      int rate,
      int pods,
      int watchers,
      int watchRepeats,
      int warmup,
      String serverJvmOpts,
      boolean jfr,
      Path apiserverJar,
      Path workDir,
      Path out) {

    static Options parse(String[] args) {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--help") || a.equals("-h")) {
          usage();
          System.exit(0);
        }
        if (a.equals("--jfr")) {
          m.put("jfr", "true");
          continue;
        }
        if (!a.startsWith("--") || i + 1 >= args.length) {
          usage();
          throw new IllegalArgumentException("bad argument: " + a);
        }
        m.put(a.substring(2), args[++i]);
      }
      String target = m.getOrDefault("target", "both");
      if (!List.of("kubesim", "fabric8", "both").contains(target)) {
        throw new IllegalArgumentException("--target kubesim|fabric8|both");
      }
      return new Options(
          target,
          Integer.parseInt(m.getOrDefault("duration", "10")),
          Integer.parseInt(m.getOrDefault("clients", "8")),
          Integer.parseInt(m.getOrDefault("rate", "500")),
          Integer.parseInt(m.getOrDefault("pods", "10000")),
          Integer.parseInt(m.getOrDefault("watchers", "100")),
          Integer.parseInt(m.getOrDefault("watch-repeats", "20")),
          Integer.parseInt(m.getOrDefault("warmup", "5")),
          m.getOrDefault("server-jvm-opts", "-Xms1g -Xmx1g"),
          Boolean.parseBoolean(m.getOrDefault("jfr", "false")),
          Path.of(m.getOrDefault("apiserver-jar", defaultApiserverJar())),
          Path.of(m.getOrDefault("work-dir", "benchmark/target/bench-run")).toAbsolutePath(),
          Path.of(m.getOrDefault("out", "benchmark/target/benchmark-results.md")));
    }

    private static String defaultApiserverJar() {
      for (String p :
          List.of(
              "apiserver/target/kubesim-apiserver.jar",
              "../apiserver/target/kubesim-apiserver.jar")) {
        if (Files.exists(Path.of(p))) {
          return p;
        }
      }
      return "apiserver/target/kubesim-apiserver.jar";
    }

    private static void usage() {
      System.err.println(
          "usage: java -jar kubesim-benchmark.jar [--target kubesim|fabric8|both] [--duration S]"
              + " [--clients N] [--rate N] [--pods N] [--watchers N] [--watch-repeats N]"
              + " [--warmup S] [--server-jvm-opts \"...\"] [--jfr] [--apiserver-jar PATH]"
              + " [--work-dir DIR] [--out FILE]");
    }
  }

  /** The results of one server. */
  record Run(
      String server, List<Load.Result> results, String loadBefore, String loadAfter, String note) {}

  private ApiBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    String command = "java -jar benchmark/target/kubesim-benchmark.jar " + String.join(" ", args);
    Files.createDirectories(o.workDir());
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(4))
            .build();
    List<Run> runs = new ArrayList<>();
    String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    if (!o.target().equals("fabric8")) {
      runs.add(runKubesim(o, http));
    }
    if (!o.target().equals("kubesim")) {
      runs.add(runFabric8(o, http));
    }
    String report = Report.markdown(o, command, started, runs);
    System.out.println(report);
    if (o.out().getParent() != null) {
      Files.createDirectories(o.out().getParent());
    }
    Files.writeString(o.out(), report);
    System.err.println("written to " + o.out().toAbsolutePath());
    System.exit(0);
  }

  private static Run runKubesim(Options o, HttpClient http) throws Exception {
    if (!Files.exists(o.apiserverJar())) {
      throw new IllegalStateException(
          o.apiserverJar()
              + " is missing: mvn -q -DskipTests package -pl core,apiserver,benchmark");
    }
    Path dir = o.workDir().resolve("kubesim");
    deleteTree(dir);
    int apiPort = FreePorts.free();
    int hzApi = FreePorts.free();
    int hzBackup = FreePorts.free();
    String clusterName = "kubesim-bench-" + ProcessHandle.current().pid();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBESIM_CLUSTER_NAME", clusterName);
    env.put("KUBESIM_CLUSTER_MEMBERS", "127.0.0.1:" + hzApi + ",127.0.0.1:" + hzBackup);
    env.put("KUBESIM_CLUSTER_BACKUPS", "1");
    Map<String, String> memberEnv = new LinkedHashMap<>(env);
    memberEnv.put("KUBESIM_CLUSTER_PORT", String.valueOf(hzBackup));
    List<String> memberJvm = List.of("-Xmx512m");
    System.err.println("starting the backup member (Hazelcast port " + hzBackup + ")");
    try (ServerProcess member =
        ServerProcess.start(
            "backup-member",
            memberJvm,
            List.of("-cp", ownJar(), BackupMember.class.getName()),
            memberEnv,
            dir)) {
      member.awaitLine(l -> l.startsWith("MEMBERS"), Duration.ofSeconds(60));
      env.put("KUBESIM_CLUSTER_PORT", String.valueOf(hzApi));
      env.put("KUBESIM_API_PORT", String.valueOf(apiPort));
      env.put("KUBESIM_API_TLS", "false");
      env.put("KUBESIM_DATA_DIR", dir.resolve("data").toString());
      List<String> jvm = new ArrayList<>(splitOpts(o.serverJvmOpts()));
      jvm.add("-Xlog:gc:file=" + dir.resolve("gc.log"));
      if (o.jfr()) {
        jvm.add(
            "-XX:StartFlightRecording=filename="
                + dir.resolve("apiserver.jfr")
                + ",settings=profile,dumponexit=true");
      }
      System.err.println("starting the apiserver on port " + apiPort);
      try (ServerProcess api =
          ServerProcess.start(
              "apiserver",
              jvm,
              List.of("-jar", o.apiserverJar().toAbsolutePath().toString()),
              env,
              dir)) {
        api.awaitHttp(http, "http://127.0.0.1:" + apiPort + "/readyz", Duration.ofSeconds(120));
        member.awaitLine(l -> l.equals("MEMBERS 2"), Duration.ofSeconds(60));
        System.err.println("apiserver ready (pid " + api.pid() + "), 2 cluster members");
        String before = load();
        List<Load.Result> results = scenarios(o, http, "http://127.0.0.1:" + apiPort);
        String after = load();
        member.send("stats");
        String stats = member.awaitLine(l -> l.startsWith("STATS"), Duration.ofSeconds(30));
        String note =
            "apiserver pid "
                + api.pid()
                + ", persisting to "
                + dir.resolve("data")
                + " ("
                + humanSize(treeSize(dir.resolve("data")))
                + " at the end); backup member "
                + stats.substring("STATS ".length())
                + " entries; apiserver "
                + GcLog.summary(dir.resolve("gc.log"));
        return new Run("kubesim", results, before, after, note);
      }
    }
  }

  private static Run runFabric8(Options o, HttpClient http) throws Exception {
    Path dir = o.workDir().resolve("fabric8");
    deleteTree(dir);
    int port = FreePorts.free();
    System.err.println("starting fabric8 KubernetesMockServer (CRUD) on port " + port);
    List<String> jvm = new ArrayList<>(splitOpts(o.serverJvmOpts()));
    jvm.add("-Xlog:gc:file=" + dir.resolve("gc.log"));
    try (ServerProcess mock =
        ServerProcess.start(
            "fabric8-mock",
            jvm,
            List.of("-cp", ownJar(), Fabric8MockMain.class.getName(), String.valueOf(port)),
            Map.of(),
            dir)) {
      mock.awaitLine(l -> l.startsWith("READY"), Duration.ofSeconds(60));
      mock.awaitHttp(
          http, "http://127.0.0.1:" + port + "/api/v1/namespaces", Duration.ofSeconds(30));
      String before = load();
      List<Load.Result> results = scenarios(o, http, "http://127.0.0.1:" + port);
      String after = load();
      return new Run(
          "fabric8",
          results,
          before,
          after,
          "mock pid " + mock.pid() + ", memory only; " + GcLog.summary(dir.resolve("gc.log")));
    }
  }

  /** Every scenario, in the same order with the same bodies for both servers. */
  static List<Load.Result> scenarios(Options o, HttpClient http, String base) throws Exception {
    Load load = new Load(http, base);
    Duration d = Duration.ofSeconds(o.duration());
    int c = o.clients();
    List<Load.Result> results = new ArrayList<>();
    for (String ns : List.of("bench", "bench-list100", "bench-pods", "bench-watch")) {
      expect(
          load.send(load.post("/api/v1/namespaces", Bodies.namespace(ns))),
          "create namespace " + ns);
    }
    String cms = "/api/v1/namespaces/bench/configmaps";
    // The objects that GET, UPDATE and PATCH work on: one per client, plus 100 to read.
    for (int i = 0; i < Math.max(100, c); i++) {
      expect(load.send(load.post(cms, Bodies.configMap("bench", "obj-" + i, null, "v"))), "seed");
    }
    System.err.println("  warm-up " + o.warmup() + " s");
    AtomicInteger warm = new AtomicInteger();
    Load.closedLoop(
        "warm-up",
        c,
        Duration.ofSeconds(o.warmup()),
        0,
        client ->
            () -> {
              int n = warm.incrementAndGet();
              int s1 =
                  load.status(load.post(cms, Bodies.configMap("bench", "warm-" + n, null, "v")));
              int s2 = load.status(load.get(cms + "/obj-" + (n % 100)));
              int s3 = load.status(load.get("/api/v1/namespaces/bench-list100/configmaps"));
              return Load.ok(s1) && Load.ok(s2) && Load.ok(s3) ? Load.Op.OK : Load.Op.FAILED;
            });

    step(
        results,
        "create ConfigMap, open loop " + o.rate() + "/s",
        () ->
            load.openLoop(
                "create ConfigMap, open loop " + o.rate() + "/s",
                o.rate(),
                d,
                i -> load.post(cms, Bodies.configMap("bench", "rate-" + i, null, "v"))));

    AtomicInteger created = new AtomicInteger();
    step(
        results,
        "create ConfigMap, max, " + c + " clients",
        () ->
            Load.closedLoop(
                "create ConfigMap, max, " + c + " clients",
                c,
                d,
                0,
                client ->
                    () -> {
                      int n = created.incrementAndGet();
                      return Load.ok(
                              load.status(
                                  load.post(cms, Bodies.configMap("bench", "max-" + n, null, "v"))))
                          ? Load.Op.OK
                          : Load.Op.FAILED;
                    }));

    AtomicInteger reads = new AtomicInteger();
    step(
        results,
        "GET ConfigMap, " + c + " clients",
        () ->
            Load.closedLoop(
                "GET ConfigMap, " + c + " clients",
                c,
                d,
                0,
                client ->
                    () ->
                        Load.ok(
                                load.status(
                                    load.get(cms + "/obj-" + (reads.incrementAndGet() % 100))))
                            ? Load.Op.OK
                            : Load.Op.FAILED));

    step(
        results,
        "UPDATE (PUT with resourceVersion), " + c + " clients",
        () ->
            Load.closedLoop(
                "UPDATE (PUT with resourceVersion), " + c + " clients",
                c,
                d,
                0,
                client -> {
                  String path = cms + "/obj-" + client;
                  String[] rv = {null};
                  long[] n = {0};
                  return () -> {
                    if (rv[0] == null) {
                      rv[0] = resourceVersion(load.send(load.get(path)).body());
                    }
                    HttpResponse<String> r =
                        load.send(
                            load.put(
                                path,
                                Bodies.configMap("bench", "obj-" + client, rv[0], "u" + n[0]++)));
                    if (Load.ok(r.statusCode())) {
                      rv[0] = resourceVersion(r.body());
                      return Load.Op.OK;
                    }
                    rv[0] = null;
                    return Load.Op.FAILED;
                  };
                }));

    step(
        results,
        "PATCH (merge patch), " + c + " clients",
        () ->
            Load.closedLoop(
                "PATCH (merge patch), " + c + " clients",
                c,
                d,
                0,
                client -> {
                  String path = cms + "/obj-" + client;
                  long[] n = {0};
                  return () ->
                      Load.ok(load.status(load.mergePatch(path, Bodies.mergePatch(n[0]++))))
                          ? Load.Op.OK
                          : Load.Op.FAILED;
                }));

    String wsBase = base.replaceFirst("^http", "ws");
    step(
        results,
        "watch fan-out",
        () ->
            new WatchFanOut(http, wsBase, load).run("bench-watch", o.watchers(), o.watchRepeats()));

    String list100 = "/api/v1/namespaces/bench-list100/pods";
    for (int i = 0; i < 100; i++) {
      expect(load.send(load.post(list100, Bodies.pod("bench-list100", "pod-" + i))), "seed pod");
    }
    checkCount(load, list100, 100);
    step(
        results,
        "LIST 100 pods, " + c + " clients",
        () ->
            Load.closedLoop(
                "LIST 100 pods, " + c + " clients",
                c,
                d,
                0,
                client ->
                    () -> Load.ok(load.status(load.get(list100))) ? Load.Op.OK : Load.Op.FAILED));

    String podsPath = "/api/v1/namespaces/bench-pods/pods";
    AtomicInteger podIndex = new AtomicInteger();
    step(
        results,
        "create " + o.pods() + " Pods (~1.9 KB), " + c + " clients",
        () ->
            Load.closedLoop(
                "create " + o.pods() + " Pods (~1.9 KB), " + c + " clients",
                c,
                Duration.ZERO,
                o.pods(),
                client ->
                    () -> {
                      int n = podIndex.getAndIncrement();
                      if (n >= o.pods()) {
                        return Load.Op.DONE;
                      }
                      return Load.ok(
                              load.status(
                                  load.post(podsPath, Bodies.pod("bench-pods", "pod-" + n))))
                          ? Load.Op.OK
                          : Load.Op.FAILED;
                    }));
    checkCount(load, podsPath, o.pods());
    step(
        results,
        "LIST " + o.pods() + " pods, 1 client",
        () ->
            Load.closedLoop(
                "LIST " + o.pods() + " pods, 1 client",
                1,
                d,
                5,
                client ->
                    () -> Load.ok(load.status(load.get(podsPath))) ? Load.Op.OK : Load.Op.FAILED));
    return results;
  }

  interface Step {
    Load.Result run() throws Exception;
  }

  private static void step(List<Load.Result> results, String name, Step step) throws Exception {
    System.err.print("  " + name + " ... ");
    Load.Result r = step.run();
    System.err.printf(
        Locale.ROOT,
        "%.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors%n",
        r.throughput(),
        r.p50(),
        r.p99(),
        r.errors());
    results.add(r);
  }

  private static void checkCount(Load load, String path, int expected) throws Exception {
    HttpResponse<String> r = load.send(load.get(path));
    JsonNode items = JSON.readTree(r.body()).path("items");
    if (items.size() != expected) {
      throw new IllegalStateException(path + " lists " + items.size() + " items, not " + expected);
    }
  }

  private static void expect(HttpResponse<String> r, String what) {
    if (!Load.ok(r.statusCode())) {
      throw new IllegalStateException(what + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }

  static String resourceVersion(String body) {
    Matcher m = RV.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no resourceVersion in " + body);
    }
    return m.group(1);
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static List<String> splitOpts(String opts) {
    return List.of(opts.trim().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList();
  }

  private static String ownJar() throws Exception {
    return Path.of(ApiBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
  }

  private static long treeSize(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static String humanSize(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
