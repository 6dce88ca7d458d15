package io.kubesim.benchmark;

import io.kubesim.controllermanager.ControllerManager;
import io.kubesim.controllermanager.endpointslice.EndpointSliceController;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.cluster.Cluster;
import io.kubesim.core.cluster.ClusterConfig;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.json.Json;
import io.kubesim.core.net.FreePorts;
import io.kubesim.core.process.Component;
import io.kubesim.kubeproxy.KubeProxy;
import io.kubesim.kubeproxy.KubeProxyConfig;
import io.kubesim.kubeproxy.iptables.Chain;
import io.kubesim.kubeproxy.iptables.Rule;
import io.kubesim.kubeproxy.iptables.RuleSet;
import io.kubesim.kubeproxy.iptables.TableName;
import io.kubesim.kubeproxy.iptables.Target;
import io.kubesim.kubeproxy.sync.Proxier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.node.ObjectNode;

/**
 * Network programming latency: from the moment a new pod of a Service is Ready in the API (its
 * status write answered) to the moment every node's proxier has a rule set that sends the Service's
 * traffic to it, with {@code --services} (1,000) Services of one ready pod each already programmed.
 * The apiserver jar runs in its own process (persisting, one synchronous backup, as {@link
 * SchedulingBenchmark} runs it); the EndpointSlice controller and one kube-proxy-sim for {@code
 * --nodes} (4) nodes run in this JVM, which plays the kubelets: it creates each pod bound to a node
 * and writes its Running/Ready status. A sample's latency is the slowest node's: each proxier's
 * rule set is checked (every millisecond) when it is replaced. Samples are {@code --gap-ms} (1,200)
 * apart, longer than kube-proxy's 1 s --min-sync-period, as in a cluster whose changes are not a
 * burst; the first {@code --warmup} (30) are not reported.
 *
 * <pre>
 * mvn -q -DskipTests package -pl benchmark -am
 * java -cp benchmark/target/kubesim-benchmark.jar io.kubesim.benchmark.NetworkBenchmark
 * </pre>
 */
public final class NetworkBenchmark {
  private static final String NAMESPACE = "netbench";

  record Options(
      int services,
      int samples,
      int warmup,
      int nodes,
      long gapMillis,
      Path apiserverJar,
      Path out) {
    static Options parse(String[] args) {
      Map<String, String> a = new LinkedHashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
      }
      return new Options(
          Integer.parseInt(a.getOrDefault("services", "1000")),
          Integer.parseInt(a.getOrDefault("samples", "100")),
          Integer.parseInt(a.getOrDefault("warmup", "30")),
          Integer.parseInt(a.getOrDefault("nodes", "4")),
          Long.parseLong(a.getOrDefault("gap-ms", "1200")),
          Path.of(a.getOrDefault("apiserver-jar", "apiserver/target/kubesim-apiserver.jar")),
          Path.of(a.getOrDefault("out", "benchmark/target/network-results.md")));
    }
  }

  private NetworkBenchmark() {}

  @SuppressWarnings("try") // the apiserver process only has to live as long as the block
  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Path dir = Path.of("benchmark/target/network-run").toAbsolutePath();
    SchedulingBenchmark.deleteTree(dir);
    Files.createDirectories(dir);
    int apiPort = FreePorts.free();
    int hzApi = FreePorts.free();
    int hzSelf = FreePorts.free();
    String clusterName = "kubesim-net-bench-" + ProcessHandle.current().pid();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBESIM_CLUSTER_NAME", clusterName);
    env.put("KUBESIM_CLUSTER_MEMBERS", "127.0.0.1:" + hzApi + ",127.0.0.1:" + hzSelf);
    env.put("KUBESIM_CLUSTER_PORT", String.valueOf(hzApi));
    env.put("KUBESIM_API_PORT", String.valueOf(apiPort));
    env.put("KUBESIM_API_TLS", "false");
    env.put("KUBESIM_DATA_DIR", dir.resolve("data").toString());
    String report;
    try (ServerProcess apiserver =
        ServerProcess.start(
            "apiserver",
            List.of("-Xms1g", "-Xmx1g"),
            List.of("-jar", o.apiserverJar().toAbsolutePath().toString()),
            env,
            dir)) {
      SchedulingBenchmark.awaitReady(
          HttpClient.newHttpClient(), "http://127.0.0.1:" + apiPort + "/readyz");
      Cluster cluster =
          SchedulingBenchmark.await(
              Cluster.start(
                  new ClusterConfig(
                      clusterName,
                      List.of("127.0.0.1:" + hzApi, "127.0.0.1:" + hzSelf),
                      "127.0.0.1",
                      hzSelf,
                      1),
                  new SimpleMeterRegistry()));
      try {
        report = run(o, cluster.vertx());
      } finally {
        SchedulingBenchmark.await(cluster.close());
      }
    }
    System.out.println(report);
    Files.createDirectories(o.out().toAbsolutePath().getParent());
    Files.writeString(o.out(), report);
    System.exit(0);
  }

  private static String run(Options o, Vertx vertx) throws Exception {
    ApiClient api = new ApiClient(new BusApiClient(vertx, 30_000));
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < o.nodes(); i++) {
      nodes.add("net-node-" + i);
      SchedulingBenchmark.await(SchedulingBenchmark.createNode(api, nodes.get(i)));
    }
    Component.Running controllers =
        start(
            vertx,
            api,
            new ControllerManager(
                new ControllerManager.Options(
                    LeaderElectionConfig.defaults(
                            ControllerManager.LEASE_NAME, "netbench_" + UUID.randomUUID())
                        .withDurations(
                            Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(500)),
                    Duration.ofMinutes(5),
                    Clock.systemUTC(),
                    null),
                List.of(EndpointSliceController::new)));
    KubeProxy kubeProxy =
        new KubeProxy(
            KubeProxyConfig.fromEnv(
                Map.of(
                    "KUBESIM_NODES", String.join(",", nodes),
                    "KUBESIM_PROXY_HEALTHZ_PORT", "0",
                    "KUBESIM_PROXY_HTTP_PORT", "-1")),
            Clock.systemUTC());
    Component.Running proxy = start(vertx, api, kubeProxy);
    try {
      SchedulingBenchmark.await(
          api.create(
              ResourcePath.core("namespaces").collection(null),
              SchedulingBenchmark.namespace(NAMESPACE)));
      long setup = System.nanoTime();
      for (int i = 0; i < o.services(); i++) {
        SchedulingBenchmark.await(
            api.create(ResourcePath.core("services").collection(NAMESPACE), service(i)));
        readyPod(api, i, 0, nodes.get(i % nodes.size()), podIp(i, 0));
      }
      awaitProgrammed(kubeProxy, o.services());
      double setupSeconds = (System.nanoTime() - setup) / 1e9;
      Random random = new Random(42);
      Histogram slowest = new Histogram(3);
      Histogram eachNode = new Histogram(3);
      for (int k = 1; k <= o.warmup() + o.samples(); k++) {
        int svc = random.nextInt(o.services());
        String ip = podIp(svc, k);
        long ready = readyPod(api, svc, k, nodes.get(random.nextInt(nodes.size())), ip);
        Map<String, Long> seen = awaitEndpoint(kubeProxy, ip + ":8080");
        if (k > o.warmup()) {
          long worst = 0;
          for (long at : seen.values()) {
            long micros = Math.max(0, (at - ready) / 1000);
            eachNode.recordValue(micros);
            worst = Math.max(worst, micros);
          }
          slowest.recordValue(worst);
        }
        Thread.sleep(o.gapMillis());
      }
      return report(o, setupSeconds, slowest, eachNode);
    } finally {
      SchedulingBenchmark.await(proxy.stop());
      SchedulingBenchmark.await(controllers.stop());
    }
  }

  private static Component.Running start(Vertx vertx, ApiClient api, Component component)
      throws Exception {
    Promise<Component.Running> started = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(
            v -> component.start(vertx, api, new SimpleMeterRegistry()).onComplete(started));
    return SchedulingBenchmark.await(started.future());
  }

  /**
   * A distinct address in the cluster CIDR (10.244.0.0/16) for each pod: the Services' first pods
   * from 10.244.0.0 up, the samples' from 10.244.234.96 (60,000) up.
   */
  private static String podIp(int svc, int k) {
    int index = k == 0 ? svc : 60_000 + k;
    return "10.244." + (index / 256) + "." + (index % 256);
  }

  private static ObjectNode service(int i) {
    ObjectNode s = Json.object();
    s.put("apiVersion", "v1").put("kind", "Service");
    s.putObject("metadata").put("name", "svc-" + i).put("namespace", NAMESPACE);
    ObjectNode spec = s.putObject("spec");
    spec.putObject("selector").put("app", "svc-" + i);
    spec.putArray("ports").addObject().put("port", 80).put("targetPort", 8080);
    return s;
  }

  /** Creates the pod bound to its node, then writes it Running and Ready; answers when (nanos). */
  private static long readyPod(ApiClient api, int svc, int k, String node, String ip)
      throws Exception {
    ObjectNode pod = Json.object();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata")
        .put("name", "svc-" + svc + "-" + k)
        .put("namespace", NAMESPACE)
        .putObject("labels")
        .put("app", "svc-" + svc);
    ObjectNode spec = pod.putObject("spec").put("nodeName", node);
    spec.putArray("containers").addObject().put("name", "app").put("image", "nginx");
    ObjectNode created =
        SchedulingBenchmark.await(api.create(ResourcePath.PODS.collection(NAMESPACE), pod));
    String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
    ObjectNode status = created.putObject("status");
    status.put("phase", "Running").put("podIP", ip).put("hostIP", "127.0.0.1");
    status.putArray("podIPs").addObject().put("ip", ip);
    for (String type : new String[] {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
      status
          .withArray("conditions")
          .addObject()
          .put("type", type)
          .put("status", "True")
          .put("lastTransitionTime", now);
    }
    SchedulingBenchmark.await(
        api.updateStatus(ResourcePath.PODS.item(NAMESPACE, "svc-" + svc + "-" + k), created));
    return System.nanoTime();
  }

  /** Waits until every proxier has the rules of {@code services} endpoints (one each). */
  private static void awaitProgrammed(KubeProxy kubeProxy, int services) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (Proxier p : kubeProxy.proxiers().values()) {
        RuleSet rules = p.rules();
        all &= rules != null && endpointChains(rules) >= services;
      }
      if (all) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the Services were not programmed in 10 minutes");
  }

  private static long endpointChains(RuleSet rules) {
    return rules.table(TableName.NAT).stream()
        .flatMap(t -> t.chains().stream())
        .filter(c -> c.name().startsWith("KUBE-SEP-"))
        .count();
  }

  /** When (nanos) each proxier first had a rule set DNATing to {@code endpoint}. */
  private static Map<String, Long> awaitEndpoint(KubeProxy kubeProxy, String endpoint)
      throws Exception {
    Map<String, Long> seen = new LinkedHashMap<>();
    Map<String, RuleSet> checked = new LinkedHashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (seen.size() < kubeProxy.proxiers().size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(endpoint + " not programmed on every node: " + seen);
      }
      for (Proxier p : kubeProxy.proxiers().values()) {
        RuleSet rules = p.rules();
        if (seen.containsKey(p.node()) || rules == null || checked.get(p.node()) == rules) {
          continue;
        }
        checked.put(p.node(), rules);
        if (dnatsTo(rules, endpoint)) {
          seen.put(p.node(), System.nanoTime());
        }
      }
      Thread.sleep(1);
    }
    return seen;
  }

  private static boolean dnatsTo(RuleSet rules, String endpoint) {
    Set<String> found = new HashSet<>();
    for (Chain chain : rules.table(TableName.NAT).map(t -> t.chains()).orElse(List.of())) {
      if (!chain.name().startsWith("KUBE-SEP-")) {
        continue;
      }
      for (Rule rule : chain.rules()) {
        if (rule.target() instanceof Target.Dnat dnat) {
          found.add(dnat.endpoint());
        }
      }
    }
    return found.contains(endpoint);
  }

  private static String report(
      Options o, double setupSeconds, Histogram slowest, Histogram eachNode) {
    StringBuilder b = new StringBuilder();
    b.append("### Network programming run of ").append(Instant.now()).append("\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%d Services (one ready pod each) on %d nodes, programmed in %.1f s; %d samples after"
                + " %d warm-up, %d ms apart. Latency: pod Ready in the API -> rules in place.%n%n",
            o.services(),
            o.nodes(),
            setupSeconds,
            o.samples(),
            o.warmup(),
            o.gapMillis()));
    b.append("| | p50 | p90 | p99 | max |\n|---|---|---|---|---|\n");
    row(b, "every node (the slowest)", slowest);
    row(b, "each node", eachNode);
    return b.toString();
  }

  private static void row(StringBuilder b, String name, Histogram h) {
    b.append(
        String.format(
            Locale.ROOT,
            "| %s | %d ms | %d ms | %d ms | %d ms |%n",
            name,
            h.getValueAtPercentile(50) / 1000,
            h.getValueAtPercentile(90) / 1000,
            h.getValueAtPercentile(99) / 1000,
            h.getMaxValue() / 1000));
  }
}
