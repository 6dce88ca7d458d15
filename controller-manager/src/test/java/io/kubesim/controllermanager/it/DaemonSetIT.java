package io.kubesim.controllermanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.controllermanager.ControllerManager;
import io.kubesim.controllermanager.deployment.PodTemplateHash;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.vertx.core.Promise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The DaemonSet controller through the real kubectl, on nodes named like kind's: the docs'
 * fluentd-elasticsearch example puts one pod on every node, the control plane included (it
 * tolerates the control-plane taint); pods follow nodes added, tainted, cordoned and relabelled; an
 * image change rolls out, and {@code kubectl rollout status|history|undo|restart} work on it. A
 * {@link FakeKubelet} binds each pod to the node its node affinity names and marks it Ready; the
 * test renews the nodes' Leases as their kubelets would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonSetIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String NS = "kube-system";
  private static final String DS = "fluentd-elasticsearch";
  private static final String SELECTOR = "name=fluentd-elasticsearch";
  private static final String CONTROL_PLANE = "kubesim-control-plane";
  private static final String WORKER = "kubesim-worker";
  private static final String WORKER2 = "kubesim-worker2";
  private static final String WORKER3 = "kubesim-worker3";

  /** The example of the kubernetes.io "DaemonSet" concept page (controllers/daemonset.yaml). */
  private static final String DOCS_EXAMPLE =
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: fluentd-elasticsearch
        namespace: kube-system
        labels:
          k8s-app: fluentd-logging
      spec:
        selector:
          matchLabels:
            name: fluentd-elasticsearch
        template:
          metadata:
            labels:
              name: fluentd-elasticsearch
          spec:
            tolerations:
            # these tolerations are to have the daemonset runnable on control plane nodes
            # remove them if your control plane nodes should not run pods
            - key: node-role.kubernetes.io/control-plane
              operator: Exists
              effect: NoSchedule
            - key: node-role.kubernetes.io/master
              operator: Exists
              effect: NoSchedule
            containers:
            - name: fluentd-elasticsearch
              image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
              resources:
                limits:
                  memory: 200Mi
                requests:
                  cpu: 100m
                  memory: 200Mi
              volumeMounts:
              - name: varlog
                mountPath: /var/log
            # it may be desirable to set a high priority class to ensure that a DaemonSet Pod
            # preempts running Pods
            # priorityClassName: important
            terminationGracePeriodSeconds: 30
            volumes:
            - name: varlog
              hostPath:
                path: /var/log
      """;

  private static KubernetesClient client;
  private static Kubectl kubectl;
  private static FakeKubelet kubelet;
  private static Component.Running controllerManager;
  private static final ScheduledExecutorService kubelets = Executors.newScheduledThreadPool(1);
  private static final List<String> nodes = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    var vertx = TestCluster.server().cluster().vertx();
    ApiClient api = new ApiClient(new BusApiClient(vertx, 30_000));
    client = TestCluster.client();
    kubectl = new Kubectl();
    // Every node of the cluster runs the example's pod: nodes other ITs left behind go.
    client.nodes().list().getItems().forEach(n -> client.nodes().resource(n).delete());
    node(CONTROL_PLANE, true);
    node(WORKER, false);
    node(WORKER2, false);
    kubelets.scheduleAtFixedRate(DaemonSetIT::renewLeases, 1, 1, TimeUnit.SECONDS);
    LeaderElectionConfig election =
        LeaderElectionConfig.defaults(ControllerManager.LEASE_NAME, "ds_" + UUID.randomUUID())
            .withDurations(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(500));
    ControllerManager cm =
        new ControllerManager(
            new ControllerManager.Options(
                election, Duration.ofSeconds(10), Clock.systemUTC(), null));
    Promise<Component.Running> started = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(v -> cm.start(vertx, api, Metrics.newRegistry()).onComplete(started));
    controllerManager =
        started.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    kubelet = new FakeKubelet(api, 500, ns -> ns.equals(NS) || ns.startsWith("cm-ds"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (kubectl != null) {
      kubectl.run("delete", "ds", DS, "-n", NS, "--ignore-not-found");
    }
    if (kubelet != null) {
      kubelet.close();
    }
    kubelets.shutdownNow();
    if (controllerManager != null) {
      controllerManager.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (client != null) {
      nodes.forEach(n -> client.nodes().withName(n).delete());
      client.close();
    }
  }

  /** Registers a node as its kubelet would (Ready, with a Lease), the control plane tainted. */
  static void node(String name, boolean controlPlane) {
    NodeBuilder builder =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("kubernetes.io/hostname", name)
            .addToLabels("kubernetes.io/os", "linux")
            .endMetadata();
    if (controlPlane) {
      builder
          .editMetadata()
          .addToLabels("node-role.kubernetes.io/control-plane", "")
          .endMetadata()
          .withNewSpec()
          .addToTaints(new Taint("NoSchedule", "node-role.kubernetes.io/control-plane", null, null))
          .endSpec();
    }
    Node node = client.nodes().resource(builder.build()).create();
    String now = Instant.now().toString();
    node.setStatus(
        new NodeStatusBuilder()
            .withConditions(
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
                .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
                .endSpec()
                .build())
        .createOr(existing -> existing.update());
    nodes.add(name);
  }

  static void renewLeases() {
    for (String name : List.copyOf(nodes)) {
      try {
        Lease lease = client.leases().inNamespace("kube-node-lease").withName(name).get();
        if (lease != null) {
          lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
          client.leases().inNamespace("kube-node-lease").resource(lease).update();
        }
      } catch (RuntimeException e) {
        // a conflict: the next renewal tries again, as a kubelet's would
      }
    }
  }

  static List<Pod> livePods(String ns, String selector) {
    return client.pods().inNamespace(ns).withLabelSelector(selector).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  /** The nodes the selector's live pods are bound to, one entry per pod. */
  static List<String> podNodes(String ns, String selector) {
    return livePods(ns, selector).stream()
        .map(p -> p.getSpec().getNodeName() == null ? "<unbound>" : p.getSpec().getNodeName())
        .sorted()
        .toList();
  }

  static void awaitPodsOn(String ns, String selector, String... expected) {
    List<String> sorted = Arrays.stream(expected).sorted().toList();
    await().atMost(WAIT).untilAsserted(() -> assertThat(podNodes(ns, selector)).isEqualTo(sorted));
  }

  static DaemonSet daemonSet(String ns, String name) {
    return client.apps().daemonSets().inNamespace(ns).withName(name).get();
  }

  /** The table kubectl prints, as rows of cells (columns split on two or more spaces). */
  static List<List<String>> table(Kubectl.Result result) {
    return result
        .stdout()
        .lines()
        .map(line -> Arrays.asList(line.trim().split("\\s{2,}")))
        .collect(Collectors.toList());
  }

  static void apply(String yaml) throws Exception {
    Path file = Files.createTempFile("ds", ".yaml");
    Files.writeString(file, yaml);
    try {
      kubectl.ok("apply", "-f", file.toString());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  // ----------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void theDocsExampleRunsOnePodOnEveryNodeTheControlPlaneIncluded() throws Exception {
    apply(DOCS_EXAMPLE);
    awaitPodsOn(NS, SELECTOR, CONTROL_PLANE, WORKER, WORKER2);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<List<String>> rows = table(kubectl.ok("get", "ds", "-n", NS));
              assertThat(rows.get(0))
                  .containsExactly(
                      "NAME",
                      "DESIRED",
                      "CURRENT",
                      "READY",
                      "UP-TO-DATE",
                      "AVAILABLE",
                      "NODE SELECTOR",
                      "AGE");
              assertThat(rows).hasSize(2);
              assertThat(rows.get(1).subList(0, 7))
                  .containsExactly(DS, "3", "3", "3", "3", "3", "<none>");
            });
    assertThat(table(kubectl.ok("get", "ds", DS, "-n", NS, "-o", "wide")).get(0))
        .containsSequence("AGE", "CONTAINERS", "IMAGES", "SELECTOR");

    Pod pod = livePods(NS, SELECTOR).get(0);
    assertThat(pod.getMetadata().getName()).startsWith(DS + "-");
    assertThat(pod.getMetadata().getLabels())
        .containsKeys("controller-revision-hash")
        .containsEntry("pod-template-generation", "1");
    var field =
        pod.getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms()
            .get(0)
            .getMatchFields()
            .get(0);
    assertThat(field.getKey()).isEqualTo("metadata.name");
    assertThat(field.getValues()).containsExactly(pod.getSpec().getNodeName());
    assertThat(
            pod.getSpec().getTolerations().stream()
                .map(t -> t.getKey() + ":" + t.getEffect() + ":" + t.getTolerationSeconds())
                .toList())
        .containsExactly(
            "node-role.kubernetes.io/control-plane:NoSchedule:null",
            "node-role.kubernetes.io/master:NoSchedule:null",
            "node.kubernetes.io/not-ready:NoExecute:null",
            "node.kubernetes.io/unreachable:NoExecute:null",
            "node.kubernetes.io/disk-pressure:NoSchedule:null",
            "node.kubernetes.io/memory-pressure:NoSchedule:null",
            "node.kubernetes.io/pid-pressure:NoSchedule:null",
            "node.kubernetes.io/unschedulable:NoSchedule:null");

    String hash = pod.getMetadata().getLabels().get("controller-revision-hash");
    List<List<String>> revisions =
        table(kubectl.ok("get", "controllerrevisions", "-n", NS, "-l", SELECTOR));
    assertThat(revisions.get(0)).containsExactly("NAME", "CONTROLLER", "REVISION", "AGE");
    assertThat(revisions).hasSize(2);
    assertThat(revisions.get(1).subList(0, 3))
        .containsExactly(DS + "-" + hash, "daemonset.apps/" + DS, "1");

    DaemonSet ds = daemonSet(NS, DS);
    assertThat(ds.getMetadata().getAnnotations())
        .containsEntry("deprecated.daemonset.template.generation", "1");
    assertThat(ds.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(ds.getStatus().getNumberMisscheduled()).isZero();
    assertThat(ds.getStatus().getNumberUnavailable()).isNull();

    String events =
        kubectl
            .ok("get", "events", "-n", NS, "--field-selector", "involvedObject.name=" + DS)
            .stdout();
    assertThat(events).contains("SuccessfulCreate").contains("Created pod: " + DS + "-");
    String describe = kubectl.ok("describe", "ds", DS, "-n", NS).stdout();
    assertThat(describe)
        .contains("Desired Number of Nodes Scheduled: 3")
        .contains("Current Number of Nodes Scheduled: 3")
        .contains("Number of Nodes Scheduled with Up-to-date Pods: 3")
        .contains("Number of Nodes Misscheduled: 0");
  }

  @Test
  @Order(2)
  void podsFollowNodesAddedTaintedCordonedAndRemoved() {
    node(WORKER3, false);
    awaitPodsOn(NS, SELECTOR, CONTROL_PLANE, WORKER, WORKER2, WORKER3);

    // cordon keeps the pod, and a deleted pod comes back: daemon pods tolerate unschedulable
    kubectl.ok("cordon", WORKER);
    Pod onWorker =
        livePods(NS, SELECTOR).stream()
            .filter(p -> WORKER.equals(p.getSpec().getNodeName()))
            .findFirst()
            .orElseThrow();
    kubectl.ok("delete", "pod", onWorker.getMetadata().getName(), "-n", NS, "--wait=false");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(livePods(NS, SELECTOR))
                    .anyMatch(
                        p ->
                            WORKER.equals(p.getSpec().getNodeName())
                                && !p.getMetadata()
                                    .getName()
                                    .equals(onWorker.getMetadata().getName())));
    kubectl.ok("uncordon", WORKER);

    // a NoExecute taint the pod does not tolerate evicts it; removing it brings a pod back
    kubectl.ok("taint", "node", WORKER2, "dedicated=logging:NoExecute");
    awaitPodsOn(NS, SELECTOR, CONTROL_PLANE, WORKER, WORKER3);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(daemonSet(NS, DS).getStatus().getDesiredNumberScheduled()).isEqualTo(3));
    kubectl.ok("taint", "node", WORKER2, "dedicated=logging:NoExecute-");
    awaitPodsOn(NS, SELECTOR, CONTROL_PLANE, WORKER, WORKER2, WORKER3);

    // a NoSchedule taint added later leaves the pod there, counted as misscheduled
    kubectl.ok("taint", "node", WORKER3, "dedicated=logging:NoSchedule");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              DaemonSet ds = daemonSet(NS, DS);
              assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(3);
              assertThat(ds.getStatus().getNumberMisscheduled()).isEqualTo(1);
            });
    assertThat(podNodes(NS, SELECTOR)).contains(WORKER3);
    kubectl.ok("taint", "node", WORKER3, "dedicated=logging:NoSchedule-");

    // a node that goes away is no longer counted
    kubectl.ok("delete", "node", WORKER3);
    nodes.remove(WORKER3);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              DaemonSet ds = daemonSet(NS, DS);
              assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(3);
              assertThat(ds.getStatus().getNumberMisscheduled()).isZero();
            });
    client.pods().inNamespace(NS).withLabelSelector(SELECTOR).list().getItems().stream()
        .filter(p -> WORKER3.equals(p.getSpec().getNodeName()))
        .forEach(p -> client.pods().resource(p).withGracePeriod(0).delete());
  }

  @Test
  @Order(3)
  void aNodeSelectorFollowsNodeLabels() throws Exception {
    String ns = "cm-ds-" + UUID.randomUUID().toString().substring(0, 6);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    apply(
        """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: ssd-monitor
          namespace: %s
        spec:
          selector:
            matchLabels:
              app: ssd-monitor
          template:
            metadata:
              labels:
                app: ssd-monitor
            spec:
              nodeSelector:
                disk: ssd
              containers:
              - name: main
                image: busybox
        """
            .formatted(ns));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              DaemonSet ds = daemonSet(ns, "ssd-monitor");
              assertThat(ds.getStatus()).isNotNull();
              assertThat(ds.getStatus().getObservedGeneration()).isEqualTo(1L);
              assertThat(ds.getStatus().getDesiredNumberScheduled()).isZero();
            });
    assertThat(podNodes(ns, "app=ssd-monitor")).isEmpty();
    kubectl.ok("label", "node", WORKER2, "disk=ssd");
    awaitPodsOn(ns, "app=ssd-monitor", WORKER2);
    assertThat(table(kubectl.ok("get", "ds", "ssd-monitor", "-n", ns)).get(1)).contains("disk=ssd");
    kubectl.ok("label", "node", WORKER2, "disk-");
    awaitPodsOn(ns, "app=ssd-monitor");
    kubectl.ok("delete", "namespace", ns, "--wait=false");
  }

  @Test
  @Order(4)
  void anImageChangeRollsOutAndRolloutHistoryUndoAndRestartWork() {
    kubectl.ok(
        "set",
        "image",
        "ds/" + DS,
        "-n",
        NS,
        "fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v2.6.0");
    Kubectl.Result status = kubectl.ok("rollout", "status", "ds/" + DS, "-n", NS, "--timeout=120s");
    assertThat(status.stdout())
        .contains("Waiting for daemon set")
        .endsWith("daemon set \"" + DS + "\" successfully rolled out\n");
    assertThat(images()).containsOnly("quay.io/fluentd_elasticsearch/fluentd:v2.6.0");
    assertThat(livePods(NS, SELECTOR))
        .extracting(p -> p.getMetadata().getLabels().get("pod-template-generation"))
        .containsOnly("2");

    assertThat(table(kubectl.ok("rollout", "history", "ds/" + DS, "-n", NS)))
        .containsSubsequence(
            List.of("daemonset.apps/" + DS),
            List.of("REVISION", "CHANGE-CAUSE"),
            List.of("1", "<none>"),
            List.of("2", "<none>"));
    assertThat(kubectl.ok("rollout", "history", "ds/" + DS, "-n", NS, "--revision=1").stdout())
        .contains("daemonset.apps/" + DS + " with revision #1")
        .containsPattern("Image:\\s+quay.io/fluentd_elasticsearch/fluentd:v2.5.2");

    assertThat(kubectl.ok("rollout", "undo", "ds/" + DS, "-n", NS).stdout())
        .isEqualTo("daemonset.apps/" + DS + " rolled back\n");
    kubectl.ok("rollout", "status", "ds/" + DS, "-n", NS, "--timeout=120s");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(images()).containsOnly("quay.io/fluentd_elasticsearch/fluentd:v2.5.2"));
    // the first revision came back as the third; kubectl sees the template already matches it
    assertThat(table(kubectl.ok("rollout", "history", "ds/" + DS, "-n", NS)))
        .containsSubsequence(List.of("2", "<none>"), List.of("3", "<none>"))
        .doesNotContain(List.of("1", "<none>"));
    assertThat(kubectl.ok("rollout", "undo", "ds/" + DS, "-n", NS, "--to-revision=3").stdout())
        .isEqualTo(
            "daemonset.apps/"
                + DS
                + " skipped rollback (current template already matches revision 3)\n");

    kubectl.ok("rollout", "restart", "ds/" + DS, "-n", NS);
    kubectl.ok("rollout", "status", "ds/" + DS, "-n", NS, "--timeout=120s");
    assertThat(table(kubectl.ok("rollout", "history", "ds/" + DS, "-n", NS)))
        .contains(List.of("4", "<none>"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(livePods(NS, SELECTOR))
                    .extracting(
                        p ->
                            p.getMetadata()
                                .getAnnotations()
                                .get("kubectl.kubernetes.io/restartedAt"))
                    .hasSize(3)
                    .doesNotContainNull());
    String events =
        kubectl
            .ok("get", "events", "-n", NS, "--field-selector", "involvedObject.name=" + DS)
            .stdout();
    assertThat(events).contains("SuccessfulDelete").contains("Deleted pod: " + DS + "-");
  }

  static Set<String> images() {
    return livePods(NS, SELECTOR).stream()
        .map(p -> p.getSpec().getContainers().get(0).getImage())
        .collect(Collectors.toSet());
  }

  @Test
  @Order(5)
  void onDeleteWaitsForAPodToBeDeletedAndMaxSurgeStartsTheNewPodFirst() throws Exception {
    kubectl.ok(
        "patch",
        "ds",
        DS,
        "-n",
        NS,
        "--type=merge",
        "-p",
        "{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}");
    kubectl.ok("set", "image", "ds/" + DS, "-n", NS, "fluentd-elasticsearch=fluentd:v3");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              DaemonSet ds = daemonSet(NS, DS);
              assertThat(ds.getStatus().getObservedGeneration())
                  .isEqualTo(ds.getMetadata().getGeneration());
              assertThat(ds.getStatus().getUpdatedNumberScheduled()).isNull();
            });
    assertThat(images()).doesNotContain("fluentd:v3");
    Pod first = livePods(NS, SELECTOR).get(0);
    kubectl.ok("delete", "pod", first.getMetadata().getName(), "-n", NS, "--wait=false");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(livePods(NS, SELECTOR))
                    .filteredOn(p -> p.getSpec().getNodeName() != null)
                    .filteredOn(
                        p -> p.getSpec().getNodeName().equals(first.getSpec().getNodeName()))
                    .singleElement()
                    .satisfies(
                        p ->
                            assertThat(p.getSpec().getContainers().get(0).getImage())
                                .isEqualTo("fluentd:v3")));
    assertThat(kubectl.run("rollout", "status", "ds/" + DS, "-n", NS).stderr())
        .contains("rollout status is only available for RollingUpdate strategy type");

    kubectl.ok(
        "patch",
        "ds",
        DS,
        "-n",
        NS,
        "--type=merge",
        "-p",
        "{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\","
            + "\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}}}}");
    kubectl.ok("set", "image", "ds/" + DS, "-n", NS, "fluentd-elasticsearch=fluentd:v4");
    // surge: a node holds its old pod and the new one until the new one is ready
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<String, Long> perNode =
                  livePods(NS, SELECTOR).stream()
                      .filter(p -> p.getSpec().getNodeName() != null)
                      .collect(
                          Collectors.groupingBy(
                              p -> p.getSpec().getNodeName(), Collectors.counting()));
              assertThat(perNode.values()).contains(2L);
            });
    kubectl.ok("rollout", "status", "ds/" + DS, "-n", NS, "--timeout=120s");
    awaitPodsOn(NS, SELECTOR, CONTROL_PLANE, WORKER, WORKER2);
    assertThat(images()).containsOnly("fluentd:v4");
  }

  @Test
  @Order(6)
  void aRevisionNameTakenByAnotherTemplateRaisesTheCollisionCount() throws Exception {
    String ns = "cm-ds-" + UUID.randomUUID().toString().substring(0, 6);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    apply(
        """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
          namespace: %s
        spec:
          selector:
            matchLabels:
              app: agent
          template:
            metadata:
              labels:
                app: agent
            spec:
              containers:
              - name: main
                image: agent:1
        """
            .formatted(ns));
    awaitPodsOn(ns, "app=agent", CONTROL_PLANE_FREE);
    // the name the next template's revision will want, squatted by a revision of something else
    DaemonSet next = daemonSet(ns, "agent");
    next.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("agent:2");
    String wanted = "agent-" + PodTemplateHash.compute(next.getSpec().getTemplate(), null);
    client
        .apps()
        .controllerRevisions()
        .inNamespace(ns)
        .resource(
            new ControllerRevisionBuilder()
                .withNewMetadata()
                .withName(wanted)
                .addToLabels("app", "squatter")
                .endMetadata()
                .withData(Map.of("spec", Map.of()))
                .withRevision(1L)
                .build())
        .create();
    kubectl.ok("set", "image", "ds/agent", "-n", ns, "main=agent:2");
    kubectl.ok("rollout", "status", "ds/agent", "-n", ns, "--timeout=120s");
    DaemonSet ds = daemonSet(ns, "agent");
    assertThat(ds.getStatus().getCollisionCount()).isEqualTo(1);
    String hash =
        livePods(ns, "app=agent").get(0).getMetadata().getLabels().get("controller-revision-hash");
    assertThat("agent-" + hash).isNotEqualTo(wanted);
    assertThat(client.apps().controllerRevisions().inNamespace(ns).withName(wanted).get())
        .satisfies(r -> assertThat(r.getMetadata().getOwnerReferences()).isEmpty());
    kubectl.ok("delete", "namespace", ns, "--wait=false");
  }

  private static final String[] CONTROL_PLANE_FREE = {WORKER, WORKER2};
}
