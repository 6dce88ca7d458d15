package io.kubesim.controllermanager.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.Informer;
import io.kubesim.core.controller.InformerOptions;
import io.kubesim.core.events.EventRecorder;
import io.kubesim.core.observability.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node lifecycle controller against the in-process test apiserver, with short timings (monitor
 * every 500 ms, grace 6 s). The test plays the kubelet: it creates a Node, renews its Lease in
 * kube-node-lease, then stops renewing.
 */
class NodeLifecycleIT {
  static KubernetesClient client;
  static NodeLifecycleController controller;
  static Informer pods;
  static PrometheusMeterRegistry registry = Metrics.newRegistry();
  static ScheduledExecutorService kubelets = Executors.newScheduledThreadPool(1);

  @BeforeAll
  static void start() throws Exception {
    Vertx vertx = TestCluster.server().cluster().vertx();
    client = TestCluster.client();
    // The zone must not look disrupted when one test node stops: nodes other ITs in this JVM left
    // behind (without a kubelet) go, and one healthy node keeps renewing for the whole class, as
    // the rest of a real cluster would (with every node not ready the controller stops evicting).
    client.nodes().list().getItems().stream()
        .filter(n -> !n.getMetadata().getName().startsWith("nl-"))
        .forEach(n -> client.nodes().resource(n).delete());
    kubelet("nl-healthy-" + UUID.randomUUID().toString().substring(0, 6));
    ApiClient api = new ApiClient(new BusApiClient(vertx, 30_000));
    // As in the controller-manager: the pod informer is the process's, started by its owner.
    pods = new Informer(vertx, api, InformerOptions.of(ResourcePath.PODS));
    pods.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    controller =
        new NodeLifecycleController(
            vertx,
            api,
            new EventRecorder(api, "node-controller", null, Clock.systemUTC()),
            registry,
            new NodeLifecycleConfig(
                Duration.ofMillis(500), Duration.ofSeconds(6), Duration.ofSeconds(6)),
            pods);
    controller.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    kubelets.shutdownNow();
    controller.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    pods.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    client.close();
  }

  /** Registers the node as a kubelet would: Node, Ready status, Lease; renews every 500 ms. */
  static ScheduledFuture<?> kubelet(String name) {
    Node node =
        client
            .nodes()
            .resource(
                new NodeBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .addToLabels("kubernetes.io/hostname", name)
                    .endMetadata()
                    .withNewSpec()
                    .endSpec()
                    .build())
            .create();
    String now = Instant.now().toString();
    node.setStatus(
        new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
            .withConditions(
                new NodeCondition(
                    now,
                    now,
                    "kubelet has sufficient memory available",
                    "KubeletHasSufficientMemory",
                    "False",
                    "MemoryPressure"),
                new NodeCondition(
                    now, now, "kubelet is posting ready status", "KubeletReady", "True", "Ready"))
            .build());
    client.nodes().resource(node).updateStatus();
    client
        .leases()
        .inNamespace("kube-node-lease")
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("kube-node-lease")
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(name)
                .withLeaseDurationSeconds(40)
                .withRenewTime(java.time.ZonedDateTime.now(ZoneOffset.UTC))
                .endSpec()
                .build())
        .create();
    return kubelets.scheduleAtFixedRate(() -> renew(name), 500, 500, TimeUnit.MILLISECONDS);
  }

  static void renew(String name) {
    try {
      Lease lease = client.leases().inNamespace("kube-node-lease").withName(name).get();
      lease.getSpec().setRenewTime(java.time.ZonedDateTime.now(ZoneOffset.UTC));
      client.leases().inNamespace("kube-node-lease").resource(lease).update();
    } catch (RuntimeException e) {
      // a conflict or a slow apiserver: the next renewal tries again, as a kubelet's would
    }
  }

  static String namespace() {
    String ns = "nl-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  /** A pod already on the node (as if scheduled and started), Ready True. */
  static void runningPod(String ns, String name, String node, Long unreachableSeconds) {
    runningPod(ns, name, node, unreachableSeconds, null);
  }

  /** ... also tolerating NoExecute taints with {@code tolerateKey} (if not null) forever. */
  static void runningPod(
      String ns, String name, String node, Long unreachableSeconds, String tolerateKey) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .addNewContainer()
            .withName("app")
            .withImage("nginx")
            .endContainer()
            .endSpec();
    if (unreachableSeconds != null) {
      b.editSpec()
          .addNewToleration()
          .withKey("node.kubernetes.io/unreachable")
          .withOperator("Exists")
          .withEffect("NoExecute")
          .withTolerationSeconds(unreachableSeconds < 0 ? null : unreachableSeconds)
          .endToleration()
          .endSpec();
    }
    if (tolerateKey != null) {
      b.editSpec()
          .addNewToleration()
          .withKey(tolerateKey)
          .withOperator("Exists")
          .withEffect("NoExecute")
          .endToleration()
          .endSpec();
    }
    Pod pod = client.pods().inNamespace(ns).resource(b.build()).create();
    String now = Instant.now().toString();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .withConditions(
                new PodCondition(null, null, now, null, null, "True", "Ready"),
                new PodCondition(null, null, now, null, null, "True", "PodScheduled"))
            .build());
    client.pods().inNamespace(ns).resource(pod).updateStatus();
  }

  static boolean goneOrTerminating(String ns, String name) {
    Pod p = client.pods().inNamespace(ns).withName(name).get();
    return p == null || p.getMetadata().getDeletionTimestamp() != null;
  }

  static List<Event> events(String ns, String object, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> object.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  static List<String> taints(String node) {
    List<Taint> taints = client.nodes().withName(node).get().getSpec().getTaints();
    return taints == null
        ? List.of()
        : taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
  }

  @Test
  void aNodeWhoseLeaseStopsGoesUnknownIsTaintedAndItsPodsAreEvictedAfterTheirToleration()
      throws Exception {
    String node = "nl-worker-" + UUID.randomUUID().toString().substring(0, 6);
    String ns = namespace();
    ScheduledFuture<?> kubelet = kubelet(node);
    runningPod(ns, "quick", node, 2L);
    runningPod(ns, "forever", node, -1L);
    runningPod(ns, "defaulted", node, null); // the admission's 300 s

    // Heard from: stays Ready, untainted.
    await()
        .during(8, TimeUnit.SECONDS)
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> taints(node).isEmpty());

    kubelet.cancel(false);
    await()
        .atMost(20, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              Node n = client.nodes().withName(node).get();
              NodeCondition ready = NodeHealth.condition(n, "Ready");
              assertThat(ready.getStatus()).isEqualTo("Unknown");
              assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
              assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
              assertThat(NodeHealth.condition(n, "MemoryPressure").getStatus())
                  .isEqualTo("Unknown");
              assertThat(taints(node))
                  .containsExactlyInAnyOrder(
                      "node.kubernetes.io/unreachable:NoExecute",
                      "node.kubernetes.io/unreachable:NoSchedule");
            });
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(events("default", node, "NodeNotReady"))
                  .extracting(Event::getMessage)
                  .containsExactly("Node " + node + " status is now: NodeNotReady");
              Pod forever = client.pods().inNamespace(ns).withName("forever").get();
              assertThat(forever.getStatus().getConditions())
                  .filteredOn(c -> c.getType().equals("Ready"))
                  .extracting(PodCondition::getStatus)
                  .containsExactly("False");
              assertThat(events(ns, "forever", "NodeNotReady"))
                  .extracting(Event::getMessage)
                  .containsExactly("Node is not ready");
            });

    await().atMost(10, TimeUnit.SECONDS).until(() -> goneOrTerminating(ns, "quick"));
    await()
        .atMost(5, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(events(ns, "quick", "TaintManagerEviction"))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getMessage())
                              .isEqualTo("Marking for deletion Pod " + ns + "/quick");
                          assertThat(e.getSource().getComponent())
                              .isEqualTo("taint-eviction-controller");
                        }));
    assertThat(goneOrTerminating(ns, "forever")).isFalse();
    assertThat(goneOrTerminating(ns, "defaulted")).isFalse();
    assertThat(registry.get("node.collector.evictions").counter().count())
        .isGreaterThanOrEqualTo(1);
    assertMetrics();

    // The kubelet comes back: the taints go, the pods that stayed stay.
    ScheduledFuture<?> back =
        kubelets.scheduleAtFixedRate(() -> renew(node), 0, 500, TimeUnit.MILLISECONDS);
    try {
      await().atMost(10, TimeUnit.SECONDS).until(() -> taints(node).isEmpty());
      assertThat(goneOrTerminating(ns, "forever")).isFalse();
      assertThat(goneOrTerminating(ns, "defaulted")).isFalse();
    } finally {
      back.cancel(false);
      client.nodes().withName(node).delete();
    }
  }

  /** The real names, valid for promtool. */
  static void assertMetrics() throws Exception {
    String text = registry.scrape();
    assertThat(text)
        .contains("node_collector_evictions_total{zone=\"\"}")
        .contains("node_collector_zone_size{zone=\"\"}")
        .contains("node_collector_unhealthy_nodes_in_zone{zone=\"\"}")
        .contains("taint_eviction_controller_pod_deletions_total");
    io.kubesim.apiserver.it.Promtool.assertValid(text);
  }

  @Test
  void aNoExecuteTaintThatAPodDoesNotTolerateEvictsItAtOnce() {
    String node = "nl-tainted-" + UUID.randomUUID().toString().substring(0, 6);
    String ns = namespace();
    ScheduledFuture<?> kubelet = kubelet(node);
    try {
      runningPod(ns, "plain", node, null);
      runningPod(ns, "tolerant", node, null, "example.com/maintenance");
      Node n = client.nodes().withName(node).get();
      n.getSpec()
          .setTaints(List.of(new Taint("NoExecute", "example.com/maintenance", null, "true")));
      client.nodes().resource(n).update();
      await().atMost(10, TimeUnit.SECONDS).until(() -> goneOrTerminating(ns, "plain"));
      assertThat(goneOrTerminating(ns, "tolerant")).isFalse();
    } finally {
      kubelet.cancel(false);
      client.nodes().withName(node).delete();
    }
  }
}
