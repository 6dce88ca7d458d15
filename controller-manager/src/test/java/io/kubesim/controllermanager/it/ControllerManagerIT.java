package io.kubesim.controllermanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.controllermanager.ControllerManager;
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
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The controllers against the in-process apiserver, driven by fabric8 and the real kubectl. A
 * {@link FakeKubelet} binds pods and marks them Ready; no scheduler or kubelet runs here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControllerManagerIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ROOT_CA =
      "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n";

  private static Vertx vertx;
  private static ApiClient api;
  private static KubernetesClient client;
  private static Kubectl kubectl;
  private static FakeKubelet kubelet;
  private static Component.Running first;
  private static MeterRegistry firstRegistry;

  @BeforeAll
  static void start() throws Exception {
    vertx = TestCluster.server().cluster().vertx();
    api = new ApiClient(new BusApiClient(vertx, 30_000));
    client = TestCluster.client();
    kubectl = new Kubectl();
    firstRegistry = Metrics.newRegistry();
    first = startControllerManager("first", firstRegistry);
    await().atMost(WAIT).until(() -> master(firstRegistry) == 1);
    kubelet = new FakeKubelet(api, 1000);
  }

  @AfterAll
  static void stop() throws Exception {
    if (kubelet != null) {
      kubelet.close();
    }
    if (first != null) {
      get(first.stop());
    }
    if (client != null) {
      client.close();
    }
  }

  static Component.Running startControllerManager(String name, MeterRegistry registry)
      throws Exception {
    LeaderElectionConfig election =
        LeaderElectionConfig.defaults(ControllerManager.LEASE_NAME, name + "_" + UUID.randomUUID())
            .withDurations(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(500));
    ControllerManager cm =
        new ControllerManager(
            new ControllerManager.Options(
                election, Duration.ofSeconds(10), Clock.systemUTC(), ROOT_CA));
    Promise<Component.Running> started = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(v -> cm.start(vertx, api, registry).onComplete(started));
    return get(started.future());
  }

  static double master(MeterRegistry registry) {
    var gauge = registry.find("leader.election.master.status").gauge();
    return gauge == null ? -1 : gauge.value();
  }

  /** A kube-scheduler that leads within seconds (its own identity, short lease durations). */
  static Component.Running scheduler(Vertx vertx, ApiClient api) throws Exception {
    return get(
        new SchedulerComponent(
                SchedulerConfig.fromEnv(Map.of())
                    .withLeaderElection(
                        LeaderElectionConfig.defaults(
                                SchedulerConfig.LEASE_NAME, SchedulerConfig.identity())
                            .withDurations(
                                Duration.ofSeconds(4),
                                Duration.ofSeconds(3),
                                Duration.ofMillis(500))))
            .start(vertx, api, Metrics.newRegistry()));
  }

  static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static String namespace(String prefix) {
    String ns = "cm-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  static List<Pod> pods(String ns) {
    return client.pods().inNamespace(ns).list().getItems();
  }

  static List<Pod> livePods(String ns) {
    return pods(ns).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  static List<ReplicaSet> replicaSets(String ns) {
    return client.apps().replicaSets().inNamespace(ns).list().getItems();
  }

  static Deployment deployment(String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  static int available(String ns) {
    return (int)
        livePods(ns).stream()
            .filter(
                p ->
                    p.getStatus() != null
                        && p.getStatus().getConditions() != null
                        && p.getStatus().getConditions().stream()
                            .anyMatch(
                                c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
            .count();
  }

  static void createDeployment(String ns, String name, int replicas, String... extra) {
    kubectl.ok(
        concat(
            new String[] {
              "create", "deployment", name, "-n", ns, "--image=nginx:1.27", "--replicas=" + replicas
            },
            extra));
  }

  static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  static void awaitRolledOut(String ns, String name, int replicas) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Deployment d = deployment(ns, name);
              assertThat(d.getStatus()).isNotNull();
              assertThat(d.getStatus().getObservedGeneration())
                  .isEqualTo(d.getMetadata().getGeneration());
              assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(replicas);
              assertThat(d.getStatus().getReplicas()).isEqualTo(replicas);
              assertThat(livePods(ns))
                  .filteredOn(p -> name.equals(p.getMetadata().getLabels().get("app")))
                  .hasSize(replicas);
            });
  }

  static String image(String ns, String name) {
    return deployment(ns, name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  // ----------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void deploymentCreatesAReplicaSetAndThreePodsWithThePodTemplateHash() {
    String ns = namespace("create");
    createDeployment(ns, "nginx", 3);
    awaitRolledOut(ns, "nginx", 3);
    List<ReplicaSet> rss = replicaSets(ns);
    assertThat(rss).hasSize(1);
    ReplicaSet rs = rss.get(0);
    String hash = rs.getMetadata().getLabels().get("pod-template-hash");
    assertThat(hash).isNotBlank();
    assertThat(rs.getMetadata().getName()).isEqualTo("nginx-" + hash);
    assertThat(rs.getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision", "1");
    assertThat(rs.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getKind()).isEqualTo("Deployment");
              assertThat(r.getController()).isTrue();
            });
    assertThat(livePods(ns))
        .allSatisfy(
            p -> {
              assertThat(p.getMetadata().getName()).startsWith(rs.getMetadata().getName() + "-");
              assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
              assertThat(p.getMetadata().getOwnerReferences().get(0).getName())
                  .isEqualTo(rs.getMetadata().getName());
            });
    Deployment d = deployment(ns, "nginx");
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision", "1");
    assertThat(d.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Available");
              assertThat(c.getStatus()).isEqualTo("True");
            })
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Progressing");
              assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable");
            });

    String described = kubectl.ok("describe", "deployment", "nginx", "-n", ns).stdout();
    assertThat(described)
        .containsPattern(
            "Normal\\s+ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled up replica set "
                + rs.getMetadata().getName()
                + " from 0 to 3");
    String rsDescribed =
        kubectl.ok("describe", "rs", rs.getMetadata().getName(), "-n", ns).stdout();
    assertThat(rsDescribed)
        .contains("SuccessfulCreate")
        .contains("Created pod: " + rs.getMetadata().getName() + "-");
    assertThat(
            kubectl.ok("rollout", "status", "deployment/nginx", "-n", ns, "--timeout=30s").stdout())
        .contains("deployment \"nginx\" successfully rolled out");
  }

  @Test
  @Order(2)
  void scalesThreeToSixToOneAndReplacesADeletedPod() {
    String ns = namespace("scale");
    createDeployment(ns, "web", 3);
    awaitRolledOut(ns, "web", 3);
    kubectl.ok("scale", "deployment", "web", "-n", ns, "--replicas=6");
    awaitRolledOut(ns, "web", 6);
    kubectl.ok("scale", "deployment", "web", "-n", ns, "--replicas=1");
    awaitRolledOut(ns, "web", 1);
    assertThat(replicaSets(ns)).hasSize(1);

    String victim = livePods(ns).get(0).getMetadata().getName();
    kubectl.ok("delete", "pod", victim, "-n", ns, "--wait=false");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(livePods(ns))
                    .singleElement()
                    .satisfies(p -> assertThat(p.getMetadata().getName()).isNotEqualTo(victim)));
    awaitRolledOut(ns, "web", 1);
    String events = kubectl.ok("get", "events", "-n", ns).stdout();
    assertThat(events).contains("SuccessfulDelete").contains("Deleted pod: ");
  }

  @Test
  @Order(3)
  void rollingUpdateWithMaxUnavailableZeroNeverDropsBelowTheReplicaCount() throws Exception {
    String ns = namespace("roll");
    createDeployment(ns, "web", 3);
    kubectl.ok(
        "patch",
        "deployment",
        "web",
        "-n",
        ns,
        "--type=merge",
        "-p",
        "{\"spec\":{\"strategy\":{\"rollingUpdate\":{\"maxUnavailable\":0,\"maxSurge\":1}}}}");
    awaitRolledOut(ns, "web", 3);
    AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
    AtomicInteger highest = new AtomicInteger(0);
    kubectl.ok("set", "image", "deployment/web", "-n", ns, "nginx=nginx:1.28");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              lowest.accumulateAndGet(available(ns), Math::min);
              highest.accumulateAndGet(livePods(ns).size(), Math::max);
              Deployment d = deployment(ns, "web");
              assertThat(d.getStatus().getObservedGeneration())
                  .isEqualTo(d.getMetadata().getGeneration());
              assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
              assertThat(d.getStatus().getReplicas()).isEqualTo(3);
            });
    assertThat(lowest.get()).isGreaterThanOrEqualTo(3);
    assertThat(highest.get()).isLessThanOrEqualTo(4).isGreaterThanOrEqualTo(4);
    assertThat(livePods(ns))
        .allSatisfy(
            p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28"));
    assertThat(replicaSets(ns)).hasSize(2);

    // rollout history and undo through kubectl
    String history = kubectl.ok("rollout", "history", "deployment/web", "-n", ns).stdout();
    assertThat(history).containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");
    kubectl.ok("rollout", "undo", "deployment/web", "-n", ns);
    await().atMost(WAIT).until(() -> image(ns, "web").equals("nginx:1.27"));
    awaitRolledOut(ns, "web", 3);
    assertThat(livePods(ns))
        .allSatisfy(
            p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27"));
    assertThat(replicaSets(ns)).hasSize(2);
    assertThat(deployment(ns, "web").getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision", "3");
  }

  @Test
  @Order(4)
  void rolloutPauseResumeRestartAndStatusThroughKubectl() {
    String ns = namespace("pause");
    createDeployment(ns, "web", 2);
    awaitRolledOut(ns, "web", 2);
    kubectl.ok("rollout", "pause", "deployment/web", "-n", ns);
    kubectl.ok("set", "image", "deployment/web", "-n", ns, "nginx=nginx:1.28");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Deployment d = deployment(ns, "web");
              assertThat(d.getStatus().getObservedGeneration())
                  .isEqualTo(d.getMetadata().getGeneration());
              assertThat(d.getStatus().getConditions())
                  .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("DeploymentPaused"));
            });
    assertThat(replicaSets(ns)).hasSize(1);
    kubectl.ok("rollout", "resume", "deployment/web", "-n", ns);
    assertThat(
            kubectl.ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s").stdout())
        .contains("successfully rolled out");
    assertThat(replicaSets(ns)).hasSize(2);
    assertThat(image(ns, "web")).isEqualTo("nginx:1.28");

    kubectl.ok("rollout", "restart", "deployment/web", "-n", ns);
    assertThat(
            kubectl.ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s").stdout())
        .contains("successfully rolled out");
    assertThat(replicaSets(ns)).hasSize(3);
    awaitRolledOut(ns, "web", 2);
    assertThat(livePods(ns))
        .allSatisfy(
            p ->
                assertThat(p.getMetadata().getAnnotations())
                    .containsKey("kubectl.kubernetes.io/restartedAt"));
  }

  @Test
  @Order(5)
  void recreateScalesTheOldReplicaSetToZeroBeforeTheNewOneStarts() {
    String ns = namespace("recreate");
    createDeployment(ns, "web", 2);
    kubectl.ok(
        "patch",
        "deployment",
        "web",
        "-n",
        ns,
        "--type=merge",
        "-p",
        "{\"spec\":{\"strategy\":{\"type\":\"Recreate\",\"rollingUpdate\":null}}}");
    awaitRolledOut(ns, "web", 2);
    AtomicInteger mixed = new AtomicInteger();
    kubectl.ok("set", "image", "deployment/web", "-n", ns, "nginx=nginx:1.28");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              List<String> images =
                  pods(ns).stream()
                      .map(p -> p.getSpec().getContainers().get(0).getImage())
                      .distinct()
                      .toList();
              if (images.size() > 1) {
                mixed.incrementAndGet();
              }
              assertThat(livePods(ns))
                  .hasSize(2)
                  .allSatisfy(
                      p ->
                          assertThat(p.getSpec().getContainers().get(0).getImage())
                              .isEqualTo("nginx:1.28"));
              assertThat(deployment(ns, "web").getStatus().getAvailableReplicas()).isEqualTo(2);
            });
    assertThat(mixed.get()).as("samples with old and new pods at once").isZero();
  }

  @Test
  @Order(6)
  void garbageCollectorDeletesInBackgroundAndForegroundAndOrphans() {
    String ns = namespace("gc");
    createDeployment(ns, "bg", 2);
    createDeployment(ns, "fg", 2);
    createDeployment(ns, "orphan", 2);
    awaitRolledOut(ns, "bg", 2);
    await().atMost(WAIT).until(() -> livePods(ns).size() == 6 && available(ns) == 6);

    kubectl.ok("delete", "deployment", "bg", "-n", ns);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(replicaSets(ns))
                  .noneMatch(rs -> rs.getMetadata().getName().startsWith("bg-"));
              assertThat(pods(ns)).noneMatch(p -> p.getMetadata().getName().startsWith("bg-"));
            });

    kubectl.ok("delete", "deployment", "fg", "-n", ns, "--cascade=foreground", "--timeout=60s");
    assertThat(deployment(ns, "fg")).isNull();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(replicaSets(ns))
                  .noneMatch(rs -> rs.getMetadata().getName().startsWith("fg-"));
              assertThat(pods(ns)).noneMatch(p -> p.getMetadata().getName().startsWith("fg-"));
            });

    kubectl.ok("delete", "deployment", "orphan", "-n", ns, "--cascade=orphan");
    await().atMost(WAIT).until(() -> deployment(ns, "orphan") == null);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(replicaSets(ns))
                    .singleElement()
                    .satisfies(
                        rs -> {
                          assertThat(rs.getMetadata().getName()).startsWith("orphan-");
                          assertThat(rs.getMetadata().getOwnerReferences()).isNullOrEmpty();
                        }));
    assertThat(livePods(ns)).hasSize(2);
  }

  @Test
  @Order(7)
  void namespaceDeletionRemovesItsContentsAndCompletes() {
    String ns = namespace("nsdel");
    createDeployment(ns, "web", 2);
    kubectl.ok("create", "configmap", "settings", "-n", ns, "--from-literal=a=b");
    awaitRolledOut(ns, "web", 2);
    kubectl.ok("delete", "namespace", ns, "--wait=false");
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(client.namespaces().withName(ns).get()).isNull());
    assertThat(pods(ns)).isEmpty();
    assertThat(replicaSets(ns)).isEmpty();
    assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  @Order(8)
  void everyNamespaceGetsADefaultServiceAccountAndTheRootCaAgainAfterTheirDeletion() {
    String ns = namespace("sa");
    await()
        .atMost(WAIT)
        .until(() -> client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
    String uid =
        client.serviceAccounts().inNamespace(ns).withName("default").get().getMetadata().getUid();
    client.serviceAccounts().inNamespace(ns).withName("default").delete();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .configMaps()
                            .inNamespace(ns)
                            .withName("kube-root-ca.crt")
                            .get()
                            .getData())
                    .containsExactly(java.util.Map.entry("ca.crt", ROOT_CA)));
    kubectl.ok(
        "patch",
        "configmap",
        "kube-root-ca.crt",
        "-n",
        ns,
        "--type=merge",
        "-p",
        "{\"data\":{\"ca.crt\":\"tampered\"}}");
    await()
        .atMost(WAIT)
        .until(
            () -> {
              var sa = client.serviceAccounts().inNamespace(ns).withName("default").get();
              return sa != null && !sa.getMetadata().getUid().equals(uid);
            });
    await()
        .atMost(WAIT)
        .until(
            () ->
                ROOT_CA.equals(
                    client
                        .configMaps()
                        .inNamespace(ns)
                        .withName("kube-root-ca.crt")
                        .get()
                        .getData()
                        .get("ca.crt")));
  }

  @Test
  @Order(9)
  void metricsAreTheRealComponentsAndPassPromtool() throws Exception {
    String text = ((PrometheusMeterRegistry) firstRegistry).scrape();
    assertThat(text)
        .contains("leader_election_master_status{name=\"kube-controller-manager\"} 1")
        .containsPattern("workqueue_adds_total\\{name=\"deployment\"\\} [1-9]")
        .contains("workqueue_depth{name=\"replicaset\"}")
        .contains("workqueue_queue_duration_seconds_bucket{name=\"replicaset\",le=\"0.001\"}")
        .contains(
            "workqueue_work_duration_seconds_count{name=\"garbage_collector_attempt_to_delete\"}")
        .contains("workqueue_retries_total{name=\"namespace\"}");
    io.kubesim.apiserver.it.Promtool.assertValid(text);
  }

  @Test
  @Order(10)
  void aRolloutThatCannotProgressExceedsItsProgressDeadline() {
    String ns = namespace("deadline");
    createDeployment(ns, "stuck", 1);
    awaitRolledOut(ns, "stuck", 1);
    kubectl.ok(
        "patch",
        "deployment",
        "stuck",
        "-n",
        ns,
        "--type=merge",
        "-p",
        "{\"spec\":{\"progressDeadlineSeconds\":3,\"template\":{\"metadata\":{\"labels\":{\""
            + FakeKubelet.NEVER_READY
            + "\":\"true\"}}}}}");
    Kubectl.Result status =
        kubectl.run("rollout", "status", "deployment/stuck", "-n", ns, "--timeout=60s");
    assertThat(status.exitCode()).as("%s", status).isNotZero();
    assertThat(status.stderr()).contains("deployment \"stuck\" exceeded its progress deadline");
    assertThat(deployment(ns, "stuck").getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Progressing");
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
              assertThat(c.getMessage())
                  .matches("ReplicaSet \"stuck-[a-z0-9]+\" has timed out progressing.");
            });
    // maxUnavailable 25% of 1 rounds down to 0: the old pod keeps serving
    assertThat(available(ns)).isEqualTo(1);
  }

  @Test
  @Order(11)
  void aNamespaceHeldByAFinalizerStaysTerminatingAndSaysWhy() {
    String ns = namespace("held");
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("held")
                .addToFinalizers("example.com/hold")
                .endMetadata()
                .build())
        .create();
    kubectl.ok("delete", "namespace", ns, "--wait=false");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var conditions = client.namespaces().withName(ns).get().getStatus().getConditions();
              assertThat(conditions)
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("NamespaceContentRemaining");
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getMessage())
                            .isEqualTo(
                                "Some resources are remaining: configmaps. has 1 resource"
                                    + " instances");
                      })
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("NamespaceFinalizersRemaining");
                        assertThat(c.getMessage())
                            .isEqualTo(
                                "Some content in the namespace has finalizers remaining:"
                                    + " example.com/hold in 1 resource instances");
                      });
            });
    assertThat(kubectl.ok("get", "namespace", ns).stdout()).contains("Terminating");
    kubectl.ok(
        "patch",
        "configmap",
        "held",
        "-n",
        ns,
        "--type=merge",
        "-p",
        "{\"metadata\":{\"finalizers\":null}}");
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(client.namespaces().withName(ns).get()).isNull());
  }

  @Test
  @Order(12)
  void aReplicaSetAdoptsMatchingOrphansAndReleasesPodsThatStopMatching() {
    String ns = namespace("adopt");
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName("stray")
                .addToLabels("app", "adopt")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("nginx")
                .withImage("nginx:1.27")
                .endContainer()
                .endSpec()
                .build())
        .create();
    client
        .apps()
        .replicaSets()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata()
                .withName("adopter")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels("app", "adopt")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "adopt")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("nginx")
                .withImage("nginx:1.27")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(livePods(ns)).hasSize(2);
              assertThat(
                      client
                          .pods()
                          .inNamespace(ns)
                          .withName("stray")
                          .get()
                          .getMetadata()
                          .getOwnerReferences())
                  .singleElement()
                  .satisfies(r -> assertThat(r.getName()).isEqualTo("adopter"));
            });
    kubectl.ok("label", "pod", "stray", "-n", ns, "app=gone", "--overwrite");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .pods()
                          .inNamespace(ns)
                          .withName("stray")
                          .get()
                          .getMetadata()
                          .getOwnerReferences())
                  .isNullOrEmpty();
              assertThat(livePods(ns))
                  .filteredOn(p -> "adopt".equals(p.getMetadata().getLabels().get("app")))
                  .hasSize(2);
              assertThat(
                      client
                          .apps()
                          .replicaSets()
                          .inNamespace(ns)
                          .withName("adopter")
                          .get()
                          .getStatus()
                          .getReadyReplicas())
                  .isEqualTo(2);
            });
  }

  @Test
  @Order(13)
  void aDisruptionBudgetCountsHealthyPodsAndEvictionsHonourIt() throws Exception {
    String ns = namespace("pdb");
    createDeployment(ns, "web", 3);
    awaitRolledOut(ns, "web", 3);
    kubectl.ok("create", "pdb", "web", "-n", ns, "--selector=app=web", "--min-available=2");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl.ok("get", "pdb", "web", "-n", ns, "--no-headers").stdout())
                    .matches("web\\s+2\\s+N/A\\s+1\\s+\\S+\\s*"));

    List<String> names =
        livePods(ns).stream().map(p -> p.getMetadata().getName()).sorted().toList();
    java.nio.file.Path body = java.nio.file.Files.createTempFile("eviction", ".json");
    java.nio.file.Files.writeString(
        body, "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{}}");
    String first = "/api/v1/namespaces/" + ns + "/pods/" + names.get(0) + "/eviction";
    kubectl.ok("create", "--raw", first, "-f", body.toString());
    // the first eviction took the only allowed disruption, in the same commit
    Kubectl.Result refused =
        kubectl.run(
            "create",
            "--raw",
            "/api/v1/namespaces/" + ns + "/pods/" + names.get(1) + "/eviction",
            "-f",
            body.toString());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr())
        .contains(
            "Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's"
                + " disruption budget.");

    // the replacement becomes ready and the budget allows one disruption again
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var pdb =
                  client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("web").get();
              assertThat(pdb.getStatus().getCurrentHealthy()).isEqualTo(3);
              assertThat(pdb.getStatus().getDisruptionsAllowed()).isEqualTo(1);
              assertThat(pdb.getStatus().getExpectedPods()).isEqualTo(3);
              assertThat(pdb.getStatus().getConditions().get(0).getReason())
                  .isEqualTo("SufficientPods");
            });
    assertThat(livePods(ns).stream().map(p -> p.getMetadata().getName()))
        .doesNotContain(names.get(0));

    // maxUnavailable counts from the Deployment's replicas
    kubectl.ok("delete", "pdb", "web", "-n", ns);
    kubectl.ok("create", "pdb", "web", "-n", ns, "--selector=app=web", "--max-unavailable=34%");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl.ok("get", "pdb", "web", "-n", ns, "--no-headers").stdout())
                    .matches("web\\s+N/A\\s+34%\\s+2\\s+\\S+\\s*"));
  }

  @Test
  @Order(14)
  void aScaleUpOfTwelveRecordsNineCreatesAndOneCombinedEventAsClientGoDoes() {
    String ns = namespace("events");
    createDeployment(ns, "many", 12);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<io.fabric8.kubernetes.api.model.Event> created =
                  client.v1().events().inNamespace(ns).list().getItems().stream()
                      .filter(e -> "SuccessfulCreate".equals(e.getReason()))
                      .toList();
              assertThat(created).hasSize(10);
              assertThat(created)
                  .filteredOn(e -> e.getMessage().startsWith("Created pod: many-"))
                  .hasSize(9)
                  .allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
              assertThat(created)
                  .filteredOn(
                      e ->
                          e.getMessage().startsWith("(combined from similar events): Created pod:"))
                  .singleElement()
                  .satisfies(e -> assertThat(e.getCount()).isEqualTo(3));
            });
    String rs = replicaSets(ns).get(0).getMetadata().getName();
    assertThat(kubectl.ok("describe", "rs", rs, "-n", ns).stdout())
        .containsPattern(
            "SuccessfulCreate\\s+\\S+ \\(x3 over \\S+\\)\\s+replicaset-controller\\s+"
                + "\\(combined from similar events\\): Created pod: many-");
  }

  /** A Deployment as a user writes it: no resources, nothing a typed client would add. */
  static void applyDeployment(String ns, String image) throws Exception {
    String manifest =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: %s
        """
            .formatted(image);
    java.nio.file.Path file = java.nio.file.Files.createTempFile("deployment", ".yaml");
    java.nio.file.Files.writeString(file, manifest);
    try {
      kubectl.ok("apply", "-n", ns, "-f", file.toString());
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  static long generation(String ns) {
    return deployment(ns, "web").getMetadata().getGeneration();
  }

  @Test
  @Order(15)
  void anAppliedDeploymentCountsOnlyItsOwnChangesAndUndoRevivesTheFirstReplicaSet()
      throws Exception {
    String ns = namespace("applied");
    applyDeployment(ns, "nginx:1.27");
    awaitRolledOut(ns, "web", 2);
    // the controller's revision annotation and status writes go through /status: no bump
    assertThat(generation(ns)).isEqualTo(1);
    applyDeployment(ns, "nginx:1.28");
    await().atMost(WAIT).until(() -> replicaSets(ns).size() == 2);
    awaitRolledOut(ns, "web", 2);
    assertThat(generation(ns)).isEqualTo(2);
    String first =
        replicaSets(ns).stream()
            .filter(
                rs ->
                    rs.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage()
                        .equals("nginx:1.27"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();

    // kubectl sends the old ReplicaSet's template as a typed client encodes it (resources: {})
    kubectl.ok("rollout", "undo", "deployment/web", "-n", ns);
    await().atMost(WAIT).until(() -> image(ns, "web").equals("nginx:1.27"));
    awaitRolledOut(ns, "web", 2);
    assertThat(generation(ns)).isEqualTo(3);
    assertThat(replicaSets(ns))
        .hasSize(2)
        .filteredOn(rs -> rs.getMetadata().getName().equals(first))
        .singleElement()
        .satisfies(
            rs -> {
              assertThat(rs.getSpec().getReplicas()).isEqualTo(2);
              assertThat(rs.getMetadata().getAnnotations())
                  .containsEntry("deployment.kubernetes.io/revision", "3");
            });
    assertThat(kubectl.ok("rollout", "history", "deployment/web", "-n", ns).stdout())
        .doesNotContainPattern("(?m)^1\\s")
        .containsPattern("(?m)^2\\s")
        .containsPattern("(?m)^3\\s");
  }

  @Test
  @Order(16)
  void anExposedDeploymentGetsEndpointSlicesAndEndpointsThatFollowItsPods() {
    String ns = namespace("expose");
    createDeployment(ns, "web", 3, "--port=80");
    awaitRolledOut(ns, "web", 3);
    kubectl.ok("expose", "deployment", "web", "-n", ns, "--port=8080", "--target-port=80");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        kubectl
                            .ok(
                                "get",
                                "endpointslices",
                                "-n",
                                ns,
                                "-l",
                                "kubernetes.io/service-name=web",
                                "--no-headers")
                            .stdout())
                    .matches(
                        "web-\\S{5}\\s+IPv4\\s+80\\s+10\\.244\\.1\\.1,10\\.244\\.1\\.1,10\\.244\\.1\\.1\\s+\\S+\\s*"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl.ok("describe", "svc", "web", "-n", ns).stdout())
                    .containsPattern(
                        "Endpoints:\\s+10\\.244\\.1\\.1:80,10\\.244\\.1\\.1:80,10\\.244\\.1\\.1:80"));
    assertThat(
            kubectl
                .ok(
                    "get",
                    "endpointslices",
                    "-n",
                    ns,
                    "-l",
                    "kubernetes.io/service-name=web",
                    "-o",
                    "jsonpath={.items[0].metadata.labels.endpointslice\\.kubernetes\\.io/managed-by}"
                        + " {.items[0].endpoints[0].conditions.ready} {.items[0].ports[0].name}")
                .stdout())
        .isEqualTo("endpointslice-controller.k8s.io true ");

    kubectl.ok("scale", "deployment", "web", "-n", ns, "--replicas=0");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(kubectl.ok("get", "endpoints", "web", "-n", ns, "--no-headers").stdout())
                  .matches("web\\s+<none>\\s+\\S+\\s*");
              assertThat(
                      kubectl
                          .ok(
                              "get",
                              "endpointslices",
                              "-n",
                              ns,
                              "-l",
                              "kubernetes.io/service-name=web",
                              "--no-headers")
                          .stdout())
                  .matches("web-\\S{5}\\s+IPv4\\s+<unset>\\s+<unset>\\s+\\S+\\s*");
            });
    kubectl.ok("delete", "svc", "web", "-n", ns);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl.ok("get", "endpoints", "-n", ns, "-o", "name").stdout())
                    .isEmpty());

    // a LoadBalancer gets an address from the simulated cloud, and lets it go when deleted
    kubectl.ok("create", "service", "loadbalancer", "lb", "-n", ns, "--tcp=80:80");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(kubectl.ok("get", "svc", "lb", "-n", ns, "--no-headers").stdout())
                    .matches(
                        "lb\\s+LoadBalancer\\s+10\\.\\S+\\s+172\\.18\\.255\\.2\\d\\d\\s+80:3\\d{4}/TCP\\s+\\S+\\s*"));
    assertThat(
            kubectl
                .ok("get", "svc", "lb", "-n", ns, "-o", "jsonpath={.metadata.finalizers}")
                .stdout())
        .contains("service.kubernetes.io/load-balancer-cleanup");
    assertThat(kubectl.ok("describe", "svc", "lb", "-n", ns).stdout())
        .containsPattern(
            "Normal\\s+EnsuredLoadBalancer\\s+\\S+\\s+service-controller\\s+Ensured load balancer");
    kubectl.ok("delete", "svc", "lb", "-n", ns, "--timeout=30s");
  }

  @Test
  @Order(20)
  void onlyTheLeaderActsAndStoppingItHandsOver() throws Exception {
    MeterRegistry secondRegistry = new SimpleMeterRegistry();
    Component.Running second = startControllerManager("second", secondRegistry);
    try {
      // the standby stays a standby while the leader renews
      await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> master(secondRegistry) == 0);
      assertThat(master(firstRegistry)).isEqualTo(1);
      assertThat(secondRegistry.find("workqueue.adds").counters())
          .allSatisfy(c -> assertThat(c.count()).isZero());

      get(first.stop());
      first = null;
      await().atMost(WAIT).until(() -> master(secondRegistry) == 1);
      assertThat(master(firstRegistry)).isEqualTo(0);

      String ns = namespace("handover");
      createDeployment(ns, "web", 2);
      awaitRolledOut(ns, "web", 2);
    } finally {
      get(second.stop());
    }
  }
}
