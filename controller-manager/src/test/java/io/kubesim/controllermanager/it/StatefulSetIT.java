package io.kubesim.controllermanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The StatefulSet controller through the real kubectl, with the kubernetes.io "StatefulSets"
 * concept page's example (the headless Service nginx and the StatefulSet web with its
 * volumeClaimTemplates) applied as published: pods made one at a time in ordinal order, each
 * Running and Ready (and, with the example's minReadySeconds, available) before the next; scaled up
 * and down in reverse order with the claims kept; a rolling update held at a partition; {@code
 * kubectl rollout status|history|undo}; web-0 deleted and recreated with the same claim. A {@link
 * FakeKubelet} binds the pods, marks them Ready and ends their deletions. The claims stay Pending:
 * the example's class my-storage-class does not exist, so the PV controller has nothing to bind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatefulSetIT {
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** The example of https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/. */
  private static final String DOCS_EXAMPLE =
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: nginx
        labels:
          app: nginx
      spec:
        ports:
        - port: 80
          name: web
        clusterIP: None
        selector:
          app: nginx
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: web
      spec:
        selector:
          matchLabels:
            app: nginx # has to match .spec.template.metadata.labels
        serviceName: "nginx"
        replicas: 3 # by default is 1
        minReadySeconds: 10 # by default is 0
        template:
          metadata:
            labels:
              app: nginx # has to match .spec.selector.matchLabels
          spec:
            terminationGracePeriodSeconds: 10
            containers:
            - name: nginx
              image: registry.k8s.io/nginx-slim:0.24
              ports:
              - containerPort: 80
                name: web
              volumeMounts:
              - name: www
                mountPath: /usr/share/nginx/html
        volumeClaimTemplates:
        - metadata:
            name: www
          spec:
            accessModes: [ "ReadWriteOnce" ]
            storageClassName: "my-storage-class"
            resources:
              requests:
                storage: 1Gi
      """;

  private static KubernetesClient client;
  private static Kubectl kubectl;
  private static FakeKubelet kubelet;
  private static Component.Running controllerManager;
  private static String ns;

  @BeforeAll
  static void start() throws Exception {
    var vertx = TestCluster.server().cluster().vertx();
    ApiClient api = new ApiClient(new BusApiClient(vertx, 30_000));
    client = TestCluster.client();
    kubectl = new Kubectl();
    MeterRegistry registry = Metrics.newRegistry();
    LeaderElectionConfig election =
        LeaderElectionConfig.defaults(ControllerManager.LEASE_NAME, "sts_" + UUID.randomUUID())
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
    kubelet = new FakeKubelet(api, 300);
    ns = "cm-sts-" + UUID.randomUUID().toString().substring(0, 6);
    kubectl.ok("create", "namespace", ns);
  }

  @AfterAll
  static void stop() throws Exception {
    if (kubectl != null && ns != null) {
      kubectl.run("delete", "namespace", ns, "--wait=false");
    }
    if (kubelet != null) {
      kubelet.close();
    }
    if (controllerManager != null) {
      ControllerManagerIT.get(controllerManager.stop());
    }
  }

  private static List<Pod> livePods() {
    return client.pods().inNamespace(ns).withLabelSelector("app=nginx").list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
        .toList();
  }

  private static List<String> podNames() {
    return client.pods().inNamespace(ns).withLabelSelector("app=nginx").list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Instant readySince(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> Instant.parse(c.getLastTransitionTime()))
        .findFirst()
        .orElseThrow();
  }

  private static StatefulSet web() {
    return client.apps().statefulSets().inNamespace(ns).withName("web").get();
  }

  private static List<String> names(String... names) {
    return Arrays.asList(names);
  }

  /** Waits until exactly these pods exist (terminating ones included), each Ready. */
  private static void awaitReady(List<String> expected, List<List<String>> seen) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<String> now = podNames();
              if (seen != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now))) {
                seen.add(now);
              }
              assertThat(now).isEqualTo(expected);
              assertThat(livePods()).hasSize(expected.size()).allMatch(StatefulSetIT::ready);
            });
  }

  private static List<List<String>> table(Kubectl.Result result) {
    return result
        .stdout()
        .lines()
        .map(line -> Arrays.asList(line.trim().split("\\s{2,}")))
        .collect(Collectors.toList());
  }

  private static String images() {
    return livePods().stream()
        .map(p -> p.getMetadata().getName() + "=" + p.getSpec().getContainers().get(0).getImage())
        .collect(Collectors.joining(","));
  }

  @Test
  @Order(1)
  void theDocsExampleMakesWebZeroToTwoInOrderEachWithItsClaim() throws Exception {
    Path file = Files.createTempFile("web", ".yaml");
    Files.writeString(file, DOCS_EXAMPLE);
    kubectl.ok("apply", "-f", file.toString(), "-n", ns);
    Files.delete(file);
    awaitReady(names("web-0", "web-1", "web-2"), null);

    // each pod was made once its predecessor had been ready for minReadySeconds (10 s)
    List<Pod> pods = livePods();
    for (int i = 1; i < 3; i++) {
      Instant created = Instant.parse(pods.get(i).getMetadata().getCreationTimestamp());
      assertThat(created).isAfterOrEqualTo(readySince(pods.get(i - 1)).plusSeconds(10));
    }
    Pod web1 = pods.get(1);
    assertThat(web1.getMetadata().getLabels())
        .containsEntry("statefulset.kubernetes.io/pod-name", "web-1")
        .containsEntry("apps.kubernetes.io/pod-index", "1")
        .containsKey("controller-revision-hash");
    assertThat(web1.getSpec().getHostname()).isEqualTo("web-1");
    assertThat(web1.getSpec().getSubdomain()).isEqualTo("nginx");
    assertThat(web1.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("www-web-1");

    List<PersistentVolumeClaim> claims =
        client.persistentVolumeClaims().inNamespace(ns).list().getItems();
    assertThat(claims)
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("www-web-0", "www-web-1", "www-web-2");
    assertThat(claims)
        .allSatisfy(
            c -> {
              assertThat(c.getMetadata().getLabels()).containsEntry("app", "nginx");
              assertThat(c.getSpec().getStorageClassName()).isEqualTo("my-storage-class");
              assertThat(c.getStatus().getPhase()).isEqualTo("Pending");
              assertThat(c.getMetadata().getOwnerReferences()).isNullOrEmpty();
            });

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<List<String>> rows = table(kubectl.ok("get", "sts", "-n", ns));
              assertThat(rows.get(0)).containsExactly("NAME", "READY", "AGE");
              assertThat(rows.get(1).subList(0, 2)).containsExactly("web", "3/3");
              StatefulSet web = web();
              assertThat(web.getStatus().getAvailableReplicas()).isEqualTo(3);
              assertThat(web.getStatus().getCurrentReplicas()).isEqualTo(3);
              assertThat(web.getStatus().getUpdatedReplicas()).isEqualTo(3);
              assertThat(web.getStatus().getObservedGeneration()).isEqualTo(1L);
              assertThat(web.getStatus().getCollisionCount()).isZero();
              assertThat(web.getStatus().getCurrentRevision())
                  .isEqualTo(web.getStatus().getUpdateRevision())
                  .isEqualTo(web1.getMetadata().getLabels().get("controller-revision-hash"));
            });
    String events =
        kubectl
            .ok("get", "events", "-n", ns, "--field-selector", "involvedObject.kind=StatefulSet")
            .stdout();
    assertThat(events)
        .contains("create Claim www-web-0 Pod web-0 in StatefulSet web success")
        .contains("create Pod web-0 in StatefulSet web successful")
        .contains("create Pod web-2 in StatefulSet web successful");
    assertThat(table(kubectl.ok("get", "controllerrevisions", "-n", ns)).get(1).subList(1, 3))
        .containsExactly("statefulset.apps/web", "1");
  }

  @Test
  @Order(2)
  void scalingUpAddsHigherOrdinalsAndScalingDownRemovesThemHighestFirstKeepingTheClaims() {
    // the example's 10 s minReadySeconds, off for the rest
    kubectl.ok("patch", "sts", "web", "-n", ns, "-p", "{\"spec\":{\"minReadySeconds\":0}}");
    kubectl.ok("scale", "sts", "web", "-n", ns, "--replicas=5");
    List<List<String>> seen = new ArrayList<>();
    awaitReady(names("web-0", "web-1", "web-2", "web-3", "web-4"), seen);
    assertThat(seen).allSatisfy(StatefulSetIT::isOrdinalPrefix);

    kubectl.ok("scale", "sts", "web", "-n", ns, "--replicas=2");
    seen.clear();
    awaitReady(names("web-0", "web-1"), seen);
    assertThat(seen).allSatisfy(StatefulSetIT::isOrdinalPrefix);
    assertThat(client.persistentVolumeClaims().inNamespace(ns).list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .contains("www-web-2", "www-web-3", "www-web-4");
    String events =
        kubectl
            .ok("get", "events", "-n", ns, "--field-selector", "involvedObject.kind=StatefulSet")
            .stdout();
    assertThat(events).contains("delete Pod web-4 in StatefulSet web successful");
  }

  /** web-0 .. web-k with no gap: a pod is only made after, and removed before, its successors. */
  private static void isOrdinalPrefix(List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      assertThat(names.get(i)).isEqualTo("web-" + i);
    }
  }

  @Test
  @Order(3)
  void aRollingUpdateHeldAtAPartitionThenFinishedRolledBackAndInTheHistory() {
    kubectl.ok(
        "patch",
        "sts",
        "web",
        "-n",
        ns,
        "-p",
        "{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\","
            + "\"rollingUpdate\":{\"partition\":1}}}}");
    kubectl.ok("set", "image", "sts/web", "-n", ns, "nginx=registry.k8s.io/nginx-slim:0.27");
    Kubectl.Result status = kubectl.ok("rollout", "status", "sts/web", "-n", ns, "--timeout=120s");
    assertThat(status.stdout())
        .endsWith("partitioned roll out complete: 1 new pods have been updated...\n");
    awaitReady(names("web-0", "web-1"), null);
    assertThat(images())
        .isEqualTo("web-0=registry.k8s.io/nginx-slim:0.24,web-1=registry.k8s.io/nginx-slim:0.27");
    StatefulSet web = web();
    assertThat(web.getStatus().getCurrentRevision())
        .isNotEqualTo(web.getStatus().getUpdateRevision());
    assertThat(web.getStatus().getCurrentReplicas()).isEqualTo(1);
    assertThat(web.getStatus().getUpdatedReplicas()).isEqualTo(1);

    kubectl.ok(
        "patch",
        "sts",
        "web",
        "-n",
        ns,
        "-p",
        "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}");
    assertThat(kubectl.ok("rollout", "status", "sts/web", "-n", ns, "--timeout=120s").stdout())
        .endsWith("partitioned roll out complete: 2 new pods have been updated...\n");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(images())
                  .isEqualTo(
                      "web-0=registry.k8s.io/nginx-slim:0.27,web-1=registry.k8s.io/nginx-slim:0.27");
              StatefulSet done = web();
              assertThat(done.getStatus().getCurrentRevision())
                  .isEqualTo(done.getStatus().getUpdateRevision());
            });

    List<List<String>> history = table(kubectl.ok("rollout", "history", "sts/web", "-n", ns));
    assertThat(history)
        .contains(
            List.of("REVISION", "CHANGE-CAUSE"), List.of("1", "<none>"), List.of("2", "<none>"));
    assertThat(kubectl.ok("rollout", "undo", "sts/web", "-n", ns).stdout())
        .contains("statefulset.apps/web rolled back");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(images())
                  .isEqualTo(
                      "web-0=registry.k8s.io/nginx-slim:0.24,web-1=registry.k8s.io/nginx-slim:0.24");
              assertThat(livePods()).allMatch(StatefulSetIT::ready);
            });
    assertThat(table(kubectl.ok("rollout", "history", "sts/web", "-n", ns)))
        .contains(List.of("2", "<none>"), List.of("3", "<none>"))
        .doesNotContain(List.of("1", "<none>"));
  }

  @Test
  @Order(4)
  void webZeroDeletedComesBackWithTheSameClaim() {
    Pod before = livePods().get(0);
    String claimUid =
        client
            .persistentVolumeClaims()
            .inNamespace(ns)
            .withName("www-web-0")
            .get()
            .getMetadata()
            .getUid();
    kubectl.ok("delete", "pod", "web-0", "-n", ns);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Pod after = livePods().get(0);
              assertThat(after.getMetadata().getName()).isEqualTo("web-0");
              assertThat(after.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
              assertThat(ready(after)).isTrue();
              assertThat(
                      after.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName())
                  .isEqualTo("www-web-0");
            });
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace(ns)
                .withName("www-web-0")
                .get()
                .getMetadata()
                .getUid())
        .isEqualTo(claimUid);
  }
}
