package io.kubesim.kubelet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubesim.apiserver.ApiServer;
import io.kubesim.apiserver.it.Kubectl;
import io.kubesim.apiserver.it.Promtool;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl top} against two simulated nodes and the test apiserver, which serves
 * metrics.k8s.io from the kubelets' reports (here every second, not every 15 s). The pods say what
 * they use with kubesim.io/cpu and kubesim.io/memory, so the figures are exact; the nodes add a
 * system share that moves, so their figures are ranges.
 */
class TopIT {
  static final String IDLE = "top-idle";
  static final String BUSY = "top-busy";
  static final String GONE = "top-gone";

  /** The OOMKilled pod's node, apart: its short runs must not move the other nodes' figures. */
  static final String OOM = "top-oom";

  static final String NODES = "kubernetes.io/hostname in (" + IDLE + "," + BUSY + "," + GONE + ")";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final long MI = 1024 * 1024;

  static ApiServer server;
  static Component.Running kubelet;
  static HttpServer kubeletPort;
  static KubernetesClient client;
  static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    server = TestCluster.server();
    Vertx vertx = server.cluster().vertx();
    List<NodeConfig> nodes =
        NodeConfig.fromEnv(Map.of("KUBESIM_NODES", IDLE + "," + BUSY + "," + OOM), "x");
    Kubelet component =
        new Kubelet(nodes, Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofSeconds(1));
    Router router = Router.router(vertx);
    component.routes(router);
    kubeletPort =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    kubelet =
        component
            .start(vertx, new ApiClient(new BusApiClient(vertx, 30_000)), Metrics.newRegistry())
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    client = TestCluster.client();
    kubectl = new Kubectl();
    apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: top-a
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: top-b
        ---
        apiVersion: v1
        kind: Node
        metadata:
          name: top-gone
          labels:
            kubernetes.io/hostname: top-gone
        status:
          allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
          capacity: {cpu: "2", memory: 4Gi, pods: "110"}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: top-a
          labels: {suite: top, app: web}
          annotations: {kubesim.io/cpu: 250m, kubesim.io/memory: 64Mi}
        spec:
          nodeName: top-busy
          containers:
          - name: web
            image: nginx:1.27
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: idle
          namespace: top-a
          labels: {suite: top, app: idle}
        spec:
          nodeName: top-busy
          containers:
          - name: idle
            image: busybox:1.36
            command: [sleep, "3600"]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: busy
          namespace: top-b
          labels: {suite: top, app: busy}
          annotations: {kubesim.io/cpu: 500m, kubesim.io/memory: 100Mi}
        spec:
          nodeName: top-busy
          containers:
          - name: app
            image: nginx:1.27
          - name: sidecar
            image: busybox:1.36
            command: [sleep, "3600"]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: cache
          namespace: top-b
          labels: {suite: top, app: cache}
          annotations: {kubesim.io/cpu: 100m, kubesim.io/memory: 300Mi}
        spec:
          nodeName: top-busy
          containers:
          - name: cache
            image: redis:7.4
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(lines(ok("top", "pods", "-A", "-l", "suite=top"))).hasSize(5));
  }

  @AfterAll
  static void stop() throws Exception {
    kubectl.run("delete", "namespace", "top-a", "top-b", "top-c", "--wait=false");
    kubelet.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    kubectl.run("delete", "node", IDLE, BUSY, OOM, GONE);
    kubeletPort.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    kubectl.close();
    client.close();
  }

  @Test
  void topPodsShowsWhatEachPodsAnnotationsSay() {
    assertThat(lines(ok("top", "pods", "-n", "top-a")))
        .containsExactly(
            "NAME   CPU(cores)   MEMORY(bytes)",
            "idle   0m           0Mi",
            "web    250m         64Mi");
    assertThat(lines(ok("top", "pod", "web", "-n", "top-a")))
        .containsExactly("NAME   CPU(cores)   MEMORY(bytes)", "web    250m         64Mi");
  }

  @Test
  void topPodsInEveryNamespaceWithTheirContainers() {
    assertThat(lines(ok("top", "pods", "-A", "-l", "suite=top", "--containers")))
        .containsExactly(
            "NAMESPACE   POD     NAME      CPU(cores)   MEMORY(bytes)",
            "top-a       idle    idle      0m           0Mi",
            "top-a       web     web       250m         64Mi",
            "top-b       busy    app       500m         100Mi",
            "top-b       busy    sidecar   500m         100Mi",
            "top-b       cache   cache     100m         300Mi");
  }

  @Test
  void topPodsSortsByCpuOrByMemory() {
    assertThat(names(ok("top", "pods", "-A", "-l", "suite=top", "--sort-by=cpu")))
        .containsExactly("busy", "web", "cache", "idle");
    assertThat(names(ok("top", "pods", "-A", "-l", "suite=top", "--sort-by=memory")))
        .containsExactly("cache", "busy", "web", "idle");
    assertThat(names(ok("top", "pods", "-A", "-l", "app in (web,cache)")))
        .containsExactly("web", "cache");
  }

  @Test
  void topNodesShowsEachNodesPodsPlusItsSystemAndUnknownForANodeWithoutAKubelet() {
    List<String> table = lines(ok("top", "nodes", "-l", NODES));
    assertThat(table.get(0))
        .isEqualTo("NAME       CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)");
    // the nodes with metrics in the API's order (by name), then those without
    assertThat(names(String.join("\n", table))).containsExactly(BUSY, IDLE, GONE);
    List<String> busy = cells(table.get(1));
    List<String> idle = cells(table.get(2));
    // the system alone: 30m give or take half, 200Mi give or take 2 %
    assertThat(milli(idle.get(1))).isBetween(15L, 46L);
    assertThat(idle.get(2)).isIn("0%", "1%");
    assertThat(mebi(idle.get(3))).isBetween(193L, 206L);
    assertThat(idle.get(4)).isEqualTo("2%");
    // its pods (250m + 2 x 500m + 100m, 64Mi + 2 x 100Mi + 300Mi + busybox's 0.4Mi) and the system
    assertThat(milli(busy.get(1))).isBetween(1365L, 1396L);
    assertThat(busy.get(2)).isEqualTo("34%");
    assertThat(mebi(busy.get(3))).isBetween(757L, 771L);
    assertThat(busy.get(4)).isEqualTo("9%");
    assertThat(table.get(3))
        .isEqualTo("top-gone   <unknown>    <unknown>   <unknown>       <unknown>");

    assertThat(names(ok("top", "nodes", "-l", NODES, "--sort-by=cpu"))).startsWith(BUSY, IDLE);
    assertThat(lines(ok("top", "node", BUSY)).get(1)).startsWith(BUSY + "   ");
  }

  @Test
  void aPodWithoutMetricsIsNotFoundAsWithMetricsServer() {
    Kubectl.Result missing = kubectl.run("top", "pod", "nosuch", "-n", "top-a");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr())
        .isEqualTo("Error from server (NotFound): pods \"nosuch\" not found\n");
    Kubectl.Result gone = kubectl.run("get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes/" + GONE);
    assertThat(gone.stderr())
        .isEqualTo(
            "Error from server (NotFound): nodemetrics.metrics.k8s.io \"top-gone\" not found\n");
  }

  @Test
  void theMetricsObjectsCarryTimestampWindowAndLabels() {
    PodMetrics web = client.top().pods().metrics("top-a", "web");
    assertThat(web.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(web.getContainers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getName()).isEqualTo("web");
              assertThat(c.getUsage().get("cpu").toString()).isEqualTo("250m");
              assertThat(c.getUsage().get("memory").toString()).isEqualTo("64Mi");
            });
    // read from the JSON: fabric8's Duration takes Go's "1.017s" for 17 s
    String raw = ok("get", "--raw", "/apis/metrics.k8s.io/v1beta1/namespaces/top-a/pods/web");
    Matcher window = Pattern.compile("\"window\":\"([0-9.]+)(ms|s)\"").matcher(raw);
    assertThat(window.find()).as(raw).isTrue();
    double seconds =
        Double.parseDouble(window.group(1)) / (window.group(2).equals("ms") ? 1000 : 1);
    assertThat(seconds).isBetween(0.5, 3.0);
    assertThat(web.getTimestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    List<String> table = lines(ok("get", "podmetrics", "-n", "top-a"));
    assertThat(table.get(0)).matches("NAME\\s+CPU\\s+MEMORY\\s+WINDOW");
    assertThat(table.get(2)).matches("web\\s+250m\\s+64Mi\\s+\\d+(\\.\\d+)?m?s");
  }

  @Test
  void aPodUsingMoreMemoryThanItsLimitIsOomKilledAndRestarted() {
    apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: top-c
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: hog
          namespace: top-c
          annotations: {kubesim.io/memory: 200Mi}
        spec:
          nodeName: top-oom
          containers:
          - name: hog
            image: nginx:1.27
            resources:
              limits: {memory: 100Mi}
        """);
    String lastRun =
        "{.status.containerStatuses[0].restartCount} "
            + "{.status.containerStatuses[0].lastState.terminated.reason} "
            + "{.status.containerStatuses[0].lastState.terminated.exitCode}";
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(ok("get", "pod", "hog", "-n", "top-c", "-o", "jsonpath=" + lastRun))
                    .matches("[1-9]\\d* OOMKilled 137"));
  }

  @Test
  void theKubeletServesMetricsResourceWithTheRealNamesAndPromtoolAcceptsIt() throws Exception {
    String url = "http://127.0.0.1:" + kubeletPort.actualPort() + "/metrics/resource?node=" + BUSY;
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    String text = response.body();
    assertThat(text)
        .containsPattern(
            "(?m)^container_cpu_usage_seconds_total\\{container=\"web\",namespace=\"top-a\",pod=\"web\"\\} [0-9.e+]+ \\d{13}$")
        .containsPattern(
            "(?m)^container_memory_working_set_bytes\\{container=\"web\",namespace=\"top-a\",pod=\"web\"\\} 6.7108864e\\+07 \\d{13}$")
        .containsPattern(
            "(?m)^container_start_time_seconds\\{container=\"sidecar\",namespace=\"top-b\",pod=\"busy\"\\} [0-9.e+]+$")
        .containsPattern("(?m)^node_cpu_usage_seconds_total [0-9.e+]+ \\d{13}$")
        .containsPattern("(?m)^node_memory_working_set_bytes [0-9.e+]+ \\d{13}$")
        .containsPattern(
            "(?m)^pod_cpu_usage_seconds_total\\{namespace=\"top-b\",pod=\"busy\"\\} [0-9.e+]+ \\d{13}$")
        .containsPattern(
            "(?m)^pod_memory_working_set_bytes\\{namespace=\"top-b\",pod=\"busy\"\\} 2.097152e\\+08 \\d{13}$")
        .contains("resource_scrape_error 0\n");
    Promtool.assertValid(text);
  }

  // --- helpers --------------------------------------------------------------------------------

  private static void apply(String yaml) {
    Kubectl.Result r = kubectl.runWithInput(yaml, "apply", "-f", "-");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private static String ok(String... args) {
    Kubectl.Result r = kubectl.run(args);
    assertThat(r.exitCode()).as("kubectl %s\n%s", String.join(" ", args), r).isZero();
    return r.stdout();
  }

  /** The printed table, each line without the padding kubectl's tab writer leaves at its end. */
  private static List<String> lines(String table) {
    return table.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
  }

  private static List<String> cells(String line) {
    return Arrays.asList(line.trim().split("\\s+"));
  }

  /** The NAME column of a top table (after NAMESPACE with -A). */
  private static List<String> names(String table) {
    List<String> rows = lines(table);
    int column = rows.get(0).startsWith("NAMESPACE") ? 1 : 0;
    return rows.subList(1, rows.size()).stream().map(l -> cells(l).get(column)).toList();
  }

  private static long milli(String cpu) {
    assertThat(cpu).endsWith("m");
    return Long.parseLong(cpu.substring(0, cpu.length() - 1));
  }

  private static long mebi(String memory) {
    assertThat(memory).endsWith("Mi");
    return Long.parseLong(memory.substring(0, memory.length() - 2));
  }
}
