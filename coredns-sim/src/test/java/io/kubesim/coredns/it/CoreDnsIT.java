package io.kubesim.coredns.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.apiserver.ApiServer;
import io.kubesim.apiserver.it.Kubectl;
import io.kubesim.apiserver.it.TestCluster;
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
import io.kubesim.coredns.CoreDns;
import io.kubesim.coredns.CoreDnsConfig;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import io.kubesim.scheduler.SchedulerComponent;
import io.kubesim.scheduler.SchedulerConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * coredns-sim in a small real cluster in one JVM: the test apiserver, the ReplicaSet, Deployment,
 * Endpoints and EndpointSlice controllers, the scheduler, one kubelet and the DNS process on a free
 * port of 127.0.0.1; asked by the real {@code dig} for every record type, and by {@code nslookup}
 * in a pod through the real {@code kubectl exec}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoreDnsIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String NODE = "dns-worker";
  static final String SOA =
      "cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local.";

  static ApiServer server;
  static Vertx vertx;
  static ApiClient api;
  static Kubectl kubectl;
  static PrometheusMeterRegistry registry;
  static CoreDns coreDns;
  static Dig dig;

  /** Only advertised in kube-dns's endpoints (nothing here serves metrics): any number but 9153. */
  static final int METRICS_PORT = 19153;

  static int healthPort;
  static int readyPort;
  static String ns;
  static final List<Component.Running> running = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    server = TestCluster.server();
    vertx = server.cluster().vertx();
    api = new ApiClient(new BusApiClient(vertx, 30_000));
    kubectl = new Kubectl();
    registry = Metrics.newRegistry();
    running.add(
        get(
            new Kubelet(
                    NodeConfig.fromEnv(
                        Map.of("KUBESIM_NODES", NODE, "KUBESIM_NODE_IP", "127.0.0.1"), NODE),
                    Clock.systemUTC(),
                    Duration.ofMinutes(5))
                .start(vertx, api, Metrics.newRegistry())));
    running.add(
        get(
            startOnContext(
                new ControllerManager(
                    new ControllerManager.Options(
                        LeaderElectionConfig.defaults(
                                ControllerManager.LEASE_NAME, "dns_" + UUID.randomUUID())
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
    coreDns =
        new CoreDns(
            CoreDnsConfig.fromEnv(
                Map.of(
                    "KUBESIM_DNS_HOST",
                    "127.0.0.1",
                    "KUBESIM_DNS_PORT",
                    "0",
                    "KUBESIM_DNS_HEALTH_PORT",
                    "0",
                    "KUBESIM_DNS_READY_PORT",
                    "0",
                    "KUBESIM_METRICS_PORT",
                    Integer.toString(METRICS_PORT),
                    "KUBESIM_MIN_RESYNC_PERIOD",
                    "2s")),
            Clock.systemUTC());
    running.add(get(startOnContext(coreDns)));
    healthPort = coreDns.healthPort();
    readyPort = coreDns.readyPort();
    dig = new Dig(coreDns.dnsPort());
    ns = "dns-" + UUID.randomUUID().toString().substring(0, 6);
    ok("create", "namespace", ns);
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
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

  static String clusterIp(String service) {
    return ok("get", "svc", service, "-n", ns, "-o", "jsonpath={.spec.clusterIP}").stdout().trim();
  }

  static void apply(String yaml) throws Exception {
    Path file = Files.createTempFile("dns", ".yaml");
    Files.writeString(file, yaml);
    ok("apply", "-n", ns, "-f", file.toString());
  }

  static List<String> readyPodIps(String selector, int count) {
    List<String> ips = new ArrayList<>();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              String out =
                  ok(
                          "get",
                          "endpointslices",
                          "-n",
                          ns,
                          "-l",
                          "kubernetes.io/service-name=" + selector,
                          "-o",
                          "jsonpath={.items[*].endpoints[?(@.conditions.ready==true)].addresses[0]}")
                      .stdout()
                      .trim();
              List<String> found = out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
              assertThat(found).hasSize(count);
              ips.clear();
              ips.addAll(found);
            });
    return ips;
  }

  // ----------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void kubeDnsIsKubeadmsServiceWithThisServerAsItsEndpoint() {
    assertThat(ok("get", "svc", "-n", "kube-system", "kube-dns", "--no-headers").stdout())
        .containsPattern(
            "^kube-dns\\s+ClusterIP\\s+10\\.96\\.0\\.10\\s+<none>\\s+53/UDP,53/TCP,9153/TCP\\s");
    assertThat(
            ok("get", "svc", "-n", "kube-system", "kube-dns", "-o", "jsonpath={.metadata.labels}")
                .stdout())
        .contains("\"k8s-app\":\"kube-dns\"", "\"kubernetes.io/name\":\"CoreDNS\"");
    int port = coreDns.dnsPort();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        ok("get", "ep", "-n", "kube-system", "kube-dns", "--no-headers").stdout())
                    .containsPattern(
                        "^kube-dns\\s+127\\.0\\.0\\.1:"
                            + port
                            + ",127\\.0\\.0\\.1:"
                            + port
                            + ",127\\.0\\.0\\.1:"
                            + METRICS_PORT
                            + "\\s"));
    assertThat(
            ok(
                    "get",
                    "endpointslices",
                    "-n",
                    "kube-system",
                    "-l",
                    "kubernetes.io/service-name=kube-dns",
                    "-o",
                    "jsonpath={.items[0].metadata.labels.endpointslice\\.kubernetes\\.io/managed-by}")
                .stdout())
        .isEqualTo("coredns-sim.kubesim.io");
  }

  @Test
  @Order(2)
  void aServiceNameIsItsClusterIpOverUdpAndTcp() throws Exception {
    ok("create", "service", "clusterip", "web", "-n", ns, "--tcp=80:8080", "--tcp=443:8443");
    ok(
        "patch",
        "svc",
        "web",
        "-n",
        ns,
        "--type=json",
        "-p",
        "[{\"op\":\"replace\",\"path\":\"/spec/ports/0/name\",\"value\":\"http\"}]");
    String ip = clusterIp("web");
    String name = "web." + ns + ".svc.cluster.local.";
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(dig.ask(name).answer()).containsExactly(name + " 30 IN A " + ip));
    Dig.Result udp = dig.ask(name);
    assertThat(udp.status()).isEqualTo("NOERROR");
    assertThat(udp.flags()).isEqualTo("qr aa rd");
    assertThat(udp.raw()).contains("WARNING: recursion requested but not available");
    Dig.Result tcp = dig.ask("+tcp", name);
    assertThat(tcp.answer()).containsExactly(name + " 30 IN A " + ip);
    assertThat(tcp.raw()).contains("(TCP)");
  }

  @Test
  @Order(3)
  void anAaaaQuestionOfAnIpv4ServiceIsNoDataWithTheSoa() throws Exception {
    Dig.Result aaaa = dig.ask("AAAA", "web." + ns + ".svc.cluster.local.");
    assertThat(aaaa.status()).isEqualTo("NOERROR");
    assertThat(aaaa.answer()).isEmpty();
    assertThat(aaaa.authority())
        .singleElement()
        .asString()
        .startsWith(SOA)
        .endsWith(" 7200 1800 86400 30");
  }

  @Test
  @Order(4)
  void aMissingNameIsNxdomainWithTheSoa() throws Exception {
    Dig.Result missing = dig.ask("nosuch." + ns + ".svc.cluster.local.");
    assertThat(missing.status()).isEqualTo("NXDOMAIN");
    assertThat(missing.flags()).isEqualTo("qr aa rd");
    assertThat(missing.authority()).singleElement().asString().startsWith(SOA);
  }

  @Test
  @Order(5)
  void namedPortsAreSrvRecordsWithTheTargetsAddresses() throws Exception {
    String ip = clusterIp("web");
    String name = "web." + ns + ".svc.cluster.local.";
    Dig.Result srv = dig.ask("SRV", "_http._tcp." + name);
    assertThat(srv.answer()).containsExactly("_http._tcp." + name + " 30 IN SRV 0 100 80 " + name);
    assertThat(srv.additional()).containsExactly(name + " 30 IN A " + ip);
    assertThat(dig.ask("SRV", name).answer())
        .containsExactly(name + " 30 IN SRV 0 50 80 " + name, name + " 30 IN SRV 0 50 443 " + name);
  }

  @Test
  @Order(6)
  void aHeadlessServiceIsItsReadyPodsAndAStatefulPodIsItsHostname() throws Exception {
    apply(
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: nginx
        spec:
          clusterIP: None
          selector: {app: nginx}
          ports:
          - {name: web, port: 80}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-0
          labels: {app: nginx}
        spec:
          hostname: web-0
          subdomain: nginx
          containers:
          - {name: nginx, image: nginx:1.27, ports: [{containerPort: 80, name: web}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-1
          labels: {app: nginx}
        spec:
          hostname: web-1
          subdomain: nginx
          containers:
          - {name: nginx, image: nginx:1.27, ports: [{containerPort: 80, name: web}]}
        """);
    List<String> ips = readyPodIps("nginx", 2);
    String service = "nginx." + ns + ".svc.cluster.local.";
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(dig.ask(service).answer())
                    .containsExactlyInAnyOrderElementsOf(
                        ips.stream().map(ip -> service + " 30 IN A " + ip).toList()));
    String web0 =
        ok("get", "pod", "web-0", "-n", ns, "-o", "jsonpath={.status.podIP}").stdout().trim();
    assertThat(dig.ask("web-0." + service).answer())
        .containsExactly("web-0." + service + " 30 IN A " + web0);
    assertThat(dig.ask("SRV", "_web._tcp." + service).answer())
        .containsExactlyInAnyOrder(
            "_web._tcp." + service + " 30 IN SRV 0 50 80 web-0." + service,
            "_web._tcp." + service + " 30 IN SRV 0 50 80 web-1." + service);
    assertThat(dig.ask("-x", web0).answer())
        .containsExactly(reverse(web0) + " 30 IN PTR web-0." + service);
  }

  @Test
  @Order(7)
  void aClusterIpReversesToItsServiceAndAPodNameIsItsAddress() throws Exception {
    String ip = clusterIp("web");
    assertThat(dig.ask("-x", ip).answer())
        .containsExactly(reverse(ip) + " 30 IN PTR web." + ns + ".svc.cluster.local.");
    String pod = "10-244-9-9." + ns + ".pod.cluster.local.";
    assertThat(dig.ask(pod).answer()).containsExactly(pod + " 30 IN A 10.244.9.9");
  }

  @Test
  @Order(8)
  void anExternalNameServiceIsACname() throws Exception {
    ok(
        "create",
        "service",
        "externalname",
        "db",
        "-n",
        ns,
        "--external-name=my.database.example.com");
    String name = "db." + ns + ".svc.cluster.local.";
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(dig.ask(name).answer())
                    .containsExactly(name + " 30 IN CNAME my.database.example.com."));
  }

  @Test
  @Order(9)
  void namesOutsideTheClusterAreRefused() throws Exception {
    Dig.Result outside = dig.ask("example.com.");
    assertThat(outside.status()).isEqualTo("REFUSED");
    assertThat(outside.answer()).isEmpty();
    assertThat(outside.flags()).doesNotContain("aa");
  }

  @Test
  @Order(10)
  void aPodsNslookupResolvesAServiceByItsShortNameThroughTheClusterDns() throws Exception {
    ok("run", "client", "-n", ns, "--image=busybox:1.36", "--", "sleep", "3600");
    ok("wait", "--for=condition=Ready", "pod/client", "-n", ns, "--timeout=60s");
    assertThat(ok("exec", "client", "-n", ns, "--", "cat", "/etc/resolv.conf").stdout())
        .isEqualTo(
            "search "
                + ns
                + ".svc.cluster.local svc.cluster.local cluster.local\n"
                + "nameserver 10.96.0.10\n"
                + "options ndots:5\n");
    String ip = clusterIp("web");
    Kubectl.Result lookup = kubectl.run("exec", "client", "-n", ns, "--", "nslookup", "web");
    assertThat(lookup.stdout())
        .startsWith("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n")
        .contains("Name:\tweb." + ns + ".svc.cluster.local\nAddress: " + ip + "\n")
        .contains("** server can't find web.svc.cluster.local: NXDOMAIN")
        .contains("** server can't find web.cluster.local: NXDOMAIN");
    // busybox: any name of the search list not found makes the exit code 1
    assertThat(lookup.exitCode()).isEqualTo(1);
    assertThat(
            kubectl
                .run(
                    "exec",
                    "client",
                    "-n",
                    ns,
                    "--",
                    "nslookup",
                    "kubernetes.default.svc.cluster.local")
                .stdout())
        .contains("Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n");
  }

  @Test
  @Order(11)
  void coreDnsMetricsHealthAndReadinessAreServed() throws Exception {
    String metrics = registry.scrape();
    assertThat(metrics)
        .containsPattern(
            "coredns_dns_requests_total\\{family=\"1\",proto=\"udp\",server=\"dns://:"
                + coreDns.dnsPort()
                + "\",type=\"A\",view=\"\",zone=\"cluster.local.\"\\} [1-9]")
        .containsPattern(
            "coredns_dns_responses_total\\{plugin=\"kubernetes\",rcode=\"NXDOMAIN\",server=\"[^\"]+\",view=\"\",zone=\"cluster.local.\"\\} [1-9]")
        .contains("coredns_dns_responses_total{plugin=\"\",rcode=\"REFUSED\"")
        .contains("zone=\"dropped\"")
        .contains("coredns_dns_request_duration_seconds_bucket{server=")
        .contains("le=\"2.5E-4\"");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("OK");
    HttpResponse<String> ready =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + readyPort + "/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("OK");
  }

  static String reverse(String ip) {
    String[] o = ip.split("\\.");
    return o[3] + "." + o[2] + "." + o[1] + "." + o[0] + ".in-addr.arpa.";
  }
}
