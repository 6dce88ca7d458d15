package io.kubesim.scheduler.it;

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
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.kubesim.scheduler.SchedulerComponent;
import io.kubesim.scheduler.SchedulerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scheduler against the in-process test apiserver, with four Node objects shaped like kind's (a
 * tainted control plane and three workers of 2 cpu each) and no kubelet: binding is the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerIT {
  static final String CONTROL_PLANE = "kubesim-control-plane";
  static final List<String> WORKERS =
      List.of("kubesim-worker", "kubesim-worker2", "kubesim-worker3");
  static final String TOO_BIG_MESSAGE =
      "0/4 nodes are available: 1 node(s) had untolerated taint"
          + " {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes"
          + " are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims"
          + " found for incoming pod.";

  static KubernetesClient client;
  static Vertx vertx;
  static ApiClient api;
  static Component.Running scheduler;
  static PrometheusMeterRegistry registry = Metrics.newRegistry();
  static KubectlRunner kubectl;

  @BeforeAll
  static void startScheduler() throws Exception {
    vertx = TestCluster.server().cluster().vertx();
    client = TestCluster.client();
    api = new ApiClient(new BusApiClient(vertx, 30_000));
    kubectl = new KubectlRunner();
    createNode(CONTROL_PLANE, "2", true);
    for (String w : WORKERS) {
      createNode(w, "2", false);
    }
    scheduler = start(registry);
    await().atMost(30, TimeUnit.SECONDS).until(scheduler::ready);
  }

  @AfterAll
  static void stopScheduler() throws Exception {
    if (scheduler != null) {
      scheduler.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    client.close();
  }

  /** A scheduler with short leader-election timings (lease 4 s, renew 3 s, retry 500 ms). */
  static Component.Running start(MeterRegistry metrics) throws Exception {
    SchedulerConfig config =
        SchedulerConfig.fromEnv(Map.of())
            .withLeaderElection(
                LeaderElectionConfig.defaults(
                        SchedulerConfig.LEASE_NAME, SchedulerConfig.identity())
                    .withDurations(
                        Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500)));
    return new SchedulerComponent(config)
        .start(vertx, api, metrics)
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  static void createNode(String name, String cpu, boolean controlPlane) {
    NodeBuilder builder =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("kubernetes.io/hostname", name)
            .addToLabels("kubernetes.io/os", "linux")
            .endMetadata()
            .withNewSpec()
            .endSpec();
    if (controlPlane) {
      builder
          .editMetadata()
          .addToLabels("node-role.kubernetes.io/control-plane", "")
          .endMetadata()
          .editSpec()
          .addNewTaint()
          .withKey("node-role.kubernetes.io/control-plane")
          .withEffect("NoSchedule")
          .endTaint()
          .endSpec();
    }
    Node created = client.nodes().resource(builder.build()).create();
    String now = Instant.now().toString();
    created.setStatus(
        new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
            .addToAllocatable("cpu", new Quantity(cpu))
            .addToAllocatable("memory", new Quantity("8Gi"))
            .addToAllocatable("pods", new Quantity("110"))
            .addToCapacity("cpu", new Quantity(cpu))
            .addToCapacity("memory", new Quantity("8Gi"))
            .addToCapacity("pods", new Quantity("110"))
            .withConditions(
                new NodeCondition(
                    now, now, "kubelet is posting ready status", "KubeletReady", "True", "Ready"))
            .build());
    client.nodes().resource(created).updateStatus();
  }

  static String namespace() {
    String ns = "sched-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  static PodBuilder pod(String ns, String name, String cpu) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("nginx")
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .endResources()
        .endContainer()
        .endSpec();
  }

  static Pod create(Pod pod) {
    return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
  }

  static String nodeOf(String ns, String name) {
    Pod p = client.pods().inNamespace(ns).withName(name).get();
    return p == null ? null : p.getSpec().getNodeName();
  }

  static String awaitBound(String ns, String name) {
    await().atMost(30, TimeUnit.SECONDS).until(() -> nodeOf(ns, name) != null);
    return nodeOf(ns, name);
  }

  static List<Event> events(String ns, String pod, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  static double scheduled(MeterRegistry metrics) {
    var counter = metrics.find("scheduler.schedule.attempts").tag("result", "scheduled").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  @Order(1)
  void podsOfAWorkloadSpreadOverTheThreeWorkersAndNoneLandsOnTheControlPlane() {
    String ns = namespace();
    for (int i = 0; i < 6; i++) {
      create(
          pod(ns, "web-" + i, "100m")
              .editMetadata()
              .addNewOwnerReference()
              .withApiVersion("apps/v1")
              .withKind("ReplicaSet")
              .withName("web")
              .withUid("00000000-0000-0000-0000-00000000abcd")
              .withController(true)
              .endOwnerReference()
              .endMetadata()
              .build());
    }
    Map<String, Long> perNode =
        java.util.stream.IntStream.range(0, 6)
            .mapToObj(i -> awaitBound(ns, "web-" + i))
            .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    assertThat(perNode).doesNotContainKey(CONTROL_PLANE);
    assertThat(perNode.keySet()).containsExactlyInAnyOrderElementsOf(WORKERS);
    assertThat(perNode.values()).allMatch(count -> count == 2);

    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(events(ns, "web-0", "Scheduled"))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getMessage())
                              .isEqualTo(
                                  "Successfully assigned "
                                      + ns
                                      + "/web-0 to "
                                      + nodeOf(ns, "web-0"));
                          assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler");
                          assertThat(e.getType()).isEqualTo("Normal");
                        }));
    client.namespaces().withName(ns).delete();
    client.pods().inNamespace(ns).delete();
  }

  @Test
  @Order(2)
  void aPodTooBigForEveryNodeStaysPendingWithTheRealMessageAndIsScheduledWhenABiggerNodeArrives() {
    String ns = namespace();
    create(pod(ns, "big", "3").build());

    await()
        .atMost(20, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              Pod p = client.pods().inNamespace(ns).withName("big").get();
              PodCondition scheduled =
                  p.getStatus().getConditions().stream()
                      .filter(c -> c.getType().equals("PodScheduled"))
                      .findFirst()
                      .orElse(null);
              assertThat(scheduled).isNotNull();
              assertThat(scheduled.getStatus()).isEqualTo("False");
              assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
              assertThat(scheduled.getMessage()).isEqualTo(TOO_BIG_MESSAGE);
            });
    List<Event> failed = events(ns, "big", "FailedScheduling");
    assertThat(failed)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).isEqualTo(TOO_BIG_MESSAGE);
              assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler");
            });
    String describe = kubectl.run("describe", "pod", "big", "-n", ns);
    assertThat(describe)
        .containsPattern("Status:\\s+Pending")
        .containsPattern(
            "Warning\\s+FailedScheduling\\s+\\S+\\s+default-scheduler\\s+"
                + java.util.regex.Pattern.quote(TOO_BIG_MESSAGE))
        .contains("default-scheduler")
        .contains(
            "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu.");
    assertThat(kubectl.run("get", "events", "-n", ns)).contains("FailedScheduling");
    assertThat(nodeOf(ns, "big")).isNull();

    createNode("kubesim-big", "8", false);
    try {
      assertThat(awaitBound(ns, "big")).isEqualTo("kubesim-big");
    } finally {
      client.pods().inNamespace(ns).withName("big").withGracePeriod(0).delete();
      client.nodes().withName("kubesim-big").delete();
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> client.nodes().withName("kubesim-big").get() == null);
    }
  }

  @Test
  @Order(3)
  void aNodeSelectorPicksItsNodeAndOneMatchingNoNodeSaysSo() {
    String ns = namespace();
    create(
        pod(ns, "pinned", "100m")
            .editSpec()
            .addToNodeSelector("kubernetes.io/hostname", "kubesim-worker2")
            .endSpec()
            .build());
    create(
        pod(ns, "nowhere", "100m")
            .editSpec()
            .addToNodeSelector("disktype", "ssd")
            .endSpec()
            .build());
    assertThat(awaitBound(ns, "pinned")).isEqualTo("kubesim-worker2");
    await()
        .atMost(20, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(events(ns, "nowhere", "FailedScheduling"))
                    .singleElement()
                    .extracting(Event::getMessage)
                    .isEqualTo(
                        "0/4 nodes are available: 1 node(s) had untolerated taint"
                            + " {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match"
                            + " Pod's node affinity/selector. preemption: 0/4 nodes are available: 4"
                            + " Preemption is not helpful for scheduling."));
    client.pods().inNamespace(ns).delete();
  }

  @Test
  @Order(4)
  void aPodThatToleratesTheControlPlaneTaintMayRunThere() {
    String ns = namespace();
    create(
        pod(ns, "admin", "100m")
            .editSpec()
            .addToNodeSelector("node-role.kubernetes.io/control-plane", "")
            .addNewToleration()
            .withKey("node-role.kubernetes.io/control-plane")
            .withOperator("Exists")
            .withEffect("NoSchedule")
            .endToleration()
            .endSpec()
            .build());
    assertThat(awaitBound(ns, "admin")).isEqualTo(CONTROL_PLANE);
    client.pods().inNamespace(ns).delete();
  }

  @Test
  @Order(5)
  void metricsCarryTheRealNamesAndPassPromtool() throws Exception {
    String text = registry.scrape();
    assertThat(text)
        .contains(
            "scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"}")
        .contains(
            "scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"unschedulable\"}")
        .contains("scheduler_scheduling_attempt_duration_seconds_bucket{")
        .contains("scheduler_pending_pods{queue=\"active\"}")
        .contains("scheduler_pending_pods{queue=\"gated\"}")
        .contains("leader_election_master_status{name=\"kube-scheduler\"} 1");
    io.kubesim.apiserver.it.Promtool.assertValid(text);
  }

  @Test
  @Order(99)
  void ofTwoSchedulersOnlyTheLeaderBindsAndTheOtherTakesOverWhenItStops() throws Exception {
    MeterRegistry secondMetrics = new SimpleMeterRegistry();
    Component.Running second = start(secondMetrics);
    try {
      await().atMost(30, TimeUnit.SECONDS).until(second::ready);
      String ns = namespace();
      double firstBefore = scheduled(registry);
      for (int i = 0; i < 5; i++) {
        create(pod(ns, "a-" + i, "10m").build());
      }
      for (int i = 0; i < 5; i++) {
        awaitBound(ns, "a-" + i);
      }
      assertThat(scheduled(registry) - firstBefore).isEqualTo(5);
      assertThat(scheduled(secondMetrics)).isZero();

      scheduler.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      scheduler = null;
      Lease released = client.leases().inNamespace("kube-system").withName("kube-scheduler").get();
      assertThat(released.getSpec().getHolderIdentity()).isIn("", null);

      for (int i = 0; i < 5; i++) {
        create(pod(ns, "b-" + i, "10m").build());
      }
      Set<String> nodes =
          java.util.stream.IntStream.range(0, 5)
              .mapToObj(i -> awaitBound(ns, "b-" + i))
              .collect(Collectors.toSet());
      assertThat(nodes).doesNotContain(CONTROL_PLANE);
      assertThat(scheduled(secondMetrics)).isEqualTo(5);
      client.pods().inNamespace(ns).delete();
    } finally {
      scheduler = second;
    }
  }
}
