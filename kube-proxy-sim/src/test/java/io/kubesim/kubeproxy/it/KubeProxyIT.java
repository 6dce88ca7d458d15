package io.kubesim.kubeproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kubesim.apiserver.ApiServer;
import io.kubesim.apiserver.it.Kubectl;
import io.kubesim.apiserver.it.Promtool;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.controllermanager.ControllerManager;
import io.kubesim.controllermanager.deployment.DeploymentController;
import io.kubesim.controllermanager.endpoint.EndpointsController;
import io.kubesim.controllermanager.endpointslice.EndpointSliceController;
import io.kubesim.controllermanager.nodelifecycle.NodeLifecycleConfig;
import io.kubesim.controllermanager.nodelifecycle.NodeLifecycleController;
import io.kubesim.controllermanager.replicaset.ReplicaSetController;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.kubesim.coredns.CoreDns;
import io.kubesim.coredns.CoreDnsConfig;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import io.kubesim.kubeproxy.KubeProxy;
import io.kubesim.kubeproxy.KubeProxyConfig;
import io.kubesim.scheduler.SchedulerComponent;
import io.kubesim.scheduler.SchedulerConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * kube-proxy-sim against a small real cluster in one JVM: the test apiserver, the controllers that
 * matter (ReplicaSet, Deployment, Endpoints, EndpointSlice, node lifecycle with short timings), the
 * scheduler, three kubelets on their own loopback addresses (127.0.1.1-3, as the launcher gives
 * them), and one kube-proxy-sim process serving all three nodes; driven by the real kubectl and
 * plain TCP/HTTP clients.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubeProxyIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final List<String> NODES = List.of("kp-control-plane", "kp-worker", "kp-worker2");
  static final Pattern HOSTNAME = Pattern.compile("Hostname: (\\S+)");

  static ApiServer server;
  static Vertx vertx;
  static ApiClient api;
  static Kubectl kubectl;
  static PrometheusMeterRegistry registry;
  static KubeProxy kubeProxy;
  static Component.Running proxyRunning;
  static List<Component.Running> running = new java.util.ArrayList<>();
  static Map<String, Component.Running> kubelets = new java.util.HashMap<>();
  static NodeLifecycleController lifecycle;
  static Informer lifecyclePods;
  static int proxyPort;
  static int metricsPort;

  @BeforeAll
  static void start() throws Exception {
    server = TestCluster.server();
    vertx = server.cluster().vertx();
    api = new ApiClient(new BusApiClient(vertx, 30_000));
    kubectl = new Kubectl();
    registry = Metrics.newRegistry();
    for (int i = 0; i < NODES.size(); i++) {
      String node = NODES.get(i);
      List<NodeConfig> config =
          NodeConfig.fromEnv(
              Map.of("KUBESIM_NODES", node, "KUBESIM_NODE_IP", "127.0.1." + (i + 1)), node);
      kubelets.put(
          node,
          get(
              new Kubelet(config, Clock.systemUTC(), Duration.ofMinutes(5))
                  .start(vertx, api, Metrics.newRegistry())));
    }
    running.add(
        get(
            startOnContext(
                new ControllerManager(
                    new ControllerManager.Options(
                        LeaderElectionConfig.defaults(
                                ControllerManager.LEASE_NAME, "kp_" + UUID.randomUUID())
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
    // The controller-manager gives it its shared pod informer; here one of its own.
    lifecyclePods = new Informer(vertx, api, InformerOptions.of(ResourcePath.PODS));
    get(lifecyclePods.start());
    lifecycle =
        new NodeLifecycleController(
            vertx,
            api,
            new EventRecorder(api, "node-controller", null, Clock.systemUTC()),
            Metrics.newRegistry(),
            new NodeLifecycleConfig(
                Duration.ofMillis(500), Duration.ofSeconds(12), Duration.ofSeconds(20)),
            lifecyclePods);
    get(lifecycle.start());
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
    // the cluster DNS, which keeps kube-dns's endpoints pointing at itself: pods' names resolve
    running.add(
        get(
            startOnContext(
                new CoreDns(
                    CoreDnsConfig.fromEnv(
                        Map.of(
                            "KUBESIM_DNS_HOST", "127.0.0.1",
                            "KUBESIM_DNS_PORT", "0",
                            "KUBESIM_DNS_HEALTH_PORT", "0",
                            "KUBESIM_DNS_READY_PORT", "0")),
                    Clock.systemUTC()))));
    kubeProxy =
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
    Router router = Router.router(vertx);
    kubeProxy.routes(router);
    metricsPort =
        get(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();
    proxyRunning = get(kubeProxy.start(vertx, api, registry));
    proxyPort = kubeProxy.clusterProxyPort();
    // The kubelets' exec sessions reach Services through this cluster proxy: PodHttp reads the
    // property on its first use, in an exec session, so it may be set once the proxy has a port.
    System.setProperty("KUBESIM_PROXY_URL", "http://127.0.0.1:" + proxyPort);
    await().atMost(WAIT).until(() -> proxyRunning.ready());
  }

  @AfterAll
  static void stop() throws Exception {
    proxyRunning.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    for (Component.Running r : running) {
      r.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    lifecycle.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    lifecyclePods.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    for (Component.Running k : kubelets.values()) {
      k.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    kubectl.close();
  }

  static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static Future<Component.Running> startOnContext(Component component) {
    Promise<Component.Running> started = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(v -> component.start(vertx, api, registry).onComplete(started));
    return started.future();
  }

  static Kubectl.Result ok(String... args) {
    Kubectl.Result result = kubectl.run(args);
    assertThat(result.exitCode()).as("kubectl %s%n%s", String.join(" ", args), result).isZero();
    return result;
  }

  static String namespace(String prefix) {
    String ns = "kp-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    ok("create", "namespace", ns);
    return ns;
  }

  static int nodePort(String ns, String service) {
    return Integer.parseInt(
        ok("get", "svc", service, "-n", ns, "-o", "jsonpath={.spec.ports[0].nodePort}")
            .stdout()
            .trim());
  }

  /** whoami's answer names the pod that served it. */
  static String hostname(String body) {
    Matcher m = HOSTNAME.matcher(body);
    return m.find() ? m.group(1) : "?";
  }

  /** One GET on a new connection (a client that reuses one would keep its first endpoint). */
  static String get(String url) throws Exception {
    HttpClient fresh =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> response =
        fresh.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  /** Who answered each of {@code n} new connections to the URL. */
  static List<String> answers(String url, int n) throws Exception {
    List<String> who = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      who.add(hostname(get(url)));
    }
    return who;
  }

  static String metricsPath(String path) throws Exception {
    return get("http://127.0.0.1:" + metricsPort + path);
  }

  static void readyEndpoints(String ns, String service, int count) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        ok(
                                "get",
                                "endpointslices",
                                "-n",
                                ns,
                                "-l",
                                "kubernetes.io/service-name=" + service,
                                "-o",
                                "jsonpath={.items[*].endpoints[?(@.conditions.ready==true)].addresses[0]}")
                            .stdout()
                            .split("\\s+"))
                    .filteredOn(s -> !s.isBlank())
                    .hasSize(count));
  }

  // ----------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void twentyRequestsThroughANodePortReachSeveralPodsAndTheRulesShowTheService() throws Exception {
    String ns = namespace("np");
    ok(
        "create",
        "deployment",
        "web",
        "-n",
        ns,
        "--image=traefik/whoami",
        "--replicas=3",
        "--port=80");
    ok("expose", "deployment", "web", "-n", ns, "--type=NodePort", "--port=80");
    readyEndpoints(ns, "web", 3);
    int port = nodePort(ns, "web");
    // the worker's own address; its rules spread the connections over the three pods
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(new HashSet<>(answers("http://127.0.1.2:" + port + "/", 20)))
                    .hasSizeGreaterThanOrEqualTo(2));

    String nat = metricsPath("/iptables-save?node=kp-worker&table=nat");
    assertThat(nat)
        .startsWith("# Generated by iptables-save v1.8.9 (nf_tables) on ")
        .contains("*nat")
        .contains("-m comment --comment \"" + ns + "/web cluster IP\"")
        .contains("--dport " + port + " -j KUBE-EXT-")
        .containsPattern("-m statistic --mode random --probability 0\\.33333333349 -j KUBE-SEP-")
        .containsPattern("-j DNAT --to-destination 10\\.244\\.\\d+\\.\\d+:80")
        .containsPattern(
            "COMMIT\n# Completed on \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\n$");
    String clusterIp =
        ok("get", "svc", "web", "-n", ns, "-o", "jsonpath={.spec.clusterIP}").stdout().trim();
    String trace =
        metricsPath(
            "/iptables-trace?node=kp-worker&destination=" + clusterIp + "&port=80&origin=pod");
    assertThat(trace).contains(" 33.33%  DNAT to 10.244.").contains("KUBE-SVC-");
  }

  @Test
  @Order(2)
  void thePodFailingReadinessGetsNoNewConnections() throws Exception {
    String ns = namespace("ready");
    ok(
        "create",
        "deployment",
        "web",
        "-n",
        ns,
        "--image=traefik/whoami",
        "--replicas=2",
        "--port=80");
    Path pod = Files.createTempFile("unready", ".yaml");
    Files.writeString(
        pod,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: unready, labels: {app: web}}
        spec:
          containers:
          - name: nginx
            image: nginx:1.27
            ports: [{containerPort: 80}]
            readinessProbe:
              httpGet: {path: /missing, port: 80}
              periodSeconds: 1
        """);
    ok("apply", "-n", ns, "-f", pod.toString());
    ok("expose", "deployment", "web", "-n", ns, "--type=NodePort", "--port=80");
    readyEndpoints(ns, "web", 2);
    await()
        .atMost(WAIT)
        .until(
            () ->
                ok("get", "pod", "unready", "-n", ns, "-o", "jsonpath={.status.podIP}")
                    .stdout()
                    .startsWith("10."));
    int port = nodePort(ns, "web");
    List<String> who = answers("http://127.0.1.3:" + port + "/", 30);
    assertThat(who).doesNotContain("unready").hasSize(30);
    assertThat(new HashSet<>(who)).hasSize(2);
  }

  @Test
  @Order(3)
  void aServiceWithoutEndpointsRefusesConnections() throws Exception {
    String ns = namespace("none");
    ok("create", "service", "nodeport", "empty", "-n", ns, "--tcp=80:80");
    int port = nodePort(ns, "empty");
    String clusterIp =
        ok("get", "svc", "empty", "-n", ns, "-o", "jsonpath={.spec.clusterIP}").stdout().trim();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(metricsPath("/iptables-save?node=kp-worker&table=filter"))
                    .contains(
                        "-m comment --comment \""
                            + ns
                            + "/empty:80-80 has no endpoints\" -m addrtype --dst-type LOCAL -m tcp"
                            + " --dport "
                            + port
                            + " -j REJECT --reject-with icmp-port-unreachable"));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.1.2", port), 5_000);
      throw new AssertionError("connected to a Service without endpoints");
    } catch (ConnectException refused) {
      assertThat(refused.getMessage()).contains("Connection refused");
    }
    HttpResponse<String> viaProxy =
        proxied()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + clusterIp + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(viaProxy.statusCode()).isEqualTo(502);
    assertThat(viaProxy.body()).contains("connection refused (REJECT on kp-control-plane");
  }

  static HttpClient proxied() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxyPort)))
        .build();
  }

  @Test
  @Order(4)
  void theClusterProxyReachesClusterIpsServiceNamesAndPods() throws Exception {
    String ns = namespace("proxy");
    ok(
        "create",
        "deployment",
        "web",
        "-n",
        ns,
        "--image=traefik/whoami",
        "--replicas=2",
        "--port=80");
    ok("expose", "deployment", "web", "-n", ns, "--port=8080", "--target-port=80");
    readyEndpoints(ns, "web", 2);
    String clusterIp =
        ok("get", "svc", "web", "-n", ns, "-o", "jsonpath={.spec.clusterIP}").stdout().trim();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              HttpResponse<String> byIp =
                  proxied()
                      .send(
                          HttpRequest.newBuilder(URI.create("http://" + clusterIp + ":8080/"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
              assertThat(byIp.statusCode()).isEqualTo(200);
              assertThat(byIp.body()).contains("Hostname: web-");
              assertThat(byIp.headers().firstValue("X-Kubesim-Endpoint").orElse(""))
                  .matches("10\\.244\\.\\d+\\.\\d+:80");
            });
    HttpResponse<String> byName =
        proxied()
            .send(
                HttpRequest.newBuilder(URI.create("http://web." + ns + ".svc.cluster.local:8080/"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(byName.statusCode()).isEqualTo(200);
    String podIp =
        ok("get", "pods", "-n", ns, "-o", "jsonpath={.items[0].status.podIP}").stdout().trim();
    HttpResponse<String> byPod =
        proxied()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + podIp + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(byPod.body()).contains("IP: " + podIp);
  }

  @Test
  @Order(5)
  void theMetricsAreKubeProxysAndPassPromtool() throws Exception {
    String text = registry.scrape();
    assertThat(text)
        .contains("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"0.001\"}")
        .contains("kubeproxy_sync_proxy_rules_last_timestamp_seconds ")
        .contains("kubeproxy_network_programming_duration_seconds_bucket{le=\"0.25\"}");
    Promtool.assertValid(text);
    // a gauge named _total, which the Prometheus client library will not make (and promtool's
    // linter frowns on): written out beside the registry's, as kube-proxy exposes it
    assertThat(kubeProxy.extraMetrics())
        .containsPattern(
            "kubeproxy_sync_proxy_rules_iptables_total\\{table=\"nat\"\\} [1-9]\\d*\n");
  }

  @Test
  @Order(6)
  void localTrafficPolicyDropsOnANodeWithoutItsPods() throws Exception {
    String ns = namespace("local");
    ok(
        "create",
        "deployment",
        "web",
        "-n",
        ns,
        "--image=traefik/whoami",
        "--replicas=1",
        "--port=80");
    ok("expose", "deployment", "web", "-n", ns, "--type=NodePort", "--port=80");
    ok("patch", "svc", "web", "-n", ns, "-p", "{\"spec\":{\"externalTrafficPolicy\":\"Local\"}}");
    readyEndpoints(ns, "web", 1);
    String node =
        ok("get", "pods", "-n", ns, "-o", "jsonpath={.items[0].spec.nodeName}").stdout().trim();
    String other = node.equals("kp-worker") ? "kp-worker2" : "kp-worker";
    int port = nodePort(ns, "web");
    String home = "127.0.1." + (NODES.indexOf(node) + 1);
    String away = "127.0.1." + (NODES.indexOf(other) + 1);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(metricsPath("/iptables-save?node=" + other + "&table=filter"))
                    .contains(
                        "-m comment --comment \""
                            + ns
                            + "/web has no local endpoints\" -m addrtype --dst-type LOCAL -m tcp"
                            + " --dport "
                            + port
                            + " -j DROP"));
    assertThat(answers("http://" + home + ":" + port + "/", 5)).allMatch(h -> h.startsWith("web-"));
    HttpClient impatient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    assertThatThrownBy(
            () ->
                impatient.send(
                    HttpRequest.newBuilder(URI.create("http://" + away + ":" + port + "/"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .as("a Local Service's packets are dropped on a node without its pods")
        .isInstanceOf(java.net.http.HttpTimeoutException.class);
  }

  @Test
  @Order(7)
  void aPodReachesAServiceByItsShortNameThroughItsNodesRules() throws Exception {
    String ns = namespace("exec");
    ok(
        "create",
        "deployment",
        "web",
        "-n",
        ns,
        "--image=traefik/whoami",
        "--replicas=2",
        "--port=80");
    ok("expose", "deployment", "web", "-n", ns, "--port=80");
    ok("run", "client", "-n", ns, "--image=busybox:1.36", "--", "sleep", "3600");
    readyEndpoints(ns, "web", 2);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        ok("exec", "client", "-n", ns, "--", "wget", "-qO-", "http://web/")
                            .stdout())
                    .contains("Hostname: web-"));
    Kubectl.Result missing =
        kubectl.run("exec", "client", "-n", ns, "--", "wget", "-qO-", "http://nosuch/");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stdout() + missing.stderr()).contains("bad address 'nosuch'");
  }

  @Test
  @Order(10)
  void aKilledNodesEndpointsLeaveAndTrafficGoesToTheOthers() throws Exception {
    String ns = namespace("kill");
    ok(
        "create",
        "deployment",
        "web",
        "-n",
        ns,
        "--image=traefik/whoami",
        "--replicas=4",
        "--port=80");
    ok("expose", "deployment", "web", "-n", ns, "--type=NodePort", "--port=80");
    readyEndpoints(ns, "web", 4);
    int port = nodePort(ns, "web");
    Set<String> onWorker2 =
        new HashSet<>(
            List.of(
                ok(
                        "get",
                        "pods",
                        "-n",
                        ns,
                        "--field-selector=spec.nodeName=kp-worker2",
                        "-o",
                        "jsonpath={.items[*].metadata.name}")
                    .stdout()
                    .trim()
                    .split("\\s+")));
    onWorker2.remove("");
    assertThat(onWorker2).as("the scheduler spreads four pods over two workers").isNotEmpty();

    kubelets
        .remove("kp-worker2")
        .stop()
        .toCompletionStage()
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    readyEndpoints(ns, "web", 4 - onWorker2.size());
    // once the worker's rules have followed the slice (within its min sync period), every
    // connection reaches a pod that is still alive
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(answers("http://127.0.1.2:" + port + "/", 20))
                    .doesNotContainAnyElementsOf(onWorker2));
  }

  static boolean listening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
