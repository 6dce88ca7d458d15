package io.kubesim.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.apiserver.ApiServer;
import io.kubesim.apiserver.it.Kubectl;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.controllermanager.ControllerManager;
import io.kubesim.controllermanager.deployment.DeploymentController;
import io.kubesim.controllermanager.endpointslice.EndpointSliceController;
import io.kubesim.controllermanager.replicaset.ReplicaSetController;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.net.FreePorts;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.kubesim.ingress.IngressConfig;
import io.kubesim.ingress.IngressController;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import io.kubesim.scheduler.SchedulerComponent;
import io.kubesim.scheduler.SchedulerConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ingress-sim against a small real cluster in one JVM: the test apiserver, the ReplicaSet,
 * Deployment and EndpointSlice controllers, the scheduler, two kubelets (127.0.1.1-2) and the
 * ingress controller, driven by the real kubectl and the real curl as a learner drives kind with
 * ingress-nginx.
 */
class IngressIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final List<String> NODES = List.of("ing-control-plane", "ing-worker");
  static final String NOT_FOUND =
      "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
          + "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n"
          + "</body>\r\n</html>\r\n";

  static ApiServer server;
  static Vertx vertx;
  static ApiClient api;
  static Kubectl kubectl;
  static IngressController controller;
  static Component.Running ingress;
  static final List<Component.Running> running = new ArrayList<>();
  static int httpPort;
  static int httpsPort;
  static int metricsPort;
  static Path confFile;

  @BeforeAll
  static void start() throws Exception {
    server = TestCluster.server();
    vertx = server.cluster().vertx();
    api = new ApiClient(new BusApiClient(vertx, 30_000));
    kubectl = new Kubectl();
    for (int i = 0; i < NODES.size(); i++) {
      String node = NODES.get(i);
      List<NodeConfig> config =
          NodeConfig.fromEnv(
              Map.of(
                  "KUBESIM_NODES",
                  node,
                  "KUBESIM_NODE_IP",
                  "127.0.1." + (i + 1),
                  "KUBESIM_NODE_TAINTS",
                  "none"),
              node);
      running.add(
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
                                ControllerManager.LEASE_NAME, "ing_" + UUID.randomUUID())
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
    ingress = FreePorts.retryOnBind(IngressIT::startIngress);
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> ctx.response().end(controller.extraMetrics()));
    controller.routes(router);
    metricsPort =
        get(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();
    await().atMost(WAIT).until(() -> ingress.ready());
  }

  /**
   * The controller on HTTP and HTTPS ports found free just before (they go into its config, its
   * nginx.conf and its headers); FreePorts tries again on fresh ones, with a conf file of their
   * own, if another process took one first.
   */
  static Component.Running startIngress() throws Exception {
    httpPort = FreePorts.free();
    httpsPort = FreePorts.free();
    confFile = Files.createTempDirectory("ingress-conf").resolve("etc/nginx/nginx.conf");
    Map<String, String> env = new HashMap<>();
    env.put("KUBESIM_INGRESS_HOST", "127.0.0.1");
    env.put("KUBESIM_INGRESS_HTTP_PORT", Integer.toString(httpPort));
    env.put("KUBESIM_INGRESS_HTTPS_PORT", Integer.toString(httpsPort));
    env.put("KUBESIM_INGRESS_SYNC_RATE_LIMIT", "20");
    env.put("KUBESIM_INGRESS_CONF_FILE", confFile.toString());
    env.put("KUBESIM_INGRESS_WORKERS", "1");
    controller = new IngressController(IngressConfig.fromEnv(env), Clock.systemUTC());
    return get(controller.start(vertx, api, Metrics.newRegistry()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (ingress != null) {
      ingress.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    for (Component.Running r : running) {
      r.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    kubectl.close();
  }

  static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }

  static Future<Component.Running> startOnContext(Component component) {
    Promise<Component.Running> started = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(v -> component.start(vertx, api, Metrics.newRegistry()).onComplete(started));
    return started.future();
  }

  static Kubectl.Result ok(String... args) {
    Kubectl.Result result = kubectl.run(args);
    assertThat(result.exitCode()).as("kubectl %s%n%s", String.join(" ", args), result).isZero();
    return result;
  }

  static Kubectl.Result apply(String ns, String yaml) {
    Kubectl.Result result = kubectl.runWithInput(yaml, "apply", "-n", ns, "-f", "-");
    assertThat(result.exitCode()).as("kubectl apply%n%s%n%s", yaml, result).isZero();
    return result;
  }

  static String namespace(String prefix) {
    String ns = "ing-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    ok("create", "namespace", ns);
    return ns;
  }

  /** A whoami Deployment and its Service on port 80, with {@code replicas} ready endpoints. */
  static void whoami(String ns, String name, int replicas) {
    ok(
        "create",
        "deployment",
        name,
        "-n",
        ns,
        "--image=traefik/whoami",
        "--replicas=" + replicas,
        "--port=80");
    ok("expose", "deployment", name, "-n", ns, "--port=80");
    readyEndpoints(ns, name, replicas);
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

  static Curl.Result http(String host, String path, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("-H", "Host: " + host));
    args.addAll(List.of(extra));
    args.add("http://127.0.0.1:" + httpPort + path);
    return Curl.run(args.toArray(String[]::new));
  }

  static Curl.Result https(String host, String path, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("-v", "--resolve", host + ":" + httpsPort + ":127.0.0.1"));
    args.addAll(List.of(extra));
    args.add("https://" + host + ":" + httpsPort + path);
    return Curl.run(args.toArray(String[]::new));
  }

  static String metrics(String path) throws Exception {
    return Curl.run("http://127.0.0.1:" + metricsPort + path).body();
  }

  // ----------------------------------------------------------------------------------------

  @Test
  void theIngressClassNginxIsInstalledForTheControllerOfIngressNginx() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(ok("get", "ingressclass").stdout())
                    .containsPattern("(?m)^nginx\\s+k8s.io/ingress-nginx\\s+<none>\\s"));
    assertThat(ok("get", "namespace", "ingress-nginx").stdout()).contains("Active");
  }

  @Test
  void hostsAndPathsReachTheirServicesAndTheIngressShowsItsAddress() throws Exception {
    String ns = namespace("route");
    whoami(ns, "apple", 1);
    whoami(ns, "banana", 2);
    apply(
        ns,
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: fruit
        spec:
          ingressClassName: nginx
          rules:
          - host: fruit.example
            http:
              paths:
              - {path: /apple, pathType: Prefix, backend: {service: {name: apple, port: {number: 80}}}}
              - {path: /banana, pathType: Exact, backend: {service: {name: banana, port: {number: 80}}}}
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(http("fruit.example", "/apple/x").body()).contains("Hostname: apple-"));
    Curl.Result banana = http("fruit.example", "/banana");
    assertThat(banana.status()).isEqualTo(200);
    assertThat(banana.body())
        .contains("Hostname: banana-")
        .contains("GET /banana HTTP/1.1")
        .containsIgnoringCase("\nHost: fruit.example\n")
        .contains("X-Forwarded-Host: fruit.example")
        .contains("X-Forwarded-Proto: http")
        .containsIgnoringCase("X-Real-Ip: 127.0.0.1")
        .containsPattern("(?i)X-Request-Id: [0-9a-f]{32}");
    // Exact: only itself; Prefix: element-wise
    assertThat(http("fruit.example", "/banana/split").status()).isEqualTo(404);
    assertThat(http("fruit.example", "/applesauce").status()).isEqualTo(404);
    // another host, same path: the catch-all's 404
    assertThat(http("other.example", "/apple").status()).isEqualTo(404);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(ok("get", "ingress", "fruit", "-n", ns).stdout())
                    .containsPattern("fruit\\s+nginx\\s+fruit.example\\s+localhost\\s+80\\s"));
    assertThat(ok("describe", "ingress", "fruit", "-n", ns).stdout())
        .containsPattern("Sync\\s+.*nginx-ingress-controller\\s+Scheduled for sync");
    // what the controller derived, from its metrics port and in its nginx.conf
    String conf = metrics("/nginx.conf");
    assertThat(conf)
        .contains("server_name fruit.example ;")
        .contains("location /apple/ {")
        .contains("location = /apple {")
        .contains("location = /banana {")
        .contains("upstream " + ns + "-banana-80 {")
        .containsPattern("server 10\\.244\\.\\d+\\.\\d+:80; # pod " + ns + "/banana-");
    assertThat(Files.readString(confFile)).isEqualTo(conf);
    // ingress-nginx's request metrics for the host
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(metrics("/metrics"))
                    .containsPattern(
                        "nginx_ingress_controller_requests\\{canary=\"\",controller_class=\"k8s.io/ingress-nginx\","
                            + "controller_namespace=\"ingress-nginx\",controller_pod=\"ingress-nginx-controller-kubesim-control-plane\","
                            + "host=\"fruit.example\",ingress=\"fruit\",method=\"GET\",namespace=\""
                            + ns
                            + "\",path=\"/banana\",service=\"banana\",status=\"200\"} 1")
                    .contains("nginx_ingress_controller_request_duration_seconds_bucket{")
                    .contains("nginx_ingress_controller_response_size_count{"));
  }

  @Test
  void theDefaultBackendAnswersNginxsOwn404() throws Exception {
    Curl.Result answer = http("nobody.example", "/anything");
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body() + "\n").isEqualTo(NOT_FOUND + "\n");
    assertThat(answer.headers()).containsIgnoringCase("Server: nginx\r\n");
  }

  @Test
  void anIngressOfAnotherControllersClassIsIgnored() throws Exception {
    String ns = namespace("other");
    whoami(ns, "web", 1);
    ok("create", "ingress", "mine", "-n", ns, "--class=nginx", "--rule=mine.example/*=web:80");
    apply(
        "default",
        """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: traefik-%s}
        spec: {controller: traefik.io/ingress-controller}
        """
            .formatted(ns));
    ok(
        "create",
        "ingress",
        "theirs",
        "-n",
        ns,
        "--class=traefik-" + ns,
        "--rule=theirs.example/*=web:80");
    ok(
        "create",
        "ingress",
        "legacy",
        "-n",
        ns,
        "--annotation=kubernetes.io/ingress.class=haproxy",
        "--rule=legacy.example/*=web:80");
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(http("mine.example", "/").status()).isEqualTo(200));
    assertThat(http("theirs.example", "/").status()).isEqualTo(404);
    assertThat(http("legacy.example", "/").status()).isEqualTo(404);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        ok(
                                "get",
                                "ingress",
                                "-n",
                                ns,
                                "-o",
                                "jsonpath={range .items[*]}{.metadata.name}={.status.loadBalancer.ingress[0].hostname};{end}")
                            .stdout())
                    .contains("mine=localhost;")
                    .contains("theirs=;")
                    .contains("legacy=;"));
  }

  @Test
  void anIngressWithoutAClassGetsTheNewestDefaultClass() throws Exception {
    String ns = namespace("default");
    whoami(ns, "web", 1);
    String theirs = "other-" + ns;
    ok("annotate", "ingressclass", "nginx", "ingressclass.kubernetes.io/is-default-class=true");
    try {
      ok("create", "ingress", "plain", "-n", ns, "--rule=plain.example/*=web:80");
      assertThat(
              ok("get", "ingress", "plain", "-n", ns, "-o", "jsonpath={.spec.ingressClassName}")
                  .stdout())
          .isEqualTo("nginx");
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(http("plain.example", "/").status()).isEqualTo(200));
      // a newer default of another controller takes the next ingress without a class
      apply(
          "default",
          """
          apiVersion: networking.k8s.io/v1
          kind: IngressClass
          metadata:
            name: %s
            annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
          spec: {controller: example.com/other}
          """
              .formatted(theirs));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                kubectl.run("delete", "ingress", "later", "-n", ns, "--ignore-not-found");
                ok("create", "ingress", "later", "-n", ns, "--rule=later.example/*=web:80");
                assertThat(
                        ok(
                                "get",
                                "ingress",
                                "later",
                                "-n",
                                ns,
                                "-o",
                                "jsonpath={.spec.ingressClassName}")
                            .stdout())
                    .isEqualTo(theirs);
              });
      assertThat(http("later.example", "/").status()).isEqualTo(404);
      assertThat(http("plain.example", "/").status()).isEqualTo(200);
    } finally {
      kubectl.run("delete", "ingressclass", theirs, "--ignore-not-found");
      kubectl.run(
          "annotate", "ingressclass", "nginx", "ingressclass.kubernetes.io/is-default-class-");
    }
  }

  @Test
  void tlsFromASecretIsServedBySniAndPlainHttpIsRedirected() throws Exception {
    String ns = namespace("tls");
    whoami(ns, "web", 1);
    Path tls = Certificates.selfSigned("secure.example");
    ok(
        "create",
        "secret",
        "tls",
        "secure-tls",
        "-n",
        ns,
        "--cert=" + tls.resolve("tls.crt"),
        "--key=" + tls.resolve("tls.key"));
    ok(
        "create",
        "ingress",
        "secure",
        "-n",
        ns,
        "--class=nginx",
        "--rule=secure.example/*=web:80,tls=secure-tls");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Curl.Result r = https("secure.example", "/hello");
              assertThat(r.status()).isEqualTo(200);
              assertThat(r.headers()).contains("subject: CN=secure.example; O=secure.example");
            });
    Curl.Result secure = https("secure.example", "/hello");
    assertThat(secure.body()).contains("X-Forwarded-Proto: https");
    assertThat(secure.headers())
        .containsIgnoringCase("strict-transport-security: max-age=31536000; includeSubDomains");
    // a host without a certificate of its own gets the controller's fake one
    Curl.Result fake = https("unknown.example", "/");
    assertThat(fake.headers())
        .contains("subject: O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate");
    assertThat(fake.status()).isEqualTo(404);
    // plain HTTP to a host with a certificate: 308 to https, the trailing slash dropped
    Curl.Result redirect = http("secure.example", "/a/b/?x=1");
    assertThat(redirect.status()).isEqualTo(308);
    assertThat(redirect.headers()).contains("Location: https://secure.example/a/b/?x=1");
    Curl.Result root = http("secure.example", "/");
    assertThat(root.headers()).contains("Location: https://secure.example\r\n");
    assertThat(root.body()).contains("<title>308 Permanent Redirect</title>");
  }

  @Test
  void aBackendWithoutReadyEndpointsAnswers503AndGetsThemBack() throws Exception {
    String ns = namespace("ready");
    // ready while its page is there, as the docs' exec probe checks a file
    apply(
        ns,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
                ports: [{containerPort: 80}]
                readinessProbe:
                  exec: {command: [cat, /usr/share/nginx/html/index.html]}
                  periodSeconds: 1
                  failureThreshold: 1
        """);
    ok("expose", "deployment", "web", "-n", ns, "--port=80");
    readyEndpoints(ns, "web", 1);
    ok("create", "ingress", "web", "-n", ns, "--class=nginx", "--rule=ready.example/*=web:80");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(http("ready.example", "/").body()).contains("Welcome to nginx!"));
    // the only pod turns unready: its endpoint leaves the upstream
    ok("exec", "-n", ns, "deploy/web", "--", "rm", "/usr/share/nginx/html/index.html");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Curl.Result r = http("ready.example", "/");
              assertThat(r.status()).isEqualTo(503);
              assertThat(r.body()).contains("<title>503 Service Temporarily Unavailable</title>");
            });
    assertThat(metrics("/nginx.conf"))
        .contains(
            "upstream "
                + ns
                + "-web-80 {\n\t\t# service "
                + ns
                + "/web, port 80\n\t\t# no ready endpoints");
    // ready again: back in the upstream
    ok(
        "exec",
        "-n",
        ns,
        "deploy/web",
        "--",
        "sh",
        "-c",
        "echo back > /usr/share/nginx/html/index.html");
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(http("ready.example", "/").status()).isEqualTo(200));
  }

  @Test
  void rewriteTargetSendsTheCapturedPart() throws Exception {
    String ns = namespace("rewrite");
    whoami(ns, "http-svc", 1);
    apply(
        ns,
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: rewrite
          annotations:
            nginx.ingress.kubernetes.io/use-regex: "true"
            nginx.ingress.kubernetes.io/rewrite-target: /$2
        spec:
          ingressClassName: nginx
          rules:
          - host: rewrite.bar.com
            http:
              paths:
              - path: /something(/|$)(.*)
                pathType: ImplementationSpecific
                backend: {service: {name: http-svc, port: {number: 80}}}
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(http("rewrite.bar.com", "/something/new?x=1").body())
                    .contains("GET /new?x=1 HTTP/1.1"));
    assertThat(http("rewrite.bar.com", "/something").body()).contains("GET / HTTP/1.1");
    assertThat(http("rewrite.bar.com", "/SOMETHING/Case").body()).contains("GET /Case HTTP/1.1");
    assertThat(metrics("/nginx.conf"))
        .contains("location ~* \"^/something(/|$)(.*)\" {")
        .contains("rewrite \"(?i)/something(/|$)(.*)\" /$2 break;");
  }

  @Test
  void aCanaryTakesTheRequestsItsHeaderAsksFor() throws Exception {
    String ns = namespace("canary");
    whoami(ns, "production", 1);
    whoami(ns, "canary", 1);
    ok(
        "create",
        "ingress",
        "production",
        "-n",
        ns,
        "--class=nginx",
        "--rule=canary.example/*=production:80");
    ok(
        "create",
        "ingress",
        "canary",
        "-n",
        ns,
        "--class=nginx",
        "--rule=canary.example/*=canary:80",
        "--annotation=nginx.ingress.kubernetes.io/canary=true",
        "--annotation=nginx.ingress.kubernetes.io/canary-by-header=X-Canary");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(http("canary.example", "/", "-H", "X-Canary: always").body())
                    .contains("Hostname: canary-"));
    for (int i = 0; i < 5; i++) {
      assertThat(http("canary.example", "/").body()).contains("Hostname: production-");
      assertThat(http("canary.example", "/", "-H", "X-Canary: never").body())
          .contains("Hostname: production-");
    }
  }

  @Test
  void anAllowlistTurnsAwayOtherClients() throws Exception {
    String ns = namespace("allow");
    whoami(ns, "web", 1);
    ok(
        "create",
        "ingress",
        "closed",
        "-n",
        ns,
        "--class=nginx",
        "--rule=closed.example/*=web:80",
        "--annotation=nginx.ingress.kubernetes.io/whitelist-source-range=10.0.0.0/8");
    ok(
        "create",
        "ingress",
        "open",
        "-n",
        ns,
        "--class=nginx",
        "--rule=open.example/*=web:80",
        "--annotation=nginx.ingress.kubernetes.io/allowlist-source-range=10.0.0.0/8,127.0.0.1");
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(http("open.example", "/").status()).isEqualTo(200));
    Curl.Result closed = http("closed.example", "/");
    assertThat(closed.status()).isEqualTo(403);
    assertThat(closed.body()).contains("<title>403 Forbidden</title>");
  }
}
