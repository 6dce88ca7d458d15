package io.kubesim.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.kubesim.apiserver.ApiServer;
import io.kubesim.apiserver.it.Kubectl;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.console.Console;
import io.kubesim.console.ConsoleConfig;
import io.kubesim.console.Features;
import io.kubesim.console.chaos.ChaosRoutes;
import io.kubesim.console.cluster.ClusterRoutes;
import io.kubesim.console.networking.NetworkingRoutes;
import io.kubesim.console.scheduling.SchedulingRoutes;
import io.kubesim.controllermanager.ControllerManager;
import io.kubesim.controllermanager.deployment.DeploymentController;
import io.kubesim.controllermanager.endpoint.EndpointsController;
import io.kubesim.controllermanager.endpointslice.EndpointSliceController;
import io.kubesim.controllermanager.replicaset.ReplicaSetController;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import io.kubesim.kubeproxy.KubeProxy;
import io.kubesim.kubeproxy.KubeProxyConfig;
import io.kubesim.scheduler.SchedulerComponent;
import io.kubesim.scheduler.SchedulerConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's page in headless Chromium (Debian's chromium and chromium-driver, driven by
 * Selenium) against a small cluster in one JVM: the test apiserver, the ReplicaSet, Deployment and
 * endpoint controllers, the scheduler, three kubelets (the control plane tainted) and kube-proxy,
 * driven by the real kubectl. Screenshots of the main views land in target/console-screenshots (the
 * README's come from there).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final List<String> NODES = List.of("cs-control-plane", "cs-worker", "cs-worker2");
  static final Path SHOTS = Path.of("target", "console-screenshots");

  static Vertx vertx;
  static ApiClient api;
  static Kubectl kubectl;
  static final List<Component.Running> running = new ArrayList<>();
  static int consolePort;
  static final Map<String, Integer> kubeletPorts = new HashMap<>();
  static ChromeDriver browser;
  static String ns;

  @BeforeAll
  static void start() throws Exception {
    ApiServer server = TestCluster.server();
    vertx = server.cluster().vertx();
    api = new ApiClient(new BusApiClient(vertx, 30_000));
    kubectl = new Kubectl();
    for (int i = 0; i < NODES.size(); i++) {
      String node = NODES.get(i);
      List<NodeConfig> config =
          NodeConfig.fromEnv(
              Map.of("KUBESIM_NODES", node, "KUBESIM_NODE_IP", "127.0.2." + (i + 1)), node);
      Kubelet kubelet = new Kubelet(config, Clock.systemUTC(), Duration.ofMinutes(5));
      kubeletPorts.put(node, serve(kubelet)); // its partition switch, as bin/kubesim flips it
      running.add(get(kubelet.start(vertx, api, Metrics.newRegistry())));
    }
    running.add(
        get(
            startOnContext(
                new ControllerManager(
                    new ControllerManager.Options(
                        LeaderElectionConfig.defaults(
                                ControllerManager.LEASE_NAME, "cs_" + UUID.randomUUID())
                            .withDurations(
                                Duration.ofSeconds(6),
                                Duration.ofSeconds(4),
                                Duration.ofMillis(500)),
                        Duration.ofSeconds(10),
                        Clock.systemUTC(),
                        null),
                    List.of(
                        ReplicaSetController::new,
                        DeploymentController::new,
                        EndpointsController::new,
                        EndpointSliceController::new)))));
    running.add(
        get(
            new SchedulerComponent(
                    SchedulerConfig.fromEnv(Map.of())
                        .withLeaderElection(
                            LeaderElectionConfig.defaults(
                                    SchedulerConfig.LEASE_NAME, SchedulerConfig.identity())
                                .withDurations(
                                    Duration.ofSeconds(4),
                                    Duration.ofSeconds(3),
                                    Duration.ofMillis(500))))
                .start(vertx, api, Metrics.newRegistry())));
    KubeProxy kubeProxy =
        new KubeProxy(
            KubeProxyConfig.fromEnv(
                Map.of(
                    "KUBESIM_NODES",
                    String.join(",", NODES),
                    "KUBESIM_PROXY_MIN_SYNC_PERIOD",
                    "100ms",
                    "KUBESIM_PROXY_HEALTHZ_PORT",
                    "0",
                    "KUBESIM_PROXY_HTTP_PORT",
                    "0")),
            Clock.systemUTC());
    int kubeProxyPort = serve(kubeProxy);
    running.add(get(kubeProxy.start(vertx, api, Metrics.newRegistry())));
    ConsoleConfig config =
        ConsoleConfig.fromEnv(
            Map.of(
                "KUBESIM_CONSOLE_KUBE_PROXY_URL", "http://127.0.0.1:" + kubeProxyPort,
                "KUBESIM_CONSOLE_VIEW_DELAY", "100ms",
                "KUBESIM_CONSOLE_METRICS_PERIOD", "2s"),
            List.of());
    Console console = new Console(config, Features.all(config));
    consolePort = serve(console);
    Component.Running consoleRunning = get(startOnContext(console));
    running.add(0, consoleRunning);
    await().atMost(WAIT).until(consoleRunning::ready);
    browser = chromium();
    ns = "console-" + UUID.randomUUID().toString().substring(0, 6);
    ok("create", "namespace", ns);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    for (Component.Running r : running) {
      r.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    kubectl.close();
  }

  /** Headless Debian Chromium through its own chromedriver: nothing is downloaded. */
  static ChromeDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Path.of("/usr/bin/chromium").toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  @Test
  @Order(1)
  void afterKubectlScaleThePodBoxesFollowWithoutAReload() throws Exception {
    ok("create", "deployment", "web", "--image=nginx", "--replicas=2", "-n", ns);
    ok("expose", "deployment", "web", "--port=80", "-n", ns);
    open();
    await().atMost(WAIT).until(() -> webPods().size() == 2);
    js("window.notReloaded = true");

    ok("scale", "deployment", "web", "--replicas=4", "-n", ns);

    await().atMost(WAIT).until(() -> webPods().size() == 4);
    await().atMost(WAIT).until(() -> readyWebPods() == 4);
    assertThat(js("return window.notReloaded === true")).isEqualTo(true);
    assertThat(browser.findElements(By.cssSelector(".node"))).hasSize(3);
    screenshot("nodes");
  }

  @Test
  @Order(2)
  void aPendingPodShowsTheFilterThatRejectedEachNode() throws Exception {
    ok(
        "run",
        "huge",
        "--image=nginx",
        "-n",
        ns,
        "--overrides",
        "{\"spec\":{\"containers\":[{\"name\":\"huge\",\"image\":\"nginx\","
            + "\"resources\":{\"requests\":{\"cpu\":\"100\"}}}]}}");
    By pending = By.cssSelector("#unscheduled .pod[data-pod='" + ns + "/huge']");
    await().atMost(WAIT).until(() -> !browser.findElements(pending).isEmpty());

    click(pending);

    By rows = By.cssSelector("#verdict table.rejected tr[data-node]");
    await().atMost(WAIT).until(() -> browser.findElements(rows).size() == 3);
    assertThat(rowText("cs-control-plane"))
        .contains("TaintToleration")
        .contains("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }");
    assertThat(rowText("cs-worker")).contains("NodeResourcesFit").contains("Insufficient cpu");
    assertThat(rowText("cs-worker2")).contains("NodeResourcesFit").contains("Insufficient cpu");
    assertThat(text("#verdict")).contains("0/3 nodes are available");
    screenshot("pending");
  }

  @Test
  @Order(3)
  void aScheduledPodShowsTheScoresThatChoseItsNode() throws Exception {
    String pod = webPods().get(0).split(" ")[0];
    click(By.cssSelector(".node .pod[data-pod='" + pod + "']"));

    await().atMost(WAIT).until(() -> text("#verdict").contains("Scheduled on"));
    assertThat(text("#verdict")).contains("NodeResourcesFit");
  }

  @Test
  @Order(4)
  void aChosenServiceShowsItsChainsAndTheTraceOnThem() throws Exception {
    browser.findElement(By.cssSelector("#tabs button[data-tab='networking']")).click();
    new Select(browser.findElement(By.id("service"))).selectByValue(ns + "/web");
    new Select(browser.findElement(By.id("node"))).selectByValue("cs-worker");

    await()
        .atMost(WAIT)
        .until(
            () ->
                chainIds().stream().filter(id -> id.startsWith("KUBE-SEP-")).count() == 4
                    && chainIds().contains("KUBE-SERVICES")
                    && chainIds().stream().anyMatch(id -> id.startsWith("KUBE-SVC-")));
    assertThat(text("#service-info")).contains("web." + ns + ".svc.cluster.local");
    // four endpoints: each arrow into an endpoint chain carries a quarter of the connections
    assertThat(js("return state.chainsCy.edges().map(e => e.data('label')).join(',')").toString())
        .contains("25.0%");

    browser.findElement(By.id("trace")).click();

    await()
        .atMost(WAIT)
        .until(() -> browser.findElement(By.id("trace-text")).getText().contains("DNAT to"));
    assertThat(js("return state.chainsCy.nodes('.traced').map(n => n.id()).join(',')").toString())
        .contains("KUBE-SERVICES")
        .contains("KUBE-SVC-")
        .contains("KUBE-SEP-");
    screenshot("networking");
  }

  @Test
  @Order(5)
  void theGraphShowsOwnersAndSelectors() throws Exception {
    new Select(browser.findElement(By.id("namespace"))).selectByValue(ns);
    browser.findElement(By.cssSelector("#tabs button[data-tab='graph']")).click();

    await()
        .atMost(WAIT)
        .until(
            () ->
                js("return state.cy.edges().map(e => e.data('kind') + ':' + e.source().id() + '>'"
                        + " + e.target().id()).join(',')")
                    .toString()
                    .contains("owns:Deployment/" + ns + "/web>ReplicaSet/" + ns + "/web-"));
    String edges =
        js("return state.cy.edges().map(e => e.data('kind') + ':' + e.source().id()).join(',')")
            .toString();
    assertThat(edges).contains("selects:Service/" + ns + "/web").contains("owns:ReplicaSet/");
    screenshot("graph");
  }

  @Test
  @Order(6)
  void theEventsTimelineFiltersByObject() throws Exception {
    browser.findElement(By.cssSelector("#tabs button[data-tab='events']")).click();
    WebElement filter = browser.findElement(By.id("event-filter"));
    filter.clear();
    filter.sendKeys("Pod/" + ns + "/huge");

    await()
        .atMost(WAIT)
        .until(
            () ->
                browser
                    .findElement(By.cssSelector("#events tbody"))
                    .getText()
                    .contains("FailedScheduling"));
    assertThat(text("#events tbody")).doesNotContain("ScalingReplicaSet");
    screenshot("events");
  }

  @Test
  @Order(7)
  void thePagesApiIsReadOnlyWithoutAllowChaos() throws Exception {
    HttpResponse<String> post = post(url("api/chaos/experiments"), "{}");

    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(post.body()).contains("\"reason\":\"Forbidden\"").contains("--allow-chaos");
  }

  @Test
  @Order(8)
  void theSamePageIsLiveInFirefox() throws Exception {
    try (Firefox firefox = Firefox.start(1440, 900)) {
      firefox.navigate(url(""));
      String webPods =
          "return document.querySelectorAll(\".node .pod[data-pod^='" + ns + "/web-']\").length";
      await()
          .atMost(WAIT)
          .until(
              () ->
                  firefox
                      .script("return document.getElementById('connection').textContent")
                      .asString()
                      .contains("live"));
      await().atMost(WAIT).until(() -> firefox.script(webPods).asInt() == 4);
      firefox.script("window.notReloaded = true; return true");

      ok("scale", "deployment", "web", "--replicas=3", "-n", ns);

      await().atMost(WAIT).until(() -> firefox.script(webPods).asInt() == 3);
      assertThat(firefox.script("return window.notReloaded === true").asBoolean()).isTrue();
      Files.write(SHOTS.resolve("firefox-nodes.png"), firefox.screenshot());
    }
  }

  /**
   * {@code bin/kubesim chaos partition cs-worker2} as the launcher does it: the kubelet's partition
   * switch, then the report to the console; later {@code chaos heal}. Healed means the node's
   * kubelet renewed its Lease after the experiment began and the node is Ready: the test measures
   * the same with kubectl and compares it with the figure on the page's bar.
   */
  @Test
  @Order(9)
  void aPartitionAppearsInTheTimelineWithTheTimeToHealKubectlSaw() throws Exception {
    String node = "cs-worker2";
    open();
    assertThat(text("#chaos-controls")).contains("--allow-chaos");
    assertThat(browser.findElements(By.cssSelector("#chaos-controls button"))).isEmpty();

    assertThat(post(kubelet(node, "chaos/partition"), "").body()).contains("\"partitioned\":true");
    Instant reported = Instant.now();
    HttpResponse<String> report =
        post(url("chaos/experiments"), "{\"kind\":\"partition\",\"target\":\"" + node + "\"}");
    assertThat(report.statusCode()).as(report.body()).isEqualTo(201);
    String id = report.body().replaceFirst("(?s).*\"id\":(\\d+).*", "$1");
    By row = By.cssSelector(".chaos-row[data-experiment='" + id + "']");
    await()
        .atMost(WAIT)
        .until(() -> text(".chaos-row[data-experiment='" + id + "']").contains("no heartbeat"));
    assertThat(browser.findElement(row).getAttribute("class")).contains("waiting");
    // cut off for longer than the kubelet's 10 s renew period: kubectl sees the Lease go stale
    await()
        .atMost(WAIT)
        .until(() -> Duration.between(renewTime(node), Instant.now()).toSeconds() > 11);

    assertThat(post(kubelet(node, "chaos/heal"), "").body()).contains("\"partitioned\":false");
    post(url("chaos/heal"), "{\"target\":\"" + node + "\"}");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> renewTime(node).isAfter(reported) && nodeReady(node));
    double measured = Duration.between(reported, Instant.now()).toMillis() / 1000.0;

    Pattern healed = Pattern.compile("healed in (\\d+\\.\\d) s");
    await()
        .atMost(WAIT)
        .until(() -> healed.matcher(text(".chaos-row[data-experiment='" + id + "']")).find());
    Matcher shown = healed.matcher(text(".chaos-row[data-experiment='" + id + "']"));
    assertThat(shown.find()).isTrue();
    // the console hears the Lease's renewal before kubectl's next poll reads it
    assertThat(Double.parseDouble(shown.group(1)))
        .isGreaterThan(11)
        .isCloseTo(measured, within(2.0));
    screenshot("chaos");
  }

  /**
   * A console started with --allow-chaos whose chaos command is a stand-in for the launcher's: it
   * reports what it was asked, as {@code bin/kubesim chaos} does after the disruption (none here).
   * The page's buttons run it; the experiment appears in the timeline.
   */
  @Test
  @Order(10)
  void withAllowChaosThePageStartsAndHealsExperiments() throws Exception {
    Path script = Path.of("target", "chaos-command.sh").toAbsolutePath();
    ConsoleConfig config =
        ConsoleConfig.fromEnv(
            Map.of("KUBESIM_CONSOLE_VIEW_DELAY", "100ms"), List.of("--allow-chaos"));
    Console console =
        new Console(
            config,
            List.of(
                new ClusterRoutes(),
                new SchedulingRoutes(),
                new NetworkingRoutes(),
                new ChaosRoutes(Map.of("KUBESIM_CHAOS_COMMAND", "/bin/sh," + script))));
    int port = serve(console);
    Files.writeString(
        script,
        """
        case "$1" in
          heal) what=heal; body="{\\"target\\":\\"$2\\"}" ;;
          *) what=experiments; body="{\\"kind\\":\\"$1\\",\\"target\\":\\"$2\\"}" ;;
        esac
        curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d "$body" \\
          http://127.0.0.1:%d/chaos/$what
        """
            .formatted(port));
    Component.Running started = get(startOnContext(console));
    running.add(0, started);
    await().atMost(WAIT).until(started::ready);
    browser.get("http://127.0.0.1:" + port + "/");
    await().atMost(WAIT).until(() -> !browser.findElements(By.id("chaos-start")).isEmpty());
    assertThat(text("#chaos-controls")).doesNotContain("--allow-chaos");

    new Select(browser.findElement(By.id("chaos-kind"))).selectByValue("partition");
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> {
              new Select(browser.findElement(By.id("chaos-target"))).selectByValue("cs-worker");
              return true;
            });
    browser.findElement(By.id("chaos-start")).click();

    await().atMost(WAIT).until(() -> text("#chaos-timeline").contains("partition cs-worker"));
    await().atMost(WAIT).until(() -> text("#chaos-result").equals("done"));
    new Select(browser.findElement(By.id("chaos-heal-target"))).selectByValue("cs-worker");
    browser.findElement(By.id("chaos-heal")).click();

    await()
        .atMost(WAIT)
        .until(() -> !browser.findElements(By.cssSelector(".chaos-row .chaos-ended")).isEmpty());
    assertThat(text("#chaos-result")).isEqualTo("done");
  }

  // ---- helpers

  static String kubelet(String node, String path) {
    return "http://127.0.0.1:" + kubeletPorts.get(node) + "/" + path;
  }

  static HttpResponse<String> post(String url, String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static Instant renewTime(String node) {
    return Instant.parse(
        ok("get", "lease", node, "-n", "kube-node-lease", "-o", "jsonpath={.spec.renewTime}")
            .stdout()
            .trim());
  }

  static boolean nodeReady(String node) {
    return ok(
            "get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
        .stdout()
        .trim()
        .equals("True");
  }

  static void open() {
    browser.get(url(""));
    await()
        .atMost(WAIT)
        .until(() -> browser.findElement(By.id("connection")).getText().contains("live"));
  }

  static String url(String path) {
    return "http://127.0.0.1:" + consolePort + "/" + path;
  }

  /**
   * The web pods' boxes, read in the page in one go: the page redraws them on every push, so an
   * element found earlier may be gone.
   */
  @SuppressWarnings("unchecked")
  static List<String> webPods() {
    return (List<String>)
        js(
            "return [...document.querySelectorAll(\".node .pod[data-pod^='"
                + ns
                + "/web-']\")].map(e => e.dataset.pod + ' ' + e.className)");
  }

  static long readyWebPods() {
    return webPods().stream().filter(p -> p.endsWith(" ok")).count();
  }

  static String rowText(String node) {
    return text("#verdict table.rejected tr[data-node='" + node + "']");
  }

  /** The text of what the selector finds now, read in the page (no stale element). */
  static String text(String css) {
    Object text =
        js("const e = document.querySelector(\"" + css + "\"); return e ? e.innerText : ''");
    return text.toString();
  }

  /** Clicks what the selector finds, again if the page redrew it in between. */
  static void click(By by) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> {
              browser.findElement(by).click();
              return true;
            });
  }

  @SuppressWarnings("unchecked")
  static List<String> chainIds() {
    Object ids = js("return state.chainsCy ? state.chainsCy.nodes().map(n => n.id()) : []");
    return (List<String>) ids;
  }

  static Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  static void screenshot(String name) throws Exception {
    Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  static Kubectl.Result ok(String... args) {
    Kubectl.Result result = kubectl.run(args);
    assertThat(result.exitCode()).as("kubectl %s%n%s", String.join(" ", args), result).isZero();
    return result;
  }

  static int serve(Component component) throws Exception {
    Router router = Router.router(vertx);
    component.routes(router);
    return get(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();
  }

  static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static Future<Component.Running> startOnContext(Component component) {
    Promise<Component.Running> started = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(v -> component.start(vertx, api, Metrics.newRegistry()).onComplete(started));
    return started.future();
  }
}
