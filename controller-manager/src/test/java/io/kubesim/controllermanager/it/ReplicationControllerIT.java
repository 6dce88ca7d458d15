package io.kubesim.controllermanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.controllermanager.ControllerManager;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replication manager through the real kubectl: the docs' ReplicationController example runs
 * its three pods, scales through the scale subresource, is described and printed as on a real
 * cluster, orphans and adopts pods, and takes its pods with it when deleted.
 */
class ReplicationControllerIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** The example of the kubernetes.io "ReplicationController" concept page, unmodified. */
  private static final String DOCS_EXAMPLE =
      """
      apiVersion: v1
      kind: ReplicationController
      metadata:
        name: nginx
      spec:
        replicas: 3
        selector:
          app: nginx
        template:
          metadata:
            name: nginx
            labels:
              app: nginx
          spec:
            containers:
            - name: nginx
              image: nginx
              ports:
              - containerPort: 80
      """;

  private static KubernetesClient client;
  private static Kubectl kubectl;
  private static FakeKubelet kubelet;
  private static Component.Running controllerManager;

  @BeforeAll
  static void start() throws Exception {
    var vertx = TestCluster.server().cluster().vertx();
    ApiClient api = new ApiClient(new BusApiClient(vertx, 30_000));
    client = TestCluster.client();
    kubectl = new Kubectl();
    MeterRegistry registry = Metrics.newRegistry();
    LeaderElectionConfig election =
        LeaderElectionConfig.defaults(ControllerManager.LEASE_NAME, "rc_" + UUID.randomUUID())
            .withDurations(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(500));
    ControllerManager cm =
        new ControllerManager(
            new ControllerManager.Options(
                election, Duration.ofSeconds(10), Clock.systemUTC(), null));
    Promise<Component.Running> started = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(v -> cm.start(vertx, api, registry).onComplete(started));
    controllerManager = ControllerManagerIT.get(started.future());
    await().atMost(WAIT).until(() -> ControllerManagerIT.master(registry) == 1);
    kubelet = new FakeKubelet(api, 500);
  }

  @AfterAll
  static void stop() throws Exception {
    if (kubelet != null) {
      kubelet.close();
    }
    if (controllerManager != null) {
      ControllerManagerIT.get(controllerManager.stop());
    }
    if (client != null) {
      client.close();
    }
  }

  private static String namespace() {
    String ns = "cm-rc-" + UUID.randomUUID().toString().substring(0, 6);
    kubectl.ok("create", "namespace", ns);
    return ns;
  }

  private static Kubectl.Result apply(String ns) {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("replication", ".yaml");
      java.nio.file.Files.writeString(file, DOCS_EXAMPLE);
      Kubectl.Result result = kubectl.ok("apply", "-n", ns, "-f", file.toString());
      java.nio.file.Files.delete(file);
      return result;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ReplicationController rc(String ns) {
    return client.replicationControllers().inNamespace(ns).withName("nginx").get();
  }

  private static List<Pod> livePods(String ns) {
    return client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  /** n live, Ready pods, each controlled by the ReplicationController, and a status saying so. */
  private static void awaitReplicas(String ns, int n) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ReplicationController rc = rc(ns);
              List<Pod> pods = livePods(ns);
              assertThat(pods).hasSize(n).allMatch(ReplicationControllerIT::ready);
              for (Pod pod : pods) {
                assertThat(pod.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(
                        ref -> {
                          assertThat(ref.getApiVersion()).isEqualTo("v1");
                          assertThat(ref.getKind()).isEqualTo("ReplicationController");
                          assertThat(ref.getUid()).isEqualTo(rc.getMetadata().getUid());
                          assertThat(ref.getController()).isTrue();
                        });
              }
              assertThat(rc.getStatus()).isNotNull();
              assertThat(rc.getStatus().getObservedGeneration())
                  .isEqualTo(rc.getMetadata().getGeneration());
              assertThat(
                      List.of(
                          rc.getStatus().getReplicas(),
                          rc.getStatus().getFullyLabeledReplicas(),
                          rc.getStatus().getReadyReplicas(),
                          rc.getStatus().getAvailableReplicas()))
                  .containsOnly(n);
            });
  }

  private static List<String> cells(String line) {
    return Arrays.asList(line.trim().split("\\s{2,}"));
  }

  @Test
  void theDocsExampleRunsScalesIsDescribedAndIsDeletedWithItsPods() {
    String ns = namespace();
    assertThat(apply(ns).stdout()).isEqualTo("replicationcontroller/nginx created\n");
    awaitReplicas(ns, 3);

    List<String> table = kubectl.ok("get", "rc", "-n", ns).stdout().lines().toList();
    assertThat(cells(table.get(0))).containsExactly("NAME", "DESIRED", "CURRENT", "READY", "AGE");
    assertThat(cells(table.get(1)).subList(0, 4)).containsExactly("nginx", "3", "3", "3");

    String described = kubectl.ok("describe", "rc", "nginx", "-n", ns).stdout();
    assertThat(described)
        .contains("Replicas:     3 current / 3 desired")
        .contains("Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed")
        .containsPattern(
            "Normal +SuccessfulCreate +\\S+ +replication-controller +Created pod: nginx-");

    assertThat(kubectl.ok("scale", "rc", "nginx", "-n", ns, "--replicas=5").stdout())
        .isEqualTo("replicationcontroller/nginx scaled\n");
    awaitReplicas(ns, 5);
    assertThat(kubectl.ok("scale", "rc/nginx", "-n", ns, "--replicas=1").stdout())
        .isEqualTo("replicationcontroller/nginx scaled\n");
    awaitReplicas(ns, 1);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        kubectl
                            .ok(
                                "get",
                                "events",
                                "-n",
                                ns,
                                "--field-selector",
                                "involvedObject.kind=ReplicationController,reason=SuccessfulDelete",
                                "-o",
                                "jsonpath={range .items[*]}{.source.component} {.message}"
                                    + "{\"\\n\"}{end}")
                            .stdout()
                            .lines())
                    .hasSize(4)
                    .allMatch(
                        line -> line.startsWith("replication-controller Deleted pod: nginx-")));

    assertThat(kubectl.ok("delete", "rc", "nginx", "-n", ns).stdout())
        .isEqualTo("replicationcontroller \"nginx\" deleted\n");
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty());
  }

  @Test
  void anOrphanedPodIsAdoptedByTheNextMatchingReplicationController() {
    String ns = namespace();
    apply(ns);
    awaitReplicas(ns, 3);
    List<String> first = livePods(ns).stream().map(p -> p.getMetadata().getName()).toList();

    kubectl.ok("delete", "rc", "nginx", "-n", ns, "--cascade=orphan");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(livePods(ns))
                    .hasSize(3)
                    .allSatisfy(
                        p -> assertThat(p.getMetadata().getOwnerReferences()).isNullOrEmpty()));

    apply(ns);
    awaitReplicas(ns, 3);
    assertThat(livePods(ns))
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(first);
    OwnerReference owner = livePods(ns).get(0).getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getUid()).isEqualTo(rc(ns).getMetadata().getUid());
  }

  @Test
  void rolloutIsRefusedForAReplicationControllerAsKubectlRefusesItOnARealCluster() {
    String ns = namespace();
    apply(ns);
    Kubectl.Result status = kubectl.run("rollout", "status", "rc/nginx", "-n", ns);
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.stderr())
        .isEqualTo("error: no status viewer has been implemented for ReplicationController\n");
    Kubectl.Result history = kubectl.run("rollout", "history", "rc/nginx", "-n", ns);
    assertThat(history.exitCode()).isEqualTo(1);
    assertThat(history.stderr())
        .isEqualTo("error: no history viewer has been implemented for \"ReplicationController\"\n");
  }
}
