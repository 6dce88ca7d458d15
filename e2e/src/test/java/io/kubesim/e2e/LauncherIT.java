package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.kubesim.core.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The control loop across real processes: {@code bin/kubesim up} starts the apiserver, the
 * controller-manager, the scheduler and four simulated nodes as separate JVMs (fast profile), and
 * the real kubectl drives them as a learner would. One cluster for the class; the tests build on
 * each other in order (the Deployment made first is scaled, rolled and healed later).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {
  private static final String CONTROL_PLANE = "kubesim-control-plane";
  private static final List<String> WORKERS =
      List.of("kubesim-worker", "kubesim-worker2", "kubesim-worker3");

  private static Launcher cluster;

  @BeforeAll
  static void up() throws Exception {
    cluster = new Launcher();
    Compose.Result up = cluster.up();
    assertThat(up.exitCode()).as(up.output() + cluster.logs()).isZero();
  }

  @AfterAll
  static void down() {
    if (cluster != null) {
      cluster.kubesim(120, "down", "--purge");
    }
  }

  private static void eventually(Duration limit, Runnable assertion) {
    try {
      await()
          .atMost(limit)
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .untilAsserted(assertion::run);
    } catch (Throwable e) {
      throw new AssertionError(e.getMessage() + "\n" + cluster.logs(), e);
    }
  }

  private static List<String> words(String text) {
    String trimmed = text.trim();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }

  /** The nodes of the Running, Ready pods with app=web. */
  private static List<String> readyWebNodes() {
    List<String> nodes = new ArrayList<>();
    String rows =
        cluster.ok(
            "get",
            "pods",
            "-l",
            "app=web",
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

  private static int available() {
    String text = cluster.ok("get", "deploy", "web", "-o", "jsonpath={.status.availableReplicas}");
    return text.isBlank() ? 0 : Integer.parseInt(text.trim());
  }

  @Test
  @Order(1)
  void fourNodesRegisterAndTheControlPlaneIsTainted() {
    eventually(
        Duration.ofMinutes(2),
        () -> {
          String nodes = cluster.ok("get", "nodes", "--no-headers");
          for (String name :
              List.of(CONTROL_PLANE, WORKERS.get(0), WORKERS.get(1), WORKERS.get(2))) {
            assertThat(nodes).containsPattern("(?m)^" + name + "\\s+Ready\\s");
          }
        });
    assertThat(cluster.ok("get", "node", CONTROL_PLANE, "-o", "jsonpath={.spec.taints[*].key}"))
        .contains("node-role.kubernetes.io/control-plane");
    assertThat(cluster.ok("get", "lease", "-n", "kube-node-lease", "-o", "name"))
        .contains("lease.coordination.k8s.io/" + WORKERS.get(1));
    // Every process that plays a component shows as its node's pod, as on kind.
    List<String> components = new ArrayList<>();
    for (String c :
        List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "coredns")) {
      components.add(c + "-" + CONTROL_PLANE);
    }
    components.add("kube-proxy-" + CONTROL_PLANE);
    WORKERS.forEach(w -> components.add("kube-proxy-" + w));
    eventually(
        Duration.ofMinutes(1),
        () -> {
          String pods = cluster.ok("get", "pods", "-n", "kube-system", "--no-headers");
          components.forEach(
              pod -> assertThat(pods).containsPattern("(?m)^" + pod + "\\s+1/1\\s+Running\\s"));
        });
  }

  @Test
  @Order(2)
  void aDeploymentBecomesReadyAcrossTheWorkers() {
    cluster.ok("create", "deployment", "web", "--image=nginx:1.27", "--replicas=3", "--port=80");
    Compose.Result status =
        cluster.kubectl("rollout", "status", "deployment/web", "--timeout=180s");
    assertThat(status.exitCode()).as(status.output() + cluster.logs()).isZero();
    assertThat(status.output()).contains("deployment \"web\" successfully rolled out");
    eventually(
        Duration.ofSeconds(60),
        () -> {
          List<String> nodes = readyWebNodes();
          assertThat(nodes).hasSize(3).doesNotContain(CONTROL_PLANE);
          assertThat(new HashSet<>(nodes)).as("spread over the workers").hasSize(3);
        });
    assertThat(cluster.ok("get", "deploy", "web")).containsPattern("web\\s+3/3\\s+3\\s+3");
    assertThat(cluster.ok("describe", "deployment", "web"))
        .containsPattern("ScalingReplicaSet\\s.*Scaled up replica set web-[a-z0-9]+ .*to 3");
  }

  @Test
  @Order(3)
  void eachNodesAddressCarriesItsNodePortsThroughItsRules() throws Exception {
    cluster.ok(
        "create", "deployment", "who", "--image=traefik/whoami", "--replicas=3", "--port=80");
    cluster.ok("create", "service", "nodeport", "who", "--tcp=80:80", "--node-port=30002");
    // kubesim-worker is 127.0.1.2; its rules send each new connection to any of the three pods
    eventually(
        Duration.ofMinutes(2),
        () -> {
          Set<String> answered = new HashSet<>();
          for (int i = 0; i < 20; i++) {
            answered.add(hostname("http://127.0.1.2:30002/"));
          }
          assertThat(answered).hasSizeGreaterThanOrEqualTo(2).allMatch(h -> h.startsWith("who-"));
        });
    Compose.Result save =
        cluster.kubesim(60, "exec", "kubesim-worker", "iptables-save", "-t", "nat");
    assertThat(save.exitCode()).as(save.output()).isZero();
    assertThat(save.output())
        .contains("-m comment --comment \"default/who:80-80\" -m tcp --dport 30002 -j KUBE-EXT-");
    String clusterIp = cluster.ok("get", "svc", "who", "-o", "jsonpath={.spec.clusterIP}").trim();
    // two answering pods pass the loop above; the third may still be starting, so the trace
    // (three endpoints, a third each) is awaited too
    eventually(
        Duration.ofMinutes(2),
        () -> {
          Compose.Result trace =
              cluster.kubesim(60, "exec", "kubesim-worker", "iptables-trace", clusterIp, "80");
          assertThat(trace.output()).contains(" 33.33%  DNAT to 10.244.");
        });
  }

  @Test
  @Order(4)
  void theIngressControllerServesTheHostsPort8080AndShowsAsItsPod() {
    cluster.ok("create", "ingress", "who", "--class=nginx", "--rule=/who=who:80");
    eventually(
        Duration.ofMinutes(2),
        () -> assertThat(hostname("http://127.0.0.1:8080/who")).startsWith("who-"));
    eventually(
        Duration.ofMinutes(1),
        () -> {
          assertThat(cluster.ok("get", "ingress", "who"))
              .containsPattern("who\\s+nginx\\s+\\*\\s+localhost\\s+80\\s");
          assertThat(cluster.ok("get", "pods", "-n", "ingress-nginx", "--no-headers"))
              .containsPattern(
                  "(?m)^ingress-nginx-controller-" + CONTROL_PLANE + "\\s+1/1\\s+Running\\s");
        });
  }

  /** The host's proxy into the cluster network. */
  private static final java.net.ProxySelector HOST_PROXY =
      java.net.ProxySelector.of(new java.net.InetSocketAddress("127.0.0.1", 3128));

  /** One GET on a new connection; whoami's answer names the pod that served it. */
  private static String hostname(String url) {
    return hostname(url, java.net.http.HttpClient.Builder.NO_PROXY);
  }

  /** {@link #hostname(String)} through a proxy. */
  private static String hostname(String url, java.net.ProxySelector proxy) {
    String body =
        new String(
            send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .timeout(Duration.ofSeconds(5)),
                    proxy)
                .body(),
            java.nio.charset.StandardCharsets.UTF_8);
    for (String line : body.split("\n")) {
      if (line.startsWith("Hostname: ")) {
        return line.substring("Hostname: ".length()).trim();
      }
    }
    return body;
  }

  /** One request over HTTP/1.1 on a new connection. */
  private static java.net.http.HttpResponse<byte[]> send(
      java.net.http.HttpRequest.Builder request, java.net.ProxySelector proxy) {
    try {
      return java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1)
          .proxy(proxy)
          .build()
          .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  @Order(5)
  void aDeletedPodIsReplaced() {
    List<String> before = words(cluster.ok("get", "pods", "-l", "app=web", "-o", "name"));
    cluster.ok("delete", before.get(0), "--wait=false");
    eventually(
        Duration.ofSeconds(90),
        () -> {
          List<String> now = words(cluster.ok("get", "pods", "-l", "app=web", "-o", "name"));
          assertThat(now).doesNotContain(before.get(0)).hasSize(3);
          assertThat(readyWebNodes()).hasSize(3);
        });
  }

  @Test
  @Order(6)
  void scaleUpAndDown() {
    cluster.ok("scale", "deployment", "web", "--replicas=6");
    eventually(Duration.ofSeconds(120), () -> assertThat(readyWebNodes()).hasSize(6));
    assertThat(readyWebNodes()).doesNotContain(CONTROL_PLANE);
    cluster.ok("scale", "deployment", "web", "--replicas=1");
    eventually(
        Duration.ofSeconds(120),
        () ->
            assertThat(words(cluster.ok("get", "pods", "-l", "app=web", "-o", "name"))).hasSize(1));
    cluster.ok("scale", "deployment", "web", "--replicas=3");
    eventually(Duration.ofSeconds(120), () -> assertThat(readyWebNodes()).hasSize(3));
  }

  @Test
  @Order(7)
  void aRollingUpdateWithMaxUnavailableZeroKeepsEveryReplicaAvailable() throws Exception {
    cluster.ok(
        "patch",
        "deployment",
        "web",
        "-p",
        "{\"spec\":{\"strategy\":{\"rollingUpdate\":{\"maxUnavailable\":0,\"maxSurge\":1}}}}");
    AtomicBoolean rolling = new AtomicBoolean(true);
    List<Integer> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread sampler =
        new Thread(
            () -> {
              while (rolling.get()) {
                samples.add(available());
              }
            });
    sampler.start();
    try {
      cluster.ok("set", "image", "deployment/web", "nginx=nginx:1.28");
      Compose.Result status =
          cluster.kubectl("rollout", "status", "deployment/web", "--timeout=180s");
      assertThat(status.exitCode()).as(status.output() + cluster.logs()).isZero();
    } finally {
      rolling.set(false);
      sampler.join();
    }
    assertThat(samples).as("samples taken while rolling").hasSizeGreaterThan(3);
    assertThat(samples).allSatisfy(a -> assertThat(a).isGreaterThanOrEqualTo(3));
    assertThat(
            cluster.ok(
                "get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
        .isEqualTo("nginx:1.28");
  }

  @Test
  @Order(8)
  void rolloutUndoRestoresThePreviousImage() {
    assertThat(cluster.ok("rollout", "history", "deployment/web")).contains("REVISION");
    cluster.ok("rollout", "undo", "deployment/web");
    Compose.Result status =
        cluster.kubectl("rollout", "status", "deployment/web", "--timeout=180s");
    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(
            cluster.ok(
                "get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
        .isEqualTo("nginx:1.27");
    eventually(
        Duration.ofSeconds(60),
        () ->
            assertThat(
                    words(
                        cluster.ok(
                            "get",
                            "pods",
                            "-l",
                            "app=web",
                            "-o",
                            "jsonpath={.items[*].spec.containers[0].image}")))
                .hasSize(3)
                .containsOnly("nginx:1.27"));
  }

  @Test
  @Order(9)
  void aPodTooBigForEveryNodeStaysPendingWithTheSchedulersReason() {
    cluster.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: huge
        spec:
          containers:
          - name: app
            image: nginx
            resources:
              requests:
                cpu: "100"
        """);
    eventually(
        Duration.ofSeconds(60),
        () ->
            assertThat(cluster.ok("describe", "pod", "huge"))
                .contains("FailedScheduling")
                .contains(
                    "0/4 nodes are available: 1 node(s) had untolerated taint"
                        + " {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu."));
    assertThat(cluster.ok("get", "pod", "huge", "-o", "jsonpath={.status.phase}"))
        .isEqualTo("Pending");
    cluster.ok("delete", "pod", "huge");
  }

  @Test
  @Order(10)
  void probesGateReadinessAndRestartTheUnhealthy() {
    cluster.apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: not-ready
        spec:
          containers:
          - name: nginx
            image: nginx
            ports:
            - containerPort: 80
            readinessProbe:
              httpGet:
                path: /not-there
                port: 80
              periodSeconds: 1
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: liveness-exec
        spec:
          containers:
          - name: liveness
            image: registry.k8s.io/busybox
            args:
            - /bin/sh
            - -c
            - touch /tmp/healthy; sleep 3; rm -f /tmp/healthy; sleep 600
            livenessProbe:
              exec:
                command:
                - cat
                - /tmp/healthy
              initialDelaySeconds: 1
              periodSeconds: 1
              failureThreshold: 1
        """);
    eventually(
        Duration.ofSeconds(90),
        () ->
            assertThat(
                    Integer.parseInt(
                        cluster
                            .ok(
                                "get",
                                "pod",
                                "liveness-exec",
                                "-o",
                                "jsonpath={.status.containerStatuses[0].restartCount}")
                            .trim()))
                .isGreaterThanOrEqualTo(1));
    assertThat(cluster.ok("describe", "pod", "liveness-exec"))
        .contains("Unhealthy")
        .contains("Liveness probe failed");
    assertThat(cluster.ok("get", "pod", "not-ready", "-o", "jsonpath={.status.phase}"))
        .isEqualTo("Running");
    assertThat(
            cluster.ok(
                "get",
                "pod",
                "not-ready",
                "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"))
        .isEqualTo("False");
    assertThat(cluster.ok("describe", "pod", "not-ready")).contains("Readiness probe failed");
    cluster.ok("delete", "pod", "not-ready", "liveness-exec", "--wait=false");
  }

  @Test
  @Order(11)
  void logsShowWhatTheContainerPrinted() {
    cluster.ok(
        "run",
        "hello",
        "--image=busybox",
        "--restart=Never",
        "--",
        "sh",
        "-c",
        "echo hello from kubesim; sleep 3600");
    eventually(
        Duration.ofSeconds(60),
        () -> assertThat(cluster.ok("logs", "hello")).contains("hello from kubesim"));
    cluster.ok("delete", "pod", "hello", "--wait=false");
  }

  @Test
  @Order(12)
  void aKilledNodesPodsMoveToTheOtherWorkersAndTheConsoleRecordsTheTimeToHealKubectlSaw() {
    String victim = readyWebNodes().get(0);
    Set<String> healthy = Workloads.healthy(cluster.ok(Workloads.GET));
    long start = System.nanoTime();
    Compose.Result kill = cluster.kubesim(60, "chaos", "kill-node", victim);
    assertThat(kill.exitCode()).as(kill.output()).isZero();
    assertThat(kill.output()).doesNotContain("not recorded");
    // Fast profile: Unknown after 10 s without a lease renewal, evicted 10 s after the taint.
    eventually(
        Duration.ofSeconds(60),
        () ->
            assertThat(cluster.ok("get", "node", victim, "--no-headers"))
                .containsPattern(victim + "\\s+NotReady"));
    eventually(
        Duration.ofSeconds(90),
        () -> {
          List<String> now = readyWebNodes();
          assertThat(now).hasSize(3).doesNotContain(victim, CONTROL_PLANE);
        });
    Set<String> events = Set.of(cluster.ok("get", "events", "-A").split("\n"));
    assertThat(String.join("\n", events)).contains("NodeNotReady");
    assertThat(experiment("kill-node", victim).path("healedAt").isNull())
        .as("not healed while the node is down")
        .isTrue();

    // kubectl watches while heal runs: heal returns only once the node's process is ready, which
    // may be seconds after the cluster has healed
    java.util.concurrent.CompletableFuture<Compose.Result> heal =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> cluster.kubesim(180, "chaos", "heal", victim));
    double observed = secondsUntilHealed(start, victim, healthy);
    assertThat(heal.join().exitCode()).as(heal.join().output()).isZero();

    eventually(
        Duration.ofSeconds(30),
        () -> {
          JsonNode recorded = experiment("kill-node", victim);
          assertThat(recorded.path("endedAt").isNull()).isFalse();
          System.out.printf(
              "kill-node %s: recorded time to heal %s s, kubectl saw %.1f s%n",
              victim, recorded.path("timeToHealSeconds"), observed);
          // kubectl polls (one call in about a second on a loaded machine) and its clock starts
          // before the command; the console hears the same events from the same apiserver
          assertThat(recorded.path("timeToHealSeconds").asDouble(-1))
              .as(recorded + " against kubectl's %.1f s", observed)
              .isCloseTo(observed, within(6.0));
        });
    assertThat(cluster.kubesim(30, "chaos", "list").output())
        .containsPattern("kill-node\\s+" + victim + "\\s+\\S+\\s+\\S+\\s+\\d+\\.\\ds");
  }

  /**
   * The seconds from {@code start} until kubectl shows {@code node} Ready and every workload that
   * was healthy before ready again: what the recorder calls healed, seen from outside.
   */
  private static double secondsUntilHealed(long start, String node, Set<String> healthy) {
    long[] healedAt = new long[1];
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                String state = cluster.ok(Workloads.GET);
                boolean healed =
                    Workloads.readyNodes(state).contains(node)
                        && Workloads.healthy(state).containsAll(healthy);
                healedAt[0] = System.nanoTime();
                return healed;
              });
    } catch (Throwable e) {
      throw new AssertionError(e.getMessage() + "\n" + cluster.logs(), e);
    }
    return (healedAt[0] - start) / 1e9;
  }

  /** The console's latest record of an experiment on {@code target}. */
  private static JsonNode experiment(String kind, String target) {
    JsonNode latest = null;
    for (JsonNode e : Json.parse(consoleGet("/api/chaos/experiments")).path("experiments")) {
      if (kind.equals(e.path("kind").asString()) && target.equals(e.path("target").asString())) {
        latest = e;
      }
    }
    assertThat(latest).as("the console recorded %s %s", kind, target).isNotNull();
    return latest;
  }

  private static byte[] consoleGet(String path) {
    return consoleSend(java.net.http.HttpRequest.newBuilder(consoleUri(path)).GET()).body();
  }

  private static java.net.URI consoleUri(String path) {
    return java.net.URI.create("http://127.0.0.1:8001" + path);
  }

  private static java.net.http.HttpResponse<byte[]> consoleSend(
      java.net.http.HttpRequest.Builder request) {
    return send(request.timeout(Duration.ofSeconds(10)), java.net.http.HttpClient.Builder.NO_PROXY);
  }

  @Test
  @Order(13)
  void aPartitionedNodesPodsRunOnWhileTheyAreReplacedAndTheNodeHealsWhenTheLinkIsBack() {
    // a whoami pod and its node: after the cut the pod still answers, though the cluster gave up
    String rows =
        cluster.ok(
            "get",
            "pods",
            "-l",
            "app=who",
            "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.podIP}"
                + "{\"\\n\"}{end}");
    List<String> pod = words(rows.split("\n")[0]);
    String victim = pod.get(1);
    Compose.Result cut = cluster.kubesim(60, "chaos", "partition", victim);
    assertThat(cut.exitCode()).as(cut.output()).isZero();
    eventually(
        Duration.ofSeconds(60),
        () ->
            assertThat(cluster.ok("get", "node", victim, "--no-headers"))
                .containsPattern(victim + "\\s+NotReady"));
    eventually(
        Duration.ofSeconds(90),
        () -> {
          assertThat(
                  cluster.ok(
                      "get", "pod", pod.get(0), "-o", "jsonpath={.metadata.deletionTimestamp}"))
              .as("evicted")
              .isNotBlank();
          assertThat(cluster.ok("get", "deploy", "who", "-o", "jsonpath={.status.readyReplicas}"))
              .isEqualTo("3");
        });
    assertThat(hostname("http://" + pod.get(2) + "/", HOST_PROXY))
        .as("the partitioned node's pod still runs")
        .isEqualTo(pod.get(0));

    Compose.Result heal = cluster.kubesim(60, "chaos", "heal", victim);
    assertThat(heal.exitCode()).as(heal.output()).isZero();
    assertThat(heal.output()).contains("healed the partition of " + victim);
    eventually(
        Duration.ofSeconds(90),
        () -> {
          assertThat(cluster.ok("get", "node", victim, "--no-headers"))
              .containsPattern(victim + "\\s+Ready");
          assertThat(cluster.ok("get", "pods", "-l", "app=who", "-o", "name"))
              .as("the kubelet, back in touch, finished the evicted pod")
              .doesNotContain(pod.get(0));
          assertThat(experiment("partition", victim).path("timeToHealSeconds").isNumber()).isTrue();
        });
  }

  @Test
  @Order(14)
  void aKilledSchedulerIsStartedAgainAndTheReadOnlyPageCannotStartExperiments() {
    Compose.Result kill = cluster.kubesim(120, "chaos", "kill", "scheduler");
    assertThat(kill.exitCode()).as(kill.output()).isZero();
    assertThat(kill.output()).contains("killed scheduler").contains("started scheduler");
    eventually(
        Duration.ofSeconds(90),
        () -> {
          assertThat(
                  cluster.ok(
                      "get",
                      "pod",
                      "-n",
                      "kube-system",
                      "kube-scheduler-" + CONTROL_PLANE,
                      "--no-headers"))
              .containsPattern("1/1\\s+Running\\s+[1-9]");
          assertThat(experiment("kill", "scheduler").path("timeToHealSeconds").isNumber()).isTrue();
        });
    cluster.ok("scale", "deployment", "who", "--replicas=4");
    eventually(
        Duration.ofSeconds(90),
        () ->
            assertThat(cluster.ok("get", "deploy", "who", "-o", "jsonpath={.status.readyReplicas}"))
                .isEqualTo("4"));

    java.net.http.HttpResponse<byte[]> refused =
        consoleSend(
            java.net.http.HttpRequest.newBuilder(consoleUri("/api/chaos/experiments"))
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"kind\":\"kill\",\"target\":\"scheduler\"}")));
    assertThat(refused.statusCode()).isEqualTo(403);
  }

  @Test
  @Order(15)
  void theClusterDnsAnswersTheHostOn1053AndPodsThroughKubeDns() throws Exception {
    String clusterIp = cluster.ok("get", "svc", "who", "-o", "jsonpath={.spec.clusterIP}").trim();
    Process dig =
        new ProcessBuilder(
                "dig", "@127.0.0.1", "-p", "1053", "+short", "who.default.svc.cluster.local")
            .redirectErrorStream(true)
            .start();
    String answer = new String(dig.getInputStream().readAllBytes()).trim();
    assertThat(dig.waitFor()).as(answer).isZero();
    assertThat(answer).isEqualTo(clusterIp);
    assertThat(cluster.ok("get", "ep", "-n", "kube-system", "kube-dns", "--no-headers"))
        .containsPattern(
            "^kube-dns\\s+127\\.0\\.0\\.1:1053,127\\.0\\.0\\.1:1053,127\\.0\\.0\\.1:9153\\s");
    cluster.ok("run", "dns-client", "--image=busybox:1.36", "--", "sleep", "3600");
    cluster.ok("wait", "--for=condition=Ready", "pod/dns-client", "--timeout=90s");
    Compose.Result lookup = cluster.kubectl("exec", "dns-client", "--", "nslookup", "who");
    assertThat(lookup.output())
        .contains("Server:\t\t10.96.0.10\n")
        .contains("Name:\twho.default.svc.cluster.local\nAddress: " + clusterIp + "\n");
    cluster.ok("delete", "pod", "dns-client", "--wait=false");
    // the host's proxy asks the cluster DNS too, with a pod's search list: a short name, and a
    // headless Service's name, which only DNS can answer (an endpoint, not a cluster IP)
    cluster.ok("create", "service", "clusterip", "who-headless", "--clusterip=None", "--tcp=80:80");
    cluster.ok("set", "selector", "service/who-headless", "app=who");
    eventually(
        Duration.ofMinutes(1),
        () -> {
          assertThat(hostname("http://who/", HOST_PROXY)).startsWith("who-");
          assertThat(hostname("http://who-headless.default/", HOST_PROXY)).startsWith("who-");
        });
  }
}
