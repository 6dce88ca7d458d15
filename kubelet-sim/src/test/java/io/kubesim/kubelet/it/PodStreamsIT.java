package io.kubesim.kubelet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubesim.apiserver.ApiServer;
import io.kubesim.apiserver.it.Kubectl;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * kubectl port-forward, exec and attach with the real kubectl against the test apiserver and a
 * simulated node of its own. No controllers run: a Deployment and a Service only carry the
 * selectors kubectl resolves to the pod itself.
 */
class PodStreamsIT {
  static final String NODE = "streams-worker";
  static final String NS = "streams";
  static final Duration WAIT = Duration.ofSeconds(40);
  static final Pattern FORWARDING =
      Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> (\\d+)");

  static ApiServer server;
  static Component.Running kubelet;
  static KubernetesClient client;
  static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    server = TestCluster.server();
    var vertx = server.cluster().vertx();
    List<NodeConfig> nodes = NodeConfig.fromEnv(Map.of("KUBESIM_NODES", NODE), "x");
    kubelet =
        new Kubelet(nodes, Clock.systemUTC(), Duration.ofMinutes(5))
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
          name: streams
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: streams
          labels:
            app: web
        spec:
          nodeName: streams-worker
          containers:
          - name: nginx
            image: nginx:1.27
            ports:
            - name: http
              containerPort: 80
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: box
          namespace: streams
        spec:
          nodeName: streams-worker
          terminationGracePeriodSeconds: 1
          containers:
          - name: box
            image: busybox:1.36
            command: ["sh", "-c", "echo started; while true; do echo tick; sleep 1; done"]
            env:
            - name: GREETING
              value: hello
          - name: side
            image: busybox:1.36
            command: ["sleep", "3600"]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: streams
        spec:
          selector:
            app: web
          ports:
          - port: 8080
            targetPort: http
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: streams
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
        """);
    awaitReady("web");
    awaitReady("box");
  }

  @AfterAll
  static void stop() throws Exception {
    kubectl.run("delete", "namespace", NS, "--wait=false");
    kubelet.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    kubectl.close();
    client.close();
  }

  // --- port-forward ---------------------------------------------------------------------------

  @ParameterizedTest(name = "port-forward {0} {1} over {2} serves nginx's page to six connections")
  @CsvSource({
    "pod/web, 80, a websocket",
    "svc/web, 8080, a websocket",
    "deploy/web, 80, a websocket",
    "pod/web, 80, SPDY"
  })
  void portForwardServesNginxToSeveralConnectionsAtOnce(
      String resource, String remote, String transport) throws Exception {
    Map<String, String> env =
        transport.equals("SPDY") ? Map.of("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false") : Map.of();
    try (Kubectl.Background forward =
        kubectl.background(env, "-n", NS, "port-forward", resource, "0:" + remote)) {
      int port = localPort(forward);
      assertThat(forward.stdout()).contains("-> 80"); // the service port mapped to the pod's

      List<CompletableFuture<HttpResponse<String>>> answers =
          IntStream.range(0, 6)
              .mapToObj(
                  i ->
                      // a client each: six connections at once, not one reused
                      HttpClient.newBuilder()
                          .version(HttpClient.Version.HTTP_1_1)
                          .build()
                          .sendAsync(
                              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                  .timeout(Duration.ofSeconds(20))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString()))
              .toList();
      for (CompletableFuture<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(forward.toString()).isEqualTo(200);
        assertThat(response.body()).contains("<title>Welcome to nginx!</title>");
      }
      assertThat(forward.stdout()).contains("Handling connection for " + port);
      assertThat(forward.isAlive()).as(forward.toString()).isTrue();
    }
  }

  @Test
  void portForwardToAPortThePodDoesNotListenOnReportsTheRefusedConnectionAndEnds()
      throws Exception {
    try (Kubectl.Background forward =
        kubectl.background("-n", NS, "port-forward", "pod/web", "0:81")) {
      int port = localPort(forward);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      CompletableFuture<HttpResponse<String>> answer =
          http.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      await().atMost(WAIT).until(() -> !forward.isAlive());
      assertThat(answer).isCompletedExceptionally();
      String uid = client.pods().inNamespace(NS).withName("web").get().getMetadata().getUid();
      assertThat(uid).isNotEmpty();
      assertThat(forward.stderr())
          .containsPattern(
              "an error occurred forwarding "
                  + port
                  + " -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute"
                  + " portforward in network namespace \\\\?\"/var/run/netns/cni-[0-9a-f-]{36}\\\\?\":"
                  + " failed to connect to localhost:81 inside namespace \\\\?\"[0-9a-f]{64}\\\\?\","
                  + " IPv4: dial tcp4 127.0.0.1:81: connect: connection refused")
          .contains("error: lost connection to pod");
    }
  }

  // --- exec -----------------------------------------------------------------------------------

  @Test
  void aFileWrittenByOneExecIsReadByTheNext() {
    Kubectl.Result write =
        kubectl.run("-n", NS, "exec", "box", "-c", "box", "--", "sh", "-c", "echo hi > /tmp/f");
    assertThat(write.exitCode()).as(write.toString()).isZero();
    Kubectl.Result read = kubectl.run("-n", NS, "exec", "box", "-c", "box", "--", "cat", "/tmp/f");
    assertThat(read.exitCode()).as(read.toString()).isZero();
    assertThat(read.stdout()).isEqualTo("hi\n");
    // another container of the pod has files of its own
    Kubectl.Result other =
        kubectl.run("-n", NS, "exec", "box", "-c", "side", "--", "cat", "/tmp/f");
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.stderr())
        .contains("cat: can't open '/tmp/f': No such file or directory")
        .contains("command terminated with exit code 1");
  }

  @Test
  void anExecdRemovalFailsTheLivenessProbeAndTheRestartEndsExecsAndBringsTheImagesFilesBack() {
    apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: live
          namespace: streams
        spec:
          nodeName: streams-worker
          terminationGracePeriodSeconds: 1
          containers:
          - name: app
            image: busybox
            command: ["sh", "-c", "touch /tmp/healthy; sleep 3600"]
            livenessProbe:
              exec:
                command: ["cat", "/tmp/healthy"]
              periodSeconds: 1
              failureThreshold: 1
        """);
    awaitReady("live");
    assertThat(kubectl.run("-n", NS, "exec", "live", "--", "ls", "/tmp").stdout())
        .isEqualTo("healthy\n");
    assertThat(
            kubectl
                .run("-n", NS, "exec", "live", "--", "sh", "-c", "echo mine > /tmp/f")
                .exitCode())
        .isZero();

    assertThat(kubectl.run("-n", NS, "exec", "live", "--", "rm", "/tmp/healthy").exitCode())
        .isZero();

    await()
        .atMost(WAIT)
        .until(
            () ->
                client
                        .pods()
                        .inNamespace(NS)
                        .withName("live")
                        .get()
                        .getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getRestartCount()
                    >= 1);
    awaitReady("live");
    Kubectl.Result ls = kubectl.run("-n", NS, "exec", "live", "--", "ls", "/tmp");
    assertThat(ls.stdout()).as(ls.toString()).isEqualTo("healthy\n");
    assertThat(kubectl.run("-n", NS, "describe", "pod", "live").stdout())
        .contains(
            "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    kubectl.run("-n", NS, "delete", "pod", "live", "--wait=false");
  }

  @Test
  void theExitCodeOfTheCommandIsKubectlsExitCode() {
    Kubectl.Result r =
        kubectl.run("-n", NS, "exec", "box", "-c", "box", "--", "sh", "-c", "exit 3");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.stderr()).isEqualTo("command terminated with exit code 3\n");
  }

  @Test
  void theSpdyFallbackCarriesStdinStdoutStderrAndTheExitCode() {
    Map<String, String> noWebsockets = Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false");
    Kubectl.Result r =
        kubectl.runWithEnv(
            noWebsockets,
            "echo one\necho two >&2\ncat /etc/hostname\nexit 5\n",
            "-n",
            NS,
            "exec",
            "-i",
            "box",
            "-c",
            "box",
            "--",
            "sh");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.stdout()).isEqualTo("one\nbox\n");
    assertThat(r.stderr()).isEqualTo("two\ncommand terminated with exit code 5\n");
  }

  @Test
  void piedStdinFeedsAShellWithoutATerminal() {
    Kubectl.Result r =
        kubectl.runWithInput(
            "cd /etc\npwd\necho $GREETING from $HOSTNAME\nls /usr/share/nginx/html\n",
            "-n",
            NS,
            "exec",
            "-i",
            "deploy/web",
            "--",
            "sh");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).isEqualTo("/etc\n from web\n50x.html\nindex.html\n");
  }

  @Test
  void anInteractiveShellOnATerminalPromptsEchoesStopsACommandOnCtrlCAndExits() {
    try (Kubectl.Terminal t =
        kubectl.terminal("-n", NS, "exec", "-it", "box", "-c", "box", "--", "sh")) {
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(t.screen()).as(t.toString()).contains("/ # "));
      t.type("cd /tmp\r");
      await().atMost(WAIT).until(() -> t.screen().contains("cd /tmp\r\n/tmp # "));
      t.type("echo $GREETING\r");
      await().atMost(WAIT).until(() -> t.screen().contains("echo $GREETING\r\nhello\r\n/tmp # "));
      t.type("sleep 100\r");
      await().atMost(WAIT).until(() -> t.screen().contains("sleep 100\r\n"));
      t.type("\u0003");
      await().atMost(WAIT).until(() -> t.screen().contains("sleep 100\r\n^C\r\n/tmp # "));
      t.type("exit 4\r");
      await().atMost(WAIT).until(() -> !t.isAlive());
      assertThat(t.exitCode()).as(t.toString()).isEqualTo(4);
      assertThat(t.screen()).contains("command terminated with exit code 4");
    }
  }

  @Test
  void anUnknownContainerIsABadRequest() {
    Kubectl.Result r = kubectl.run("-n", NS, "exec", "box", "-c", "nosuch", "--", "ls");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .isEqualTo("Error from server (BadRequest): container nosuch is not valid for pod box\n");
  }

  @Test
  void aProgramTheImageDoesNotHaveIsTheRuntimesError() {
    Kubectl.Result r = kubectl.run("-n", NS, "exec", "web", "--", "ps");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .matches(
            "(?s)error: Internal error occurred: Internal error occurred: error executing command in"
                + " container: failed to exec in container: failed to start exec \"[0-9a-f]{64}\":"
                + " OCI runtime exec failed: exec failed: unable to start container process: exec:"
                + " \"ps\": executable file not found in \\$PATH\n");
  }

  @Test
  void aContainerNotStartedYetIsNotFoundByTheKubelet() {
    apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: slow
          namespace: streams
          annotations:
            kubesim.io/pull-seconds: "120"
        spec:
          nodeName: streams-worker
          containers:
          - name: app
            image: busybox
        """);
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.pods().inNamespace(NS).withName("slow").get().getStatus().getPhase()
                    != null);
    Kubectl.Result r = kubectl.run("-n", NS, "exec", "slow", "--", "ls");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .isEqualTo(
            "error: Internal error occurred: unable to upgrade connection: container not found"
                + " (\"app\")\n");
  }

  @Test
  void attachShowsTheOutputOfTheFirstProcess() {
    try (Kubectl.Background attach = kubectl.background("-n", NS, "attach", "box", "-c", "box")) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(attach.stdout()).contains("tick\n"));
      assertThat(attach.isAlive()).isTrue();
    }
  }

  /**
   * A settled pod is synced only when something is due; a looping script's next line is, so its log
   * keeps growing second by second (not once a minute, the settled pod's resync).
   */
  @Test
  void aLoopingScriptsLogKeepsGrowingAfterThePodSettles() {
    try (Kubectl.Background follow =
        kubectl.background("-n", NS, "logs", "-f", "--tail=0", "box", "-c", "box")) {
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> assertThat(follow.stdout().split("tick\n", -1).length - 1).isGreaterThan(3));
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  /** The local port kubectl chose, once it says it forwards. */
  private static int localPort(Kubectl.Background forward) {
    int[] port = {0};
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Matcher m = FORWARDING.matcher(forward.stdout());
              assertThat(m.find()).as(forward.toString()).isTrue();
              port[0] = Integer.parseInt(m.group(1));
            });
    return port[0];
  }

  static void apply(String yaml) {
    Kubectl.Result r = kubectl.runWithInput(yaml, "apply", "-f", "-");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  static Pod awaitReady(String name) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Pod p = client.pods().inNamespace(NS).withName(name).get();
              return p != null
                  && "Running".equals(p.getStatus().getPhase())
                  && p.getStatus().getConditions().stream()
                      .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            });
    return client.pods().inNamespace(NS).withName(name).get();
  }
}
