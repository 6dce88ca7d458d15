package io.kubesim.controllermanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.controllermanager.ControllerManager;
import io.kubesim.controllermanager.attachdetach.AttachDetachController;
import io.kubesim.controllermanager.localpath.LocalPathProvisioner;
import io.kubesim.controllermanager.persistentvolume.PersistentVolumeController;
import io.kubesim.controllermanager.pvcprotection.PvcProtectionController;
import io.kubesim.controllermanager.pvprotection.PvProtectionController;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import io.kubesim.scheduler.SchedulerComponent;
import io.kubesim.scheduler.SchedulerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Storage through the real kubectl on a small cluster in one JVM: the test apiserver (with the
 * default StorageClass and the storage admission plugins), the PV controller, the pvc- and
 * pv-protection controllers, the local-path provisioner, the scheduler and two simulated nodes. The
 * kubernetes.io task "Configure a Pod to Use a PersistentVolume for Storage" is applied with its
 * manifests unmodified.
 */
class StorageIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> NODES = List.of("storage-worker", "storage-worker2");

  private static final String PV_VOLUME =
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: task-pv-volume
        labels:
          type: local
      spec:
        storageClassName: manual
        capacity:
          storage: 10Gi
        accessModes:
          - ReadWriteOnce
        hostPath:
          path: "/mnt/data"
      """;

  private static final String PV_CLAIM =
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: task-pv-claim
      spec:
        storageClassName: manual
        accessModes:
          - ReadWriteOnce
        resources:
          requests:
            storage: 3Gi
      """;

  private static final String PV_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: task-pv-pod
      spec:
        volumes:
          - name: task-pv-storage
            persistentVolumeClaim:
              claimName: task-pv-claim
        containers:
          - name: task-pv-container
            image: nginx
            ports:
              - containerPort: 80
                name: "http-server"
            volumeMounts:
              - mountPath: "/usr/share/nginx/html"
                name: task-pv-storage
      """;

  private static ApiClient api;
  private static Kubectl kubectl;
  private static final List<Component.Running> running = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Vertx vertx = TestCluster.server().cluster().vertx();
    api = new ApiClient(new BusApiClient(vertx, 30_000));
    kubectl = new Kubectl();
    List<NodeConfig> nodes =
        NodeConfig.fromEnv(
            Map.of("KUBESIM_NODES", String.join(",", NODES), "KUBESIM_NODE_IP", "127.0.0.1"),
            NODES.get(0));
    running.add(
        ControllerManagerIT.get(
            new Kubelet(nodes, Clock.systemUTC(), Duration.ofMinutes(5))
                .start(vertx, api, Metrics.newRegistry())));
    MeterRegistry registry = Metrics.newRegistry();
    ControllerManager cm =
        new ControllerManager(
            new ControllerManager.Options(
                LeaderElectionConfig.defaults(
                        ControllerManager.LEASE_NAME, "storage_" + UUID.randomUUID())
                    .withDurations(
                        Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(500)),
                Duration.ofSeconds(10),
                Clock.systemUTC(),
                null),
            List.of(
                PersistentVolumeController::new,
                PvcProtectionController::new,
                PvProtectionController::new,
                AttachDetachController::new,
                LocalPathProvisioner::new));
    Promise<Component.Running> started = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(v -> cm.start(vertx, api, registry).onComplete(started));
    running.add(ControllerManagerIT.get(started.future()));
    await().atMost(WAIT).until(() -> ControllerManagerIT.master(registry) == 1);
    running.add(
        ControllerManagerIT.get(
            new SchedulerComponent(
                    SchedulerConfig.fromEnv(Map.of())
                        .withLeaderElection(
                            LeaderElectionConfig.defaults(
                                    SchedulerConfig.LEASE_NAME, SchedulerConfig.identity())
                                .withDurations(
                                    Duration.ofSeconds(4),
                                    Duration.ofSeconds(3),
                                    Duration.ofMillis(500))))
                .start(vertx, api, Metrics.newRegistry())));
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      ControllerManagerIT.get(running.get(i).stop());
    }
    for (String node : NODES) {
      ControllerManagerIT.get(api.delete(ResourcePath.NODES.item(null, node)).otherwiseEmpty());
    }
  }

  private static String namespace(String prefix) {
    String ns = "storage-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    kubectl.ok("create", "namespace", ns);
    return ns;
  }

  private static Kubectl.Result apply(String ns, String yaml) throws Exception {
    Path file = Files.createTempFile("storage", ".yaml");
    Files.writeString(file, yaml);
    Kubectl.Result result = kubectl.run("apply", "-n", ns, "-f", file.toString());
    Files.delete(file);
    return result;
  }

  private static String get(String... args) {
    return kubectl.ok(args).stdout();
  }

  private static String jsonpath(String ns, String what, String path) {
    return get("get", what, "-n", ns, "-o", "jsonpath=" + path);
  }

  private static void awaitPhase(String ns, String what, String phase) {
    await().atMost(WAIT).until(() -> jsonpath(ns, what, "{.status.phase}"), phase::equals);
  }

  @Test
  void theDocsTaskBindsTheClaimToTheVolumeAndReleasesItOnDelete() throws Exception {
    String ns = namespace("task");
    assertThat(apply(ns, PV_VOLUME).stdout())
        .isEqualTo("persistentvolume/task-pv-volume created\n");
    await()
        .atMost(WAIT)
        .until(() -> get("get", "pv", "task-pv-volume"), t -> t.contains("Available"));
    assertThat(get("get", "pv", "task-pv-volume"))
        .containsPattern(
            "NAME\\s+CAPACITY\\s+ACCESS MODES\\s+RECLAIM POLICY\\s+STATUS\\s+CLAIM\\s+STORAGECLASS"
                + "\\s+VOLUMEATTRIBUTESCLASS\\s+REASON\\s+AGE\n")
        .containsPattern(
            "task-pv-volume\\s+10Gi\\s+RWO\\s+Retain\\s+Available\\s+manual\\s+<unset>\\s+\\d+s\n");

    assertThat(apply(ns, PV_CLAIM).stdout())
        .isEqualTo("persistentvolumeclaim/task-pv-claim created\n");
    awaitPhase(ns, "pvc/task-pv-claim", "Bound");
    assertThat(get("get", "pv", "task-pv-volume"))
        .containsPattern(
            "task-pv-volume\\s+10Gi\\s+RWO\\s+Retain\\s+Bound\\s+"
                + ns
                + "/task-pv-claim\\s+manual\\s+<unset>\\s+\\d+s\n");
    assertThat(get("get", "pvc", "task-pv-claim", "-n", ns))
        .containsPattern(
            "NAME\\s+STATUS\\s+VOLUME\\s+CAPACITY\\s+ACCESS MODES\\s+STORAGECLASS"
                + "\\s+VOLUMEATTRIBUTESCLASS\\s+AGE\n")
        .containsPattern(
            "task-pv-claim\\s+Bound\\s+task-pv-volume\\s+10Gi\\s+RWO\\s+manual\\s+<unset>\\s+\\d+s\n");
    assertThat(get("describe", "pvc", "task-pv-claim", "-n", ns))
        .contains("Annotations:   pv.kubernetes.io/bind-completed: yes\n")
        .contains("               pv.kubernetes.io/bound-by-controller: yes\n");
    assertThat(jsonpath(ns, "pvc/task-pv-claim", "{.metadata.finalizers}"))
        .isEqualTo("[\"kubernetes.io/pvc-protection\"]");
    assertThat(get("get", "pv", "task-pv-volume", "-o", "jsonpath={.metadata.finalizers}"))
        .isEqualTo("[\"kubernetes.io/pv-protection\"]");

    assertThat(apply(ns, PV_POD).stdout()).isEqualTo("pod/task-pv-pod created\n");
    awaitPhase(ns, "pod/task-pv-pod", "Running");

    kubectl.ok("delete", "pod", "task-pv-pod", "-n", ns, "--grace-period=0", "--force");
    kubectl.ok("delete", "pvc", "task-pv-claim", "-n", ns);
    await()
        .atMost(WAIT)
        .until(() -> get("get", "pv", "task-pv-volume"), t -> t.contains("Released"));
    assertThat(get("get", "pv", "task-pv-volume"))
        .containsPattern(
            "task-pv-volume\\s+10Gi\\s+RWO\\s+Retain\\s+Released\\s+"
                + ns
                + "/task-pv-claim\\s+manual\\s+<unset>\\s+\\d+s\n");
    kubectl.ok("delete", "pv", "task-pv-volume");
    assertThat(kubectl.run("get", "pv", "task-pv-volume").stderr())
        .contains("persistentvolumes \"task-pv-volume\" not found");
  }

  @Test
  void aClaimOfTheDefaultClassIsProvisionedOnTheNodeOfItsFirstPodAndDeletedWithIt()
      throws Exception {
    String ns = namespace("dynamic");
    assertThat(get("get", "sc", "standard"))
        .containsPattern(
            "NAME\\s+PROVISIONER\\s+RECLAIMPOLICY\\s+VOLUMEBINDINGMODE\\s+ALLOWVOLUMEEXPANSION\\s+AGE\n"
                + "standard \\(default\\)\\s+rancher.io/local-path\\s+Delete\\s+WaitForFirstConsumer"
                + "\\s+false\\s+\\S+\n");
    apply(
        ns,
        """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: data
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Gi
        """);
    await()
        .atMost(WAIT)
        .until(
            () -> get("describe", "pvc", "data", "-n", ns),
            d -> d.contains("WaitForFirstConsumer"));
    assertThat(get("get", "pvc", "data", "-n", ns))
        .containsPattern("data\\s+Pending\\s+standard\\s+<unset>\\s+\\d+s\n");
    assertThat(get("describe", "pvc", "data", "-n", ns))
        .containsPattern("StorageClass:\\s+standard\n")
        .containsPattern(
            "Normal\\s+WaitForFirstConsumer\\s+.+?\\s+persistentvolume-controller\\s+waiting for"
                + " first consumer to be created before binding");

    kubectl.ok(
        "run",
        "web",
        "-n",
        ns,
        "--image=nginx",
        "--overrides",
        "{\"spec\":{\"volumes\":[{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"data\"}}]}}");
    awaitPhase(ns, "pvc/data", "Bound");
    awaitPhase(ns, "pod/web", "Running");
    String uid = jsonpath(ns, "pvc/data", "{.metadata.uid}");
    String node = jsonpath(ns, "pod/web", "{.spec.nodeName}");
    assertThat(
            jsonpath(
                ns, "pvc/data", "{.metadata.annotations.volume\\.kubernetes\\.io/selected-node}"))
        .isEqualTo(node);
    assertThat(jsonpath(ns, "pvc/data", "{.spec.volumeName}")).isEqualTo("pvc-" + uid);
    assertThat(
            get(
                "get",
                "pv",
                "pvc-" + uid,
                "-o",
                "jsonpath={.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]} {.spec.hostPath.path} {.metadata.annotations.pv\\.kubernetes\\.io/provisioned-by}"))
        .isEqualTo(
            node
                + " /var/local-path-provisioner/pvc-"
                + uid
                + "_"
                + ns
                + "_data rancher.io/local-path");
    assertThat(get("get", "pv", "pvc-" + uid))
        .containsPattern(
            "pvc-"
                + uid
                + "\\s+1Gi\\s+RWO\\s+Delete\\s+Bound\\s+"
                + ns
                + "/data\\s+standard\\s+<unset>\\s+\\d+s\n");
    assertThat(get("describe", "pvc", "data", "-n", ns))
        .containsPattern(
            "Normal\\s+ExternalProvisioning\\s+.+?\\s+persistentvolume-controller\\s+Waiting for a"
                + " volume to be created either by the external provisioner 'rancher.io/local-path'"
                + " or manually by the system administrator. If volume creation is delayed, please"
                + " verify that the provisioner is running and correctly registered.")
        .containsPattern(
            "Normal\\s+Provisioning\\s+.+?\\s+rancher.io/local-path_local-path-provisioner_\\S+"
                + "\\s+External provisioner is provisioning volume for claim \""
                + ns
                + "/data\"")
        .containsPattern(
            "Normal\\s+ProvisioningSucceeded\\s+.+?\\s+rancher.io/local-path_local-path-provisioner_\\S+"
                + "\\s+Successfully provisioned volume pvc-"
                + uid);

    // a used claim stays Terminating until its pod is gone
    kubectl.ok("delete", "pvc", "data", "-n", ns, "--wait=false");
    await()
        .atMost(WAIT)
        .until(() -> get("get", "pvc", "data", "-n", ns), t -> t.contains("Terminating"));
    assertThat(jsonpath(ns, "pvc/data", "{.metadata.finalizers}"))
        .isEqualTo("[\"kubernetes.io/pvc-protection\"]");
    assertThat(get("get", "pv", "pvc-" + uid)).contains("Bound");
    kubectl.ok("delete", "pod", "web", "-n", ns, "--grace-period=0", "--force");
    await()
        .atMost(WAIT)
        .until(
            () -> kubectl.run("get", "pvc", "data", "-n", ns).stderr(),
            e -> e.contains("not found"));
    await()
        .atMost(WAIT)
        .until(() -> kubectl.run("get", "pv", "pvc-" + uid).stderr(), e -> e.contains("not found"));
  }

  @Test
  void aPodWhoseClaimDoesNotExistStaysPendingWithTheSchedulersMessage() throws Exception {
    String ns = namespace("missing");
    kubectl.ok(
        "run",
        "web",
        "-n",
        ns,
        "--image=nginx",
        "--overrides",
        "{\"spec\":{\"volumes\":[{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"missing\"}}]}}");
    await()
        .atMost(WAIT)
        .until(() -> get("describe", "pod", "web", "-n", ns), d -> d.contains("FailedScheduling"));
    assertThat(get("describe", "pod", "web", "-n", ns))
        .containsPattern(
            "Warning\\s+FailedScheduling\\s+.+?\\s+default-scheduler\\s+0/\\d+ nodes are available:"
                + " persistentvolumeclaim \"missing\" not found. preemption: 0/\\d+ nodes are"
                + " available: \\d+ Preemption is not helpful for scheduling.");
    assertThat(jsonpath(ns, "pod/web", "{.status.phase}")).isEqualTo("Pending");
  }

  @Test
  void aClaimGrowsOnlyWhenItsClassAllowsExpansion() throws Exception {
    String ns = namespace("expand");
    String className = "expandable-" + ns.substring(ns.length() - 6);
    apply(
        ns,
        """
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata:
          name: %s
        provisioner: rancher.io/local-path
        volumeBindingMode: Immediate
        allowVolumeExpansion: true
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: grows
        spec:
          storageClassName: %s
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Gi
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: fixed
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Gi
        """
            .formatted(className, className));
    awaitPhase(ns, "pvc/grows", "Bound");
    String volume = jsonpath(ns, "pvc/grows", "{.spec.volumeName}");
    assertThat(get("get", "pv", volume, "-o", "jsonpath={.spec.nodeAffinity}")).isEmpty();

    kubectl.ok(
        "patch",
        "pvc",
        "grows",
        "-n",
        ns,
        "-p",
        "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}");
    await()
        .atMost(WAIT)
        .until(() -> jsonpath(ns, "pvc/grows", "{.status.capacity.storage}"), "2Gi"::equals);
    assertThat(get("get", "pv", volume, "-o", "jsonpath={.spec.capacity.storage}"))
        .isEqualTo("2Gi");
    assertThat(get("describe", "pvc", "grows", "-n", ns))
        .containsPattern(
            "Normal\\s+Resizing\\s+.+?\\s+external-resizer rancher.io/local-path\\s+External resizer is resizing volume "
                + volume)
        .containsPattern(
            "Normal\\s+VolumeResizeSuccessful\\s+.+?\\s+external-resizer rancher.io/local-path\\s+Resize volume succeeded");

    Kubectl.Result pending =
        kubectl.run(
            "patch",
            "pvc",
            "fixed",
            "-n",
            ns,
            "-p",
            "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}");
    assertThat(pending.exitCode()).isEqualTo(1);
    assertThat(pending.stderr())
        .contains(
            "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
  }
}
