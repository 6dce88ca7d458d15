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
import io.kubesim.core.cluster.Cluster;
import io.kubesim.core.cluster.MemberAttributes;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The control-plane node's kubelet and the test apiserver, plus a scheduler played by a second
 * cluster member that announces itself as kube-scheduler: what {@code kubectl get pods -n
 * kube-system} shows while that member lives, after it leaves and when it comes back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MirrorPodsIT {
  static final String CP = "kubesim-control-plane";
  static final String SCHEDULER = "kube-scheduler-" + CP;
  static final Duration WAIT = Duration.ofSeconds(60);

  static ApiServer server;
  static Component.Running kubelet;
  static KubernetesClient client;
  static Kubectl kubectl;
  static Cluster scheduler;

  @BeforeAll
  static void start() throws Exception {
    server = TestCluster.server();
    kubelet = startKubelet();
    client = TestCluster.client();
    kubectl = new Kubectl();
  }

  @AfterAll
  static void stop() throws Exception {
    if (scheduler != null) {
      join(scheduler.close());
    }
    join(kubelet.stop());
    kubectl.close();
    client.close();
  }

  static Component.Running startKubelet() throws Exception {
    var vertx = server.cluster().vertx();
    List<NodeConfig> nodes = NodeConfig.fromEnv(Map.of("KUBESIM_NODES", CP), "x");
    return join(
        new Kubelet(nodes, Clock.systemUTC(), Duration.ofMinutes(5))
            .start(vertx, new ApiClient(new BusApiClient(vertx, 30_000)), Metrics.newRegistry()));
  }

  /** A process playing kube-scheduler on the control-plane node, as ProcessMain announces it. */
  static Cluster startScheduler() throws Exception {
    return join(
        Cluster.start(
            TestCluster.joiner(),
            Metrics.newRegistry(),
            MemberAttributes.forProcess("scheduler", Map.of())));
  }

  static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }

  static String kubeSystemPods() {
    Kubectl.Result result = kubectl.run("get", "pods", "-n", "kube-system");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.stdout();
  }

  static void awaitRow(String pattern) {
    awaitRow("kube-system", pattern);
  }

  static void awaitRow(String namespace, String pattern) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Kubectl.Result result = kubectl.run("get", "pods", "-n", namespace);
              assertThat(result.exitCode()).as(result.toString()).isZero();
              assertThat(result.stdout()).containsPattern("(?m)^" + pattern);
            });
  }

  @Test
  @Order(1)
  void theApiServerShowsAsTheControlPlanesStaticPod() {
    awaitRow("kube-apiserver-" + CP + "\\s+1/1\\s+Running\\s+0\\s");
    Pod pod = client.pods().inNamespace("kube-system").withName("kube-apiserver-" + CP).get();
    assertThat(pod.getMetadata().getAnnotations())
        .containsKeys("kubernetes.io/config.mirror", "kubernetes.io/config.hash")
        .containsEntry("kubernetes.io/config.source", "file")
        .containsEntry(
            "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint",
            "127.0.0.1:" + server.port());
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Node");
              assertThat(o.getUid())
                  .isEqualTo(client.nodes().withName(CP).get().getMetadata().getUid());
            });
    assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("system-node-critical");
    assertThat(pod.getStatus().getPodIP()).isEqualTo(pod.getStatus().getHostIP());
  }

  @Test
  @Order(2)
  void aSchedulerIsRunningWhileItLivesInErrorWhenGoneAndRestartedWhenBack() throws Exception {
    scheduler = startScheduler();
    awaitRow(SCHEDULER + "\\s+1/1\\s+Running\\s+0\\s");

    join(scheduler.close());
    scheduler = null;
    awaitRow(SCHEDULER + "\\s+0/1\\s+Error\\s+0\\s");

    scheduler = startScheduler();
    awaitRow(SCHEDULER + "\\s+1/1\\s+Running\\s+1 \\(\\d+s ago\\)\\s");
    Pod pod = client.pods().inNamespace("kube-system").withName(SCHEDULER).get();
    var last = pod.getStatus().getContainerStatuses().get(0).getLastState().getTerminated();
    assertThat(last.getExitCode()).isEqualTo(137);
    assertThat(last.getReason()).isEqualTo("Error");
    // The kubelet's events, on the static pod: Started twice (one Event, count 2).
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(startedEvents(SCHEDULER))
                    .containsExactly("2 Started container kube-scheduler"));
  }

  @Test
  @Order(3)
  void aMirrorPodAUserDeletesComesBackWithItsRestarts() {
    String uid =
        client.pods().inNamespace("kube-system").withName(SCHEDULER).get().getMetadata().getUid();
    Kubectl.Result delete = kubectl.run("delete", "pod", "-n", "kube-system", SCHEDULER);
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Pod pod = client.pods().inNamespace("kube-system").withName(SCHEDULER).get();
              assertThat(pod).isNotNull();
              assertThat(pod.getMetadata().getUid()).isNotEqualTo(uid);
              assertThat(pod.getStatus().getContainerStatuses()).isNotEmpty();
            });
    awaitRow(SCHEDULER + "\\s+1/1\\s+Running\\s+1 \\(\\d+s ago\\)\\s");
  }

  @Test
  @Order(4)
  void aRestartedKubeletFindsItsMirrorPodsAndMakesNoOthers() throws Exception {
    Map<String, String> before = uids();
    join(kubelet.stop());
    kubelet = startKubelet();
    await().atMost(WAIT).untilAsserted(() -> assertThat(kubelet.ready()).isTrue());
    // Passes of the new kubelet have run (one at its start, then every 5 s): the same pods, not
    // even written again.
    await()
        .pollDelay(Duration.ofSeconds(6))
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(uids()).isEqualTo(before));
    awaitRow(SCHEDULER + "\\s+1/1\\s+Running\\s+1 \\(\\d+s ago\\)\\s");
    awaitRow("kube-apiserver-" + CP + "\\s+1/1\\s+Running\\s+0\\s");
    // No container started either: no Started event of the new kubelet.
    assertThat(startedEvents(SCHEDULER)).containsExactly("2 Started container kube-scheduler");
  }

  @Test
  @Order(5)
  void theIngressControllerShowsInItsOwnNamespaceRunningWhileItLives() throws Exception {
    // ingress-sim makes the namespace with its IngressClass
    assertThat(kubectl.run("create", "namespace", "ingress-nginx").exitCode()).isZero();
    String pod = "ingress-nginx-controller-" + CP;
    Cluster ingress =
        join(
            Cluster.start(
                TestCluster.joiner(),
                Metrics.newRegistry(),
                MemberAttributes.forProcess("ingress-nginx-controller", Map.of())));
    try {
      awaitRow("ingress-nginx", pod + "\\s+1/1\\s+Running\\s+0\\s");
      Pod mirror = client.pods().inNamespace("ingress-nginx").withName(pod).get();
      assertThat(mirror.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/name", "ingress-nginx")
          .containsEntry("app.kubernetes.io/component", "controller");
      assertThat(mirror.getMetadata().getAnnotations()).containsKey("kubernetes.io/config.mirror");
      assertThat(mirror.getSpec().getContainers().get(0).getImage())
          .startsWith("registry.k8s.io/ingress-nginx/controller:");
      assertThat(kubeSystemPods()).doesNotContain(pod);
    } finally {
      join(ingress.close());
    }
    awaitRow("ingress-nginx", pod + "\\s+0/1\\s+Error\\s+0\\s");
  }

  /** "count message" of each Started event about {@code pod} in kube-system. */
  static List<String> startedEvents(String pod) {
    String jsonpath =
        "jsonpath={range .items[?(@.reason==\"Started\")]}{.involvedObject.name} {.count}"
            + " {.message}{\"\\n\"}{end}";
    Kubectl.Result result = kubectl.run("get", "events", "-n", "kube-system", "-o", jsonpath);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result
        .stdout()
        .lines()
        .filter(l -> l.startsWith(pod + " "))
        .map(l -> l.substring(pod.length() + 1))
        .toList();
  }

  /** name → uid@resourceVersion of every kube-system pod. */
  static Map<String, String> uids() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (Pod p : client.pods().inNamespace("kube-system").list().getItems()) {
      out.put(
          p.getMetadata().getName(),
          p.getMetadata().getUid() + "@" + p.getMetadata().getResourceVersion());
    }
    return out;
  }
}
