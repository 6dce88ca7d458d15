package io.kubesim.kubelet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubesim.apiserver.ApiServer;
import io.kubesim.apiserver.it.Kubectl;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.core.MapNames;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two simulated nodes (a control plane and a worker) in one JVM with the test apiserver, driven by
 * the fabric8 client and the real kubectl. Pods are created with spec.nodeName (no scheduler).
 */
class KubeletIT {
  static final String CP = "kubesim-control-plane";
  static final String WORKER = "kubesim-worker";
  static final Duration WAIT = Duration.ofSeconds(40);

  static ApiServer server;
  static Component.Running kubelet;
  static KubernetesClient client;
  static Kubectl kubectl;
  static PrometheusMeterRegistry registry;
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    server = TestCluster.server();
    var vertx = server.cluster().vertx();
    registry = Metrics.newRegistry();
    // Left over from an earlier run: a pod of the worker's block (kind's 10.244.1.0/24) that is
    // gone, and an address of no node of this process.
    IMap<String, String> network = server.cluster().hazelcast().getMap(MapNames.POD_NETWORK);
    network.put("10.244.1.250:80", "127.0.0.1:1");
    network.put("10.99.0.7:80", "127.0.0.1:2");
    List<NodeConfig> nodes = NodeConfig.fromEnv(Map.of("KUBESIM_NODES", CP + "," + WORKER), "x");
    kubelet =
        new Kubelet(nodes, Clock.systemUTC(), Duration.ofMinutes(5))
            .start(vertx, new ApiClient(new BusApiClient(vertx, 30_000)), registry)
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    client = TestCluster.client();
    kubectl = new Kubectl();
  }

  @AfterAll
  static void stop() throws Exception {
    kubelet.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    kubectl.close();
    client.close();
  }

  // --- nodes ----------------------------------------------------------------------------------

  @Test
  void nodesRegisterReadyWithTheirLabelsTaintAndPodCidr() {
    assertThat(kubelet.ready()).isTrue();
    Node cp = client.nodes().withName(CP).get();
    Node worker = client.nodes().withName(WORKER).get();
    assertThat(ready(cp)).isEqualTo("True");
    assertThat(ready(worker)).isEqualTo("True");
    assertThat(cp.getMetadata().getLabels())
        .containsEntry("node-role.kubernetes.io/control-plane", "")
        .containsEntry("kubernetes.io/hostname", CP);
    assertThat(cp.getSpec().getTaints())
        .extracting(t -> t.getKey() + ":" + t.getEffect())
        .containsExactly("node-role.kubernetes.io/control-plane:NoSchedule");
    assertThat(worker.getSpec().getTaints()).isNullOrEmpty();
    assertThat(cp.getSpec().getPodCIDR()).matches("10\\.2\\d\\d\\.\\d+\\.0/24");
    assertThat(worker.getSpec().getPodCIDR()).isNotEqualTo(cp.getSpec().getPodCIDR());
    assertThat(worker.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.5");

    Kubectl.Result get = kubectl.run("get", "nodes");
    assertThat(get.stdout()).containsPattern(CP + "\\s+Ready\\s+control-plane");
    assertThat(get.stdout()).containsPattern(WORKER + "\\s+Ready\\s+<none>");
  }

  @Test
  void leftoverPodNetworkEntriesOfItsNodesAreRemovedAtStart() {
    IMap<String, String> network = server.cluster().hazelcast().getMap(MapNames.POD_NETWORK);
    assertThat(client.nodes().withName(WORKER).get().getSpec().getPodCIDR())
        .isEqualTo("10.244.1.0/24");
    assertThat(network.containsKey("10.244.1.250:80")).isFalse();
    assertThat(network.get("10.99.0.7:80")).isEqualTo("127.0.0.1:2");
  }

  @Test
  void theLeaseIsRenewedEveryTenSeconds() {
    Lease lease = client.leases().inNamespace("kube-node-lease").withName(WORKER).get();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(WORKER);
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
    assertThat(lease.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("Node"));
    var first = lease.getSpec().getRenewTime();
    await()
        .atMost(Duration.ofSeconds(25))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .leases()
                            .inNamespace("kube-node-lease")
                            .withName(WORKER)
                            .get()
                            .getSpec()
                            .getRenewTime())
                    .isAfter(first));
  }

  // --- pods -----------------------------------------------------------------------------------

  @Test
  void aReadyConditionMarkedUnknownByTheControllerIsPostedTrueAgain() {
    var node = client.nodes().withName(WORKER).get();
    node.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .forEach(
            c -> {
              c.setStatus("Unknown");
              c.setReason("NodeStatusUnknown");
              c.setMessage("Kubelet stopped posting node status.");
            });
    client.nodes().resource(node).updateStatus();
    await()
        .atMost(Duration.ofSeconds(25))
        .untilAsserted(
            () ->
                assertThat(client.nodes().withName(WORKER).get().getStatus().getConditions())
                    .anySatisfy(
                        c -> {
                          assertThat(c.getType()).isEqualTo("Ready");
                          assertThat(c.getStatus()).isEqualTo("True");
                        }));
  }

  @Test
  void anNginxPodRunsServesLogsAndStopsGracefully() throws Exception {
    apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          nodeName: kubesim-worker
          containers:
          - name: nginx
            image: nginx:1.27
            ports:
            - containerPort: 80
        """);
    Pod pod = awaitReady("web");
    String cidr = client.nodes().withName(WORKER).get().getSpec().getPodCIDR();
    String ip = pod.getStatus().getPodIP();
    assertThat(ip).startsWith(cidr.substring(0, cidr.length() - "0/24".length()));
    assertThat(pod.getStatus().getContainerStatuses().get(0).getContainerID())
        .startsWith("containerd://");

    HttpResponse<String> welcome = get(ip + ":80", "/");
    assertThat(welcome.statusCode()).isEqualTo(200);
    assertThat(welcome.body()).contains("<title>Welcome to nginx!</title>");
    HttpResponse<String> missing = get(ip + ":80", "/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("<center><h1>404 Not Found</h1></center>");

    Kubectl.Result logs = kubectl.run("logs", "web");
    assertThat(logs.exitCode()).as(logs.toString()).isZero();
    assertThat(logs.stdout())
        .contains("/docker-entrypoint.sh: Configuration complete; ready for start up")
        .contains("\"GET / HTTP/1.1\" 200 615")
        .contains("\"GET /nope HTTP/1.1\" 404");
    Kubectl.Result tail = kubectl.run("logs", "web", "--tail=1", "--timestamps");
    assertThat(tail.stdout().strip().lines())
        .singleElement()
        .asString()
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z .*");

    try (Kubectl.Background follow = kubectl.background("logs", "-f", "--tail=0", "web")) {
      await()
          .atMost(WAIT)
          .until(
              () -> {
                get(ip + ":80", "/followed");
                return follow.stdout().contains("GET /followed");
              });
      assertThat(follow.isAlive()).isTrue();
    }

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl.run("describe", "pod", "web").stdout())
                    .contains("Pulling")
                    .contains("Pulled")
                    .contains("Created container: nginx")
                    .contains("Started container nginx"));

    Kubectl.Result delete = kubectl.run("delete", "pod", "web", "--wait=true");
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(client.pods().withName("web").get()).isNull();
    IMap<String, String> network = server.cluster().hazelcast().getMap(MapNames.POD_NETWORK);
    await().atMost(WAIT).until(() -> !network.containsKey(ip + ":80"));
  }

  @Test
  void aPodMarkedNotReadyByTheControllerIsPostedReadyAgainKeepingOtherConditions() {
    apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: marked
        spec:
          nodeName: kubesim-worker
          containers:
          - name: nginx
            image: nginx:1.27
        """);
    Pod pod = awaitReady("marked");
    // What the node lifecycle controller does while the node is unreachable, plus a condition of
    // another owner that the kubelet must keep.
    pod.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .forEach(c -> c.setStatus("False"));
    PodCondition other = new PodCondition();
    other.setType("DisruptionTarget");
    other.setStatus("True");
    other.setReason("EvictionByEvictionAPI");
    pod.getStatus().getConditions().add(other);
    client.pods().resource(pod).updateStatus();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Pod now = client.pods().withName("marked").get();
              assertThat(condition(now, "Ready")).isEqualTo("True");
              assertThat(condition(now, "DisruptionTarget")).isEqualTo("True");
            });
    client.pods().withName("marked").withGracePeriod(0).delete();
  }

  @Test
  void logsOfAPodWithSeveralContainersNeedAContainerName() {
    apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: two
        spec:
          nodeName: kubesim-worker
          terminationGracePeriodSeconds: 1
          containers:
          - name: a
            image: busybox
            command: ["sh", "-c", "echo from a; sleep 3600"]
          - name: b
            image: busybox
            command: ["sh", "-c", "echo from b; sleep 3600"]
        """);
    awaitReady("two");
    Kubectl.Result raw = kubectl.run("get", "--raw", "/api/v1/namespaces/default/pods/two/log");
    assertThat(raw.stderr())
        .contains("a container name must be specified for pod two, choose one of: [a b]");
    Kubectl.Result wrong = kubectl.run("logs", "two", "-c", "nosuch");
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.stderr()).contains("container nosuch is not valid for pod two");
    assertThat(kubectl.run("logs", "two", "-c", "b").stdout()).isEqualTo("from b\n");
    Kubectl.Result previous = kubectl.run("logs", "two", "-c", "a", "--previous");
    assertThat(previous.stderr())
        .contains("previous terminated container \"a\" in pod \"two\" not found");
    kubectl.run("delete", "pod", "two", "--wait=false");
  }

  @Test
  void logsOfAContainerStillBeingCreatedAreABadRequest() {
    apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: slow
          annotations:
            kubesim.io/pull-seconds: "30"
        spec:
          nodeName: kubesim-worker
          containers:
          - name: app
            image: nginx
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl.run("logs", "slow").stderr())
                    .contains(
                        "container \"app\" in pod \"slow\" is waiting to start:"
                            + " ContainerCreating"));
    kubectl.run("delete", "pod", "slow", "--wait=false");
  }

  @Test
  void aFailingReadinessProbeKeepsThePodNotReady() {
    apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: unready
        spec:
          nodeName: kubesim-worker
          containers:
          - name: nginx
            image: nginx
            readinessProbe:
              httpGet:
                path: /healthz
                port: 80
              periodSeconds: 1
              failureThreshold: 1
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl.run("describe", "pod", "unready").stdout())
                    .contains("Readiness probe failed: HTTP probe failed with statuscode: 404"));
    Pod pod = client.pods().withName("unready").get();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(condition(pod, "Ready")).isEqualTo("False");
    assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isFalse();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl.run("logs", "unready").stdout())
                    .contains("\"GET /healthz HTTP/1.1\" 404 153 \"-\" \"kube-probe/1.32\""));
    kubectl.run("delete", "pod", "unready", "--wait=false");
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainer() {
    apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: sick
        spec:
          nodeName: kubesim-worker
          containers:
          - name: nginx
            image: nginx
            livenessProbe:
              httpGet:
                path: /nope
                port: 80
              periodSeconds: 1
              failureThreshold: 2
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .pods()
                            .withName("sick")
                            .get()
                            .getStatus()
                            .getContainerStatuses()
                            .get(0)
                            .getRestartCount())
                    .isGreaterThanOrEqualTo(1));
    assertThat(kubectl.run("describe", "pod", "sick").stdout())
        .contains("Liveness probe failed: HTTP probe failed with statuscode: 404")
        .contains("Container nginx failed liveness probe, will be restarted");
    kubectl.run("delete", "pod", "sick", "--wait=false");
  }

  /** The Kubernetes docs' liveness exec example, with shorter times. */
  @Test
  void theBusyboxLivenessExecExampleRestartsOnceTheFileIsGone() {
    apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: liveness-exec
        spec:
          nodeName: kubesim-worker
          terminationGracePeriodSeconds: 1
          containers:
          - name: liveness
            image: registry.k8s.io/busybox
            args:
            - /bin/sh
            - -c
            - echo started; touch /tmp/healthy; sleep 3; rm -f /tmp/healthy; sleep 600
            livenessProbe:
              exec:
                command:
                - cat
                - /tmp/healthy
              initialDelaySeconds: 1
              periodSeconds: 1
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .pods()
                            .withName("liveness-exec")
                            .get()
                            .getStatus()
                            .getContainerStatuses()
                            .get(0)
                            .getRestartCount())
                    .isGreaterThanOrEqualTo(1));
    assertThat(kubectl.run("describe", "pod", "liveness-exec").stdout())
        .contains(
            "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory")
        .contains("Container liveness failed liveness probe, will be restarted");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl.run("logs", "liveness-exec", "--previous").stdout())
                    .isEqualTo("started\n"));
    kubectl.run("delete", "pod", "liveness-exec", "--wait=false");
  }

  /** A shell as PID 1 ignores SIGTERM: the pod goes only when its grace period is over. */
  @Test
  void aShellPodIsDeletedAfterItsGracePeriod() {
    apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: shell
        spec:
          nodeName: kubesim-worker
          terminationGracePeriodSeconds: 3
          containers:
          - name: sh
            image: busybox
            command: ["sh", "-c", "echo hello; sleep 3600"]
        """);
    awaitReady("shell");
    long start = System.nanoTime();
    Kubectl.Result delete = kubectl.run("delete", "pod", "shell");
    long took = (System.nanoTime() - start) / 1_000_000;
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(took).isGreaterThanOrEqualTo(2_500);
    assertThat(client.pods().withName("shell").get()).isNull();
    assertThat(
            kubectl
                .run(
                    "get",
                    "events",
                    "--field-selector",
                    "involvedObject.name=shell,reason=Killing",
                    "-o",
                    "jsonpath={.items[*].message}")
                .stdout())
        .isEqualTo("Stopping container sh");
  }

  @Test
  void aJobLikePodSucceedsWithItsOutputInTheLog() {
    apply(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: once
        spec:
          nodeName: kubesim-worker
          restartPolicy: Never
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "echo hello; sleep 1; echo bye"]
        """);
    await()
        .atMost(WAIT)
        .until(
            () -> "Succeeded".equals(client.pods().withName("once").get().getStatus().getPhase()));
    assertThat(kubectl.run("logs", "once").stdout()).isEqualTo("hello\nbye\n");
    kubectl.run("delete", "pod", "once", "--wait=false");
  }

  @Test
  void theMetricsPassPromtool() throws Exception {
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("kubelet_running_pods ")
        .contains("kubelet_running_containers{container_state=\"running\"}")
        .contains("kubelet_started_pods_total")
        .contains("kubelet_node_name{node=\"kubesim-worker\"} 1")
        .contains("kubelet_pod_start_sli_duration_seconds_bucket");
    io.kubesim.apiserver.it.Promtool.assertValid(scrape);
  }

  // --- helpers --------------------------------------------------------------------------------

  private static void apply(String yaml) {
    Kubectl.Result r = kubectl.runWithInput(yaml, "apply", "-f", "-");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private static Pod awaitReady(String name) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Pod p = client.pods().withName(name).get();
              return p != null
                  && "Running".equals(p.getStatus().getPhase())
                  && "True".equals(condition(p, "Ready"));
            });
    return client.pods().withName(name).get();
  }

  private static String condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(PodCondition::getStatus)
        .findFirst()
        .orElse(null);
  }

  private static String ready(Node node) {
    return node.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .map(NodeCondition::getStatus)
        .findFirst()
        .orElse(null);
  }

  /** A GET to a pod address, through the pod network table to the real server. */
  private static HttpResponse<String> get(String podAddress, String path)
      throws IOException, InterruptedException {
    IMap<String, String> network = server.cluster().hazelcast().getMap(MapNames.POD_NETWORK);
    await().atMost(WAIT).until(() -> network.containsKey(podAddress));
    String real = network.get(podAddress);
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://" + real + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Instant now() {
    return Instant.now();
  }
}
