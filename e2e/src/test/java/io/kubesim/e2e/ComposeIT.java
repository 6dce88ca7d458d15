package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.core.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The real docker-compose.yml, driven as a user drives it: {@code up}, the real kubectl on the
 * kubeconfig it writes, {@code docker kill} of a node, of the leading scheduler and
 * controller-manager and of the apiserver, {@code docker start}, {@code down} and {@code up} again
 * with the volume, and Prometheus scraping every process. One cluster for the whole class; the
 * tests build on each other in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeIT {
  /** Prints every listening port of the container that answers with nginx's welcome page. */
  private static final String NGINX_PORTS =
      "h=$(hostname); for x in $(awk 'NR>1 && $4==\"0A\" {split($2,a,\":\"); print a[2]}'"
          + " /proc/net/tcp /proc/net/tcp6 2>/dev/null | sort -u); do p=$((0x$x));"
          + " curl -s -m 2 \"http://$h:$p/\" | grep -q 'Welcome to nginx' && echo $p; done; true";

  private static final List<String> WORKERS =
      List.of("kubesim-worker", "kubesim-worker2", "kubesim-worker3");
  private static final List<String> NODES =
      List.of("kubesim-control-plane", "kubesim-worker", "kubesim-worker2", "kubesim-worker3");

  @BeforeAll
  static void up() {
    Compose.compose(300, "down", "-v");
    Compose.Result up = Compose.compose(1800, "up", "-d", "--build");
    assertThat(up.exitCode()).as(up.output()).isZero();
    awaitApi();
  }

  @AfterAll
  static void down() {
    Compose.compose(300, "down", "-v");
  }

  /**
   * Fourteen JVMs start at once and form one Hazelcast cluster: on two busy cores the apiserver's
   * join alone has taken two minutes, so this waits longer than a quiet machine needs.
   */
  private static void awaitApi() {
    eventually(
        Duration.ofMinutes(6),
        () ->
            assertThat(Compose.kubectl("get", "--raw", "/readyz").output().trim()).isEqualTo("ok"));
  }

  private static void eventually(Duration limit, ThrowingRunnable assertion) {
    try {
      await()
          .atMost(limit)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .untilAsserted(assertion);
    } catch (Throwable e) {
      throw new AssertionError(
          e.getMessage() + "\n" + Compose.compose(120, "logs", "--tail=40").output(), e);
    }
  }

  private static String ok(String... args) {
    Compose.Result result = Compose.kubectl(args);
    assertThat(result.exitCode())
        .as("kubectl " + String.join(" ", args) + "\n" + result.output())
        .isZero();
    return result.output();
  }

  private static List<String> words(String text) {
    String t = text.trim();
    return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
  }

  private static List<String> uids() {
    return words(
        ok(
            "get",
            "namespaces,configmaps,services,deployments,replicasets,nodes",
            "-A",
            "-o",
            "jsonpath={..metadata.uid}"));
  }

  /** Nodes of the Running, Ready, not terminating pods with label app=name. */
  private static List<String> readyNodes(String app) {
    List<String> nodes = new ArrayList<>();
    String rows =
        ok(
            "get",
            "pods",
            "-l",
            "app=" + app,
            "-o",
            "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}"
                + " {.status.conditions[?(@.type==\"Ready\")].status}"
                + " {.metadata.deletionTimestamp}{\"\\n\"}{end}");
    for (String row : rows.split("\n")) {
      List<String> f = words(row);
      if (f.size() == 3 && f.get(1).equals("Running") && f.get(2).equals("True")) {
        nodes.add(f.get(0));
      }
    }
    return nodes;
  }

  private static String holder(String lease) {
    return ok("get", "lease", lease, "-n", "kube-system", "-o", "jsonpath={.spec.holderIdentity}")
        .trim();
  }

  @Test
  @Order(1)
  void everyNodeRegistersAndTheKubeconfigOnTheHostDrivesTheCluster() {
    eventually(
        Duration.ofMinutes(6),
        () -> {
          String nodes = ok("get", "nodes", "--no-headers");
          for (String node : NODES) {
            assertThat(nodes).containsPattern("(?m)^" + node + "\\s+Ready\\s");
          }
        });
    assertThat(ok("get", "ns", "kube-system")).contains("kube-system   Active");
    ok("create", "configmap", "survivor", "--from-literal=a=b");
    // Every process that plays a component shows as its node's pod, as on kind; the second
    // replicas of the scheduler and the controller-manager as a second manifest's pods.
    List<String> components = new ArrayList<>();
    for (String c :
        List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "coredns")) {
      components.add(c + "-kubesim-control-plane");
    }
    components.add("kube-controller-manager-2-kubesim-control-plane");
    components.add("kube-scheduler-2-kubesim-control-plane");
    NODES.forEach(n -> components.add("kube-proxy-" + n));
    eventually(
        Duration.ofMinutes(1),
        () -> {
          String pods = ok("get", "pods", "-n", "kube-system", "--no-headers");
          components.forEach(
              pod -> assertThat(pods).containsPattern("(?m)^" + pod + "\\s+1/1\\s+Running\\s"));
        });
  }

  @Test
  @Order(2)
  void sixReplicasSpreadOverTheWorkers() {
    ok("create", "deployment", "web", "--image=nginx:1.27", "--replicas=6", "--port=80");
    eventually(
        Duration.ofMinutes(3),
        () -> {
          List<String> nodes = readyNodes("web");
          assertThat(nodes).hasSize(6);
          assertThat(new HashSet<>(nodes)).containsExactlyInAnyOrderElementsOf(WORKERS);
        });
  }

  @Test
  @Order(3)
  void aNodePortSpreadsConnectionsAndEachNodeShowsItsRules() throws Exception {
    ok("create", "deployment", "who", "--image=traefik/whoami", "--replicas=3", "--port=80");
    ok("create", "service", "nodeport", "who", "--tcp=80:80", "--node-port=30001");
    // the control plane's NodePorts 30000-30009 are published on the host's 127.0.0.1
    eventually(
        Duration.ofMinutes(3),
        () -> {
          Set<String> answered = new HashSet<>();
          for (int i = 0; i < 20; i++) {
            answered.add(hostname(fresh(null), "http://127.0.0.1:30001/"));
          }
          assertThat(answered).hasSizeGreaterThanOrEqualTo(2).allMatch(h -> h.startsWith("who-"));
        });
    String clusterIp = ok("get", "svc", "who", "-o", "jsonpath={.spec.clusterIP}").trim();
    Compose.Result save = Compose.docker("exec", "kubesim-worker", "iptables-save", "-t", "nat");
    assertThat(save.exitCode()).as(save.output()).isZero();
    assertThat(save.output())
        .contains("*nat")
        .contains(
            "-A KUBE-SERVICES -d "
                + clusterIp
                + "/32 -p tcp -m comment --comment \"default/who:80-80 cluster IP\" -m tcp --dport 80");
    Compose.Result trace =
        Compose.docker("exec", "kubesim-worker", "iptables-trace", clusterIp, "80");
    assertThat(trace.output()).contains(" 33.33%  DNAT to 10.244.");
    HttpClient proxied =
        fresh(java.net.ProxySelector.of(new java.net.InetSocketAddress("127.0.0.1", 3128)));
    assertThat(hostname(proxied, "http://who.default.svc.cluster.local/")).startsWith("who-");
    Compose.Result metrics =
        Compose.docker("exec", "kubesim-worker", "curl", "-fsS", "http://localhost:10249/metrics");
    assertThat(metrics.output())
        .contains("kubeproxy_sync_proxy_rules_duration_seconds_bucket")
        .containsPattern("kubeproxy_sync_proxy_rules_iptables_total\\{table=\"nat\"\\} [1-9]");
  }

  @Test
  @Order(4)
  void theIngressControllerOnTheHostsPort8080RoutesToTheService() throws Exception {
    ok("create", "ingress", "who", "--class=nginx", "--rule=/who=who:80");
    eventually(
        Duration.ofMinutes(2),
        () -> assertThat(hostname(fresh(null), "http://127.0.0.1:8080/who")).startsWith("who-"));
    eventually(
        Duration.ofMinutes(1),
        () ->
            assertThat(ok("get", "ingress", "who"))
                .containsPattern("who\\s+nginx\\s+\\*\\s+localhost\\s+80\\s"));
    Compose.Result conf =
        Compose.docker("exec", "ingress-nginx-controller", "cat", "/etc/nginx/nginx.conf");
    assertThat(conf.exitCode()).as(conf.output()).isZero();
    assertThat(conf.output()).contains("upstream default-who-80 {").contains("location = /who {");
    assertThat(get(fresh(null), "http://127.0.0.1:10254/nginx.conf")).isEqualTo(conf.output());
    eventually(
        Duration.ofMinutes(1),
        () ->
            assertThat(ok("get", "pods", "-n", "ingress-nginx", "--no-headers"))
                .containsPattern(
                    "(?m)^ingress-nginx-controller-kubesim-control-plane\\s+1/1\\s+Running\\s"));
  }

  @Test
  @Order(5)
  void theClusterDnsAnswersOnThePublishedPortAndInsidePods() {
    String clusterIp = ok("get", "svc", "who", "-o", "jsonpath={.spec.clusterIP}").trim();
    for (String proto : List.of("+notcp", "+tcp")) {
      eventually(
          Duration.ofMinutes(1),
          () -> {
            Compose.Result dig =
                Compose.run(
                    List.of(
                        "dig",
                        "@127.0.0.1",
                        "-p",
                        "1053",
                        proto,
                        "+short",
                        "who.default.svc.cluster.local"),
                    30);
            assertThat(dig.output().trim()).as(proto).isEqualTo(clusterIp);
          });
    }
    ok("run", "dns-client", "--image=busybox:1.36", "--", "sleep", "3600");
    ok("wait", "--for=condition=Ready", "pod/dns-client", "--timeout=120s");
    assertThat(Compose.kubectl("exec", "dns-client", "--", "nslookup", "who").output())
        .contains("Server:\t\t10.96.0.10\n")
        .contains("Name:\twho.default.svc.cluster.local\nAddress: " + clusterIp + "\n");
    ok("delete", "pod", "dns-client", "--wait=false");
  }

  /**
   * A client of its own, so that every request is a new connection (the rules pick per connection).
   */
  private static HttpClient fresh(java.net.ProxySelector proxy) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    return proxy == null ? builder.build() : builder.proxy(proxy).build();
  }

  /** whoami's answer names the pod that served it. */
  private static String hostname(HttpClient http, String url) throws Exception {
    String body = get(http, url);
    for (String line : body.split("\n")) {
      if (line.startsWith("Hostname: ")) {
        return line.substring("Hostname: ".length()).trim();
      }
    }
    return body;
  }

  @Test
  @Order(6)
  void aKilledWorkersPodsAreReplacedOnTheOtherWorkers() {
    String victim = "kubesim-worker2";
    Compose.Result kill = Compose.chaos("kill-node", victim);
    assertThat(kill.exitCode()).as(kill.output()).isZero();
    assertThat(Compose.docker("inspect", "-f", "{{.State.Running}}", victim).output().trim())
        .as("docker kill is a manual stop: no restart policy brings the node back")
        .isEqualTo("false");
    // Fast profile: NotReady 10 s after the last lease renewal, pods evicted 10 s after that.
    eventually(
        Duration.ofMinutes(2),
        () -> {
          List<String> nodes = readyNodes("web");
          assertThat(nodes).hasSize(6).doesNotContain(victim);
          // the Deployment's status follows its pods a moment later
          assertThat(ok("get", "deploy", "web")).containsPattern("web\\s+6/6");
        });
    Compose.Result heal = Compose.chaos("heal", victim);
    assertThat(heal.exitCode()).as(heal.output()).isZero();
    assertThat(heal.output()).contains("started " + victim);
    eventually(
        Duration.ofMinutes(2),
        () ->
            assertThat(ok("get", "node", victim, "--no-headers"))
                .containsPattern(victim + "\\s+Ready"));
  }

  @Test
  @Order(7)
  void thePagePartitionsANodeThroughTheDockerEngineAndHealsIt() throws Exception {
    // compose.chaos.yml gives the console --allow-chaos and the engine's socket
    String victim = "kubesim-worker3";
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> cut =
        post(
            http,
            "/api/chaos/experiments",
            "{\"kind\":\"partition\",\"target\":\"" + victim + "\"}");
    assertThat(cut.statusCode()).as(cut.body()).isEqualTo(200);
    assertThat(Json.parse(cut.body().getBytes(StandardCharsets.UTF_8)).path("kind").asString())
        .isEqualTo("partition");
    assertThat(switchState(victim)).contains("\"partitioned\":true");
    // Fast profile: NotReady once its Lease is 10 s old.
    eventually(
        Duration.ofMinutes(1),
        () ->
            assertThat(ok("get", "node", victim, "--no-headers"))
                .containsPattern(victim + "\\s+NotReady"));
    HttpResponse<String> unknown =
        post(
            http,
            "/api/chaos/experiments",
            "{\"kind\":\"partition\",\"target\":\"kubesim-worker9\"}");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    HttpResponse<String> heal = post(http, "/api/chaos/heal", "{\"target\":\"" + victim + "\"}");
    assertThat(heal.statusCode()).as(heal.body()).isEqualTo(200);
    assertThat(switchState(victim)).contains("\"partitioned\":false");
    eventually(
        Duration.ofMinutes(2),
        () -> {
          assertThat(ok("get", "node", victim, "--no-headers"))
              .containsPattern(victim + "\\s+Ready");
          JsonNode experiments =
              Json.parse(
                      get(http, "http://localhost:8001/api/chaos/experiments")
                          .getBytes(StandardCharsets.UTF_8))
                  .path("experiments");
          JsonNode last = null;
          for (JsonNode e : experiments) {
            if (victim.equals(e.path("target").asString())) {
              last = e;
            }
          }
          assertThat(last).as(experiments.toString()).isNotNull();
          assertThat(last.path("endedAt").isNull()).as(last.toString()).isFalse();
          assertThat(last.path("timeToHealSeconds").asDouble()).as(last.toString()).isPositive();
        });
  }

  private static String switchState(String node) {
    return Compose.docker("exec", node, "curl", "-fsS", "http://127.0.0.1:10250/chaos").output();
  }

  private static HttpResponse<String> post(HttpClient http, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:8001" + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(8)
  void killingTheLeadingSchedulerAndControllerManagerHandsOverToTheStandbys() {
    String scheduler = holder("kube-scheduler");
    String manager = holder("kube-controller-manager");
    // Identities are <hostname>_<uuid>, and the hostname is the compose service's name.
    String schedulerService = scheduler.substring(0, scheduler.indexOf('_'));
    String managerService = manager.substring(0, manager.indexOf('_'));
    assertThat(schedulerService).isIn("scheduler-1", "scheduler-2");
    assertThat(managerService).isIn("controller-manager-1", "controller-manager-2");
    String schedulerContainer = Compose.container(schedulerService);
    String managerContainer = Compose.container(managerService);
    assertThat(Compose.docker("kill", schedulerContainer).exitCode()).isZero();
    assertThat(Compose.docker("kill", managerContainer).exitCode()).isZero();
    eventually(
        Duration.ofSeconds(90),
        () -> {
          assertThat(holder("kube-scheduler"))
              .doesNotStartWith(schedulerService + "_")
              .isNotEmpty();
          assertThat(holder("kube-controller-manager"))
              .doesNotStartWith(managerService + "_")
              .isNotEmpty();
        });
    ok("create", "deployment", "after", "--image=nginx:1.27", "--replicas=2");
    eventually(Duration.ofMinutes(2), () -> assertThat(readyNodes("after")).hasSize(2));
    assertThat(Compose.docker("start", schedulerContainer).exitCode()).isZero();
    assertThat(Compose.docker("start", managerContainer).exitCode()).isZero();
  }

  @Test
  @Order(9)
  void aKilledApiserverComesBackWithEveryObjectWhilePodsKeepRunning() {
    List<String> before = uids();
    String container = Compose.container("apiserver");
    assertThat(Compose.docker("kill", container).exitCode()).isZero();
    assertThat(Compose.kubectl("get", "ns", "--request-timeout=3s").exitCode()).isNotZero();
    // The nodes keep their containers running, and serving, without the apiserver: each web pod's
    // nginx answers on its real port in the node's container (found among the listening sockets).
    for (String worker : WORKERS) {
      Compose.Result running =
          Compose.docker("exec", worker, "curl", "-fsS", "http://localhost:10250/metrics");
      assertThat(running.output()).containsPattern("(?m)^kubelet_running_pods(\\{[^}]*\\})? [1-9]");
      Compose.Result serving = Compose.docker("exec", worker, "sh", "-c", NGINX_PORTS);
      assertThat(serving.output()).as(worker).containsPattern("(?m)^[0-9]+$");
    }
    assertThat(Compose.docker("start", container).exitCode()).isZero();
    awaitApi();
    assertThat(uids()).containsAll(before);
    // The node lifecycle controller may have marked the pods not ready while the leases could not
    // be renewed; the kubelets write their Ready again.
    eventually(
        Duration.ofMinutes(2),
        () -> assertThat(readyNodes("web")).as(ok("get", "pods", "-o", "wide")).hasSize(6));
  }

  @Test
  @Order(10)
  void downAndUpAgainKeepsTheDataInTheVolume() {
    // A file in a hostPath volume lives in the node's data on the volume kubelet-data.
    ok(
        "run",
        "keeper",
        "--image=busybox",
        "--overrides",
        "{\"spec\":{\"nodeName\":\"kubesim-worker\",\"terminationGracePeriodSeconds\":0,"
            + "\"containers\":[{\"name\":\"keeper\",\"image\":\"busybox\","
            + "\"command\":[\"sh\",\"-c\",\"sleep 3600\"],"
            + "\"volumeMounts\":[{\"name\":\"keep\",\"mountPath\":\"/keep\"}]}],"
            + "\"volumes\":[{\"name\":\"keep\",\"hostPath\":{\"path\":\"/srv/keep\","
            + "\"type\":\"DirectoryOrCreate\"}}]}}");
    eventually(
        Duration.ofMinutes(2),
        () ->
            assertThat(ok("get", "pod", "keeper", "-o", "jsonpath={.status.phase}"))
                .isEqualTo("Running"));
    ok("exec", "keeper", "--", "sh", "-c", "echo kept > /keep/f");
    List<String> before = uids();
    assertThat(Compose.compose(300, "down").exitCode()).isZero();
    Compose.Result up = Compose.compose(600, "up", "-d");
    assertThat(up.exitCode()).as(up.output()).isZero();
    awaitApi();
    assertThat(uids()).containsAll(before);
    assertThat(ok("get", "cm", "survivor", "-o", "jsonpath={.data.a}")).isEqualTo("b");
    eventually(Duration.ofMinutes(3), () -> assertThat(readyNodes("web")).hasSize(6));
    eventually(
        Duration.ofMinutes(2),
        () -> assertThat(ok("exec", "keeper", "--", "cat", "/keep/f")).isEqualTo("kept\n"));
  }

  @Test
  @Order(11)
  void prometheusScrapesEveryProcessAndTheClustersState() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    eventually(
        Duration.ofMinutes(2),
        () -> {
          JsonNode up = query(http, "up");
          assertThat(up.path("status").asString()).isEqualTo("success");
          JsonNode results = up.path("data").path("result");
          List<String> jobs = new ArrayList<>();
          for (JsonNode series : results) {
            jobs.add(series.path("metric").path("job").asString());
            assertThat(series.path("value").get(1).asString()).as(series.toString()).isEqualTo("1");
          }
          assertThat(jobs)
              .containsOnlyOnce(
                  "apiserver", "kube-state-metrics", "coredns", "ingress-nginx", "prometheus")
              .filteredOn("kubelet"::equals)
              .hasSize(4);
          assertThat(jobs).filteredOn("scheduler"::equals).hasSize(2);
          assertThat(jobs).filteredOn("kube-proxy"::equals).hasSize(4);
          assertThat(jobs).filteredOn("controller-manager"::equals).hasSize(2);
          JsonNode available =
              query(http, "kube_deployment_status_replicas_available{deployment=\"web\"}");
          assertThat(available.path("data").path("result").get(0).path("value").get(1).asString())
              .isEqualTo("6");
          assertThat(query(http, "apiserver_request_total").path("data").path("result").size())
              .isPositive();
        });
    String console = get(http, "http://localhost:9090/consoles/kubesim.html");
    assertThat(console).contains("kubesim cluster").contains("kubesim-worker2");
  }

  @Test
  @Order(12)
  void everyProcesssMetricsPassPromtool() throws Exception {
    List<String[]> targets =
        List.of(
            new String[] {"controller-manager-1", "10257"},
            new String[] {"scheduler-1", "10259"},
            new String[] {"kubesim-worker", "10250"},
            new String[] {"kube-state-metrics", "8080"},
            new String[] {"coredns", "9153"},
            new String[] {"ingress-nginx-controller", "10254"});
    String prometheus = Compose.container("prometheus");
    for (String[] target : targets) {
      String container =
          target[0].startsWith("kubesim-") || target[0].startsWith("ingress-")
              ? target[0]
              : Compose.container(target[0]);
      // a container the down/up test restarted may still be starting: its port comes later
      Compose.Result[] metrics = new Compose.Result[1];
      eventually(
          Duration.ofMinutes(2),
          () -> {
            metrics[0] =
                Compose.docker(
                    "exec",
                    container,
                    "curl",
                    "-fsS",
                    "http://localhost:" + target[1] + "/metrics");
            assertThat(metrics[0].exitCode()).as(target[0] + ": " + metrics[0].output()).isZero();
          });
      promtool(prometheus, target[0], metrics[0].output());
    }
    Compose.Result apiserver = Compose.kubectl("get", "--raw", "/metrics");
    assertThat(apiserver.exitCode()).as(apiserver.output()).isZero();
    promtool(prometheus, "apiserver", apiserver.output());
  }

  private static void promtool(String prometheus, String name, String metrics) throws Exception {
    Path file = Files.createTempFile("metrics", ".txt");
    Files.writeString(file, metrics);
    Compose.Result check =
        Compose.run(
            List.of(
                "sh", "-c", "docker exec -i " + prometheus + " promtool check metrics < " + file),
            60);
    assertThat(check.exitCode()).as(name + ": " + check.output()).isZero();
    assertThat(check.output()).as(name).doesNotContain("should");
  }

  private static JsonNode query(HttpClient http, String promql) throws Exception {
    String url =
        "http://localhost:9090/api/v1/query?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    return Json.parse(get(http, url).getBytes(StandardCharsets.UTF_8));
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
    return response.body();
  }
}
