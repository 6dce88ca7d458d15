package io.kubesim.controllermanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.controllermanager.ControllerManager;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.client.ResourcePath;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.kubesim.kubelet.Kubelet;
import io.kubesim.kubelet.node.NodeConfig;
import io.kubesim.kubelet.volume.VolumeConfig;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Volumes with data, seen through the real kubectl on a cluster in one JVM: the controller-manager,
 * the scheduler and two simulated nodes, each its own kubelet (so that one can die), sharing one
 * data directory as the nodes of compose share their volume. What a learner writes with {@code
 * kubectl exec} or {@code kubectl cp} is kept or lost as the volume's kind says.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VolumesIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String NODE1 = "vol-worker";
  private static final String NODE2 = "vol-worker2";

  private static ApiClient api;
  private static Kubectl kubectl;
  private static VolumeConfig volumes;
  private static Component.Running node1;
  private static final List<Component.Running> running = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Vertx vertx = TestCluster.server().cluster().vertx();
    api = new ApiClient(new BusApiClient(vertx, 30_000));
    kubectl = new Kubectl();
    volumes =
        new VolumeConfig(Files.createTempDirectory("volumes-it"), Duration.ofSeconds(2), 64L << 20);
    node1 = startNode(vertx, NODE1);
    running.add(startNode(vertx, NODE2));
    MeterRegistry registry = Metrics.newRegistry();
    ControllerManager cm =
        new ControllerManager(
            new ControllerManager.Options(
                LeaderElectionConfig.defaults(
                        ControllerManager.LEASE_NAME, "volumes_" + UUID.randomUUID())
                    .withDurations(
                        Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(500)),
                Duration.ofSeconds(10),
                Clock.systemUTC(),
                null));
    Promise<Component.Running> started = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(v -> cm.start(vertx, api, registry).onComplete(started));
    running.add(ControllerManagerIT.get(started.future()));
    await().atMost(WAIT).until(() -> ControllerManagerIT.master(registry) == 1);
    running.add(ControllerManagerIT.scheduler(vertx, api));
  }

  private static Component.Running startNode(Vertx vertx, String name) throws Exception {
    List<NodeConfig> nodes =
        NodeConfig.fromEnv(Map.of("KUBESIM_NODES", name, "KUBESIM_NODE_IP", "127.0.0.1"), name);
    return ControllerManagerIT.get(
        new Kubelet(nodes, Clock.systemUTC(), Duration.ofMinutes(5))
            .withVolumes(volumes)
            .start(vertx, api, Metrics.newRegistry()));
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      ControllerManagerIT.get(running.get(i).stop());
    }
    if (node1 != null) {
      ControllerManagerIT.get(node1.stop());
    }
    for (String node : List.of(NODE1, NODE2)) {
      ControllerManagerIT.get(api.delete(ResourcePath.NODES.item(null, node)).otherwiseEmpty());
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static String namespace(String prefix) {
    String ns = "vol-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    kubectl.ok("create", "namespace", ns);
    return ns;
  }

  private static void apply(String ns, String yaml) throws Exception {
    Path file = Files.createTempFile("volumes", ".yaml");
    Files.writeString(file, yaml);
    kubectl.ok("apply", "-n", ns, "-f", file.toString());
    Files.delete(file);
  }

  private static String jsonpath(String ns, String what, String path) {
    return kubectl.ok("get", what, "-n", ns, "-o", "jsonpath=" + path).stdout();
  }

  private static void awaitRunning(String ns, String pod) {
    await()
        .atMost(WAIT)
        .until(
            () -> kubectl.run("get", "pod", pod, "-n", ns, "-o", "jsonpath={.status.phase}"),
            r -> r.stdout().equals("Running"));
  }

  private static Kubectl.Result sh(String ns, String pod, String script) {
    return kubectl.run("exec", pod, "-n", ns, "--", "sh", "-c", script);
  }

  /** A busybox pod pinned to {@code node} (when not null) with the given volumes and mounts. */
  private static String box(String name, String node, String volumes, String mounts) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
        spec:
          %s
          terminationGracePeriodSeconds: 0
          containers:
          - name: box
            image: busybox
            command: ["sh", "-c", "sleep 3600"]
            volumeMounts:
        %s
          volumes:
        %s
        """
        .formatted(
            name,
            node == null ? "" : "nodeName: " + node,
            mounts.indent(4).stripTrailing(),
            volumes.indent(2).stripTrailing());
  }

  private static void recreate(String ns, String pod, String yaml) throws Exception {
    kubectl.ok("delete", "pod", pod, "-n", ns, "--grace-period=0", "--force", "--wait=true");
    apply(ns, yaml);
    awaitRunning(ns, pod);
  }

  // --- emptyDir ---------------------------------------------------------------------------------

  @Test
  void anEmptyDirOutlivesAContainerRestartButNotItsPod() throws Exception {
    String ns = namespace("empty");
    String yaml =
        box("cache", null, "- name: cache\n  emptyDir: {}", "- name: cache\n  mountPath: /cache")
            .replace(
                "  name: cache\nspec:",
                "  name: cache\n  annotations:\n    kubesim.io/crash-after-seconds: \"8\"\nspec:");
    apply(ns, yaml);
    awaitRunning(ns, "cache");
    assertThat(sh(ns, "cache", "echo kept > /cache/f; echo lost > /tmp/f; cat /cache/f /tmp/f"))
        .extracting(Kubectl.Result::stdout)
        .isEqualTo("kept\nlost\n");
    await()
        .atMost(WAIT)
        .until(
            () -> sh(ns, "cache", "cat /cache/f; ls /tmp"),
            r ->
                r.exitCode() == 0
                    && !jsonpath(ns, "pod/cache", "{.status.containerStatuses[0].restartCount}")
                        .equals("0"));
    assertThat(sh(ns, "cache", "cat /cache/f; cat /tmp/f").toString())
        .contains("kept\n")
        .contains("cat: can't open '/tmp/f': No such file or directory");

    recreate(ns, "cache", yaml);
    assertThat(sh(ns, "cache", "ls /cache; cat /cache/f").stderr())
        .contains("cat: can't open '/cache/f': No such file or directory");
  }

  @Test
  void aMemoryEmptyDirIsFullAtItsSizeLimit() throws Exception {
    String ns = namespace("full");
    apply(
        ns,
        box(
            "full",
            null,
            "- name: mem\n  emptyDir:\n    medium: Memory\n    sizeLimit: 1Ki",
            "- name: mem\n  mountPath: /mem"));
    awaitRunning(ns, "full");
    Kubectl.Result r = sh(ns, "full", "echo " + "x".repeat(1500) + " > /mem/big");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("sh: write error: No space left on device");
    assertThat(sh(ns, "full", "wc -c /mem/big").stdout()).isEqualTo("1024 /mem/big\n");
  }

  // --- hostPath ---------------------------------------------------------------------------------

  @Test
  void hostPathDataStaysOnItsNode() throws Exception {
    String ns = namespace("host");
    String dir = "/srv/" + ns;
    String volume = "- name: host\n  hostPath:\n    path: " + dir + "\n    type: DirectoryOrCreate";
    String mount = "- name: host\n  mountPath: /data";
    apply(ns, box("writer", NODE1, volume, mount));
    apply(ns, box("neighbour", NODE1, volume, mount));
    apply(ns, box("stranger", NODE2, volume, mount));
    for (String pod : List.of("writer", "neighbour", "stranger")) {
      awaitRunning(ns, pod);
    }
    kubectl.ok("exec", "writer", "-n", ns, "--", "sh", "-c", "echo hi > /data/f");
    assertThat(sh(ns, "neighbour", "cat /data/f").stdout()).isEqualTo("hi\n");
    assertThat(sh(ns, "stranger", "cat /data/f").stderr())
        .contains("cat: can't open '/data/f': No such file or directory");

    apply(
        ns,
        box(
            "typed",
            NODE1,
            "- name: host\n  hostPath:\n    path: /no/such/dir\n    type: Directory",
            mount));
    await()
        .atMost(WAIT)
        .until(
            () ->
                kubectl
                    .ok("get", "events", "-n", ns, "--field-selector", "reason=FailedMount")
                    .stdout(),
            out ->
                out.contains(
                    "MountVolume.SetUp failed for volume \"host\" : hostPath type check failed:"
                        + " /no/such/dir is not a directory"));
    assertThat(jsonpath(ns, "pod/typed", "{.status.containerStatuses[0].state.waiting.reason}"))
        .isEqualTo("ContainerCreating");
  }

  // --- configMap, readOnly ----------------------------------------------------------------------

  @Test
  void aConfigMapVolumeIsUpdatedInPlaceExceptItsSubPathMount() throws Exception {
    String ns = namespace("config");
    kubectl.ok("create", "configmap", "game", "-n", ns, "--from-literal=lives=3");
    apply(
        ns,
        box(
            "player",
            null,
            "- name: config\n  configMap:\n    name: game\n    defaultMode: 0400",
            "- name: config\n  mountPath: /etc/game\n- name: config\n  mountPath: /lives\n"
                + "  subPath: lives"));
    awaitRunning(ns, "player");
    assertThat(sh(ns, "player", "cat /etc/game/lives; echo; cat /lives").stdout())
        .isEqualTo("3\n3");
    assertThat(sh(ns, "player", "ls -l /etc/game").stdout())
        .contains("-r--------")
        .contains("lives");
    Kubectl.Result write = sh(ns, "player", "echo 9 > /etc/game/lives");
    assertThat(write.exitCode()).isEqualTo(1);
    assertThat(write.stderr()).contains("sh: can't create /etc/game/lives: Read-only file system");

    kubectl.ok("patch", "configmap", "game", "-n", ns, "-p", "{\"data\":{\"lives\":\"5\"}}");
    await().atMost(WAIT).until(() -> sh(ns, "player", "cat /etc/game/lives").stdout(), "5"::equals);
    assertThat(sh(ns, "player", "cat /lives").stdout()).isEqualTo("3");
  }

  @Test
  void aReadOnlyMountRefusesWrites() throws Exception {
    String ns = namespace("ro");
    apply(
        ns,
        box(
            "reader",
            null,
            "- name: scratch\n  emptyDir: {}",
            "- name: scratch\n  mountPath: /ro\n  readOnly: true"));
    awaitRunning(ns, "reader");
    Kubectl.Result r = sh(ns, "reader", "echo x > /ro/f");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("sh: can't create /ro/f: Read-only file system");
    assertThat(sh(ns, "reader", "mkdir /ro/d").stderr())
        .contains("mkdir: can't create directory '/ro/d': Read-only file system");
  }

  // --- kubectl cp -------------------------------------------------------------------------------

  @Test
  void kubectlCpCopiesIntoAndOutOfAVolume() throws Exception {
    String ns = namespace("cp");
    apply(
        ns, box("files", null, "- name: data\n  emptyDir: {}", "- name: data\n  mountPath: /data"));
    awaitRunning(ns, "files");
    Path local = Files.createTempFile("cp-in", ".txt");
    Files.writeString(local, "from the host\n");
    kubectl.ok("cp", local.toString(), ns + "/files:/data/in.txt");
    assertThat(sh(ns, "files", "cat /data/in.txt").stdout()).isEqualTo("from the host\n");

    sh(ns, "files", "mkdir /data/dir; echo from the pod > /data/dir/out.txt");
    Path back = Files.createTempDirectory("cp-out");
    kubectl.ok("cp", ns + "/files:/data/dir", back.resolve("dir").toString());
    assertThat(Files.readString(back.resolve("dir/out.txt"))).isEqualTo("from the pod\n");
  }

  // --- PersistentVolumes ------------------------------------------------------------------------

  @Test
  void aStatefulSetPodFindsItsDataAgainAndNginxServesIt() throws Exception {
    String ns = namespace("sts");
    apply(
        ns,
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
        spec:
          serviceName: nginx
          replicas: 1
          selector:
            matchLabels:
              app: nginx
          template:
            metadata:
              labels:
                app: nginx
            spec:
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
              accessModes: ["ReadWriteOnce"]
              resources:
                requests:
                  storage: 1Gi
        """);
    apply(ns, box("client", null, "- name: tmp\n  emptyDir: {}", "- name: tmp\n  mountPath: /x"));
    awaitRunning(ns, "web-0");
    awaitRunning(ns, "client");
    kubectl.ok(
        "exec",
        "web-0",
        "-n",
        ns,
        "--",
        "sh",
        "-c",
        "echo hello from web-0 > /usr/share/nginx/html/index.html");
    String uid = jsonpath(ns, "pod/web-0", "{.metadata.uid}");

    kubectl.ok("delete", "pod", "web-0", "-n", ns, "--wait=false");
    await()
        .atMost(WAIT)
        .until(
            () ->
                kubectl
                    .run(
                        "get",
                        "pod",
                        "web-0",
                        "-n",
                        ns,
                        "-o",
                        "jsonpath={.metadata.uid} {.status.phase}")
                    .stdout(),
            out -> !out.startsWith(uid) && out.endsWith(" Running"));
    assertThat(sh(ns, "web-0", "cat /usr/share/nginx/html/index.html").stdout())
        .isEqualTo("hello from web-0\n");
    String ip = jsonpath(ns, "pod/web-0", "{.status.podIP}");
    await()
        .atMost(WAIT)
        .until(
            () -> sh(ns, "client", "wget -qO- http://" + ip + "/").stdout(),
            "hello from web-0\n"::equals);
  }

  @Test
  void aReadWriteOnceVolumeIsAttachedToOneNodeAtATime() throws Exception {
    String ns = namespace("rwo");
    String pv = "rwo-" + ns;
    staticClaim(ns, pv);
    apply(ns, box("first", NODE1, CLAIM, MOUNT));
    apply(ns, box("beside", NODE1, CLAIM, MOUNT));
    awaitRunning(ns, "first");
    awaitRunning(ns, "beside");
    assertThat(attachedTo(NODE1)).contains("kubernetes.io/host-path/" + pv);

    apply(ns, box("elsewhere", NODE2, CLAIM, MOUNT));
    String refused =
        "Multi-Attach error for volume \""
            + pv
            + "\" Volume is already used by pod(s) beside, first";
    await()
        .atMost(WAIT)
        .until(
            () ->
                jsonpath(ns, "events", "{.items[?(@.involvedObject.name==\"elsewhere\")].message}"),
            out -> out.contains(refused));
    assertThat(kubectl.ok("describe", "pod", "elsewhere", "-n", ns).stdout())
        .contains("FailedAttachVolume")
        .contains("attachdetach-controller");
    assertThat(jsonpath(ns, "pod/elsewhere", "{.status.containerStatuses[0].state.waiting.reason}"))
        .isEqualTo("ContainerCreating");

    kubectl.ok("delete", "pod", "first", "beside", "-n", ns, "--wait=true");
    awaitRunning(ns, "elsewhere");
    assertThat(attachedTo(NODE2)).contains("kubernetes.io/host-path/" + pv);
    assertThat(attachedTo(NODE1)).doesNotContain(pv);
  }

  /** The names in the node's status.volumesAttached. */
  private static String attachedTo(String node) {
    return kubectl
        .ok("get", "node", node, "-o", "jsonpath={.status.volumesAttached[*].name}")
        .stdout();
  }

  /** The volume and mount of a pod using claim "data" at /data. */
  private static final String CLAIM = "- name: data\n  persistentVolumeClaim:\n    claimName: data";

  private static final String MOUNT = "- name: data\n  mountPath: /data";

  /** A ReadWriteOnce PV {@code pv} with no node affinity, bound to claim "data". */
  private static void staticClaim(String ns, String pv) throws Exception {
    apply(
        ns,
        """
        apiVersion: v1
        kind: PersistentVolume
        metadata:
          name: %s
        spec:
          storageClassName: manual
          capacity:
            storage: 1Mi
          accessModes: [ReadWriteOnce]
          hostPath:
            path: /mnt/%s
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: data
        spec:
          storageClassName: manual
          volumeName: %s
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Mi
        """
            .formatted(pv, pv, pv));
  }

  @Test
  @Order(Integer.MAX_VALUE) // it kills the first node
  void persistentVolumeDataFollowsItsClaimToAnotherNodeWhenTheFirstDies() throws Exception {
    String ns = namespace("follow");
    String pv = "follow-" + ns;
    staticClaim(ns, pv);
    apply(ns, box("first", NODE1, CLAIM, MOUNT));
    awaitRunning(ns, "first");
    kubectl.ok("exec", "first", "-n", ns, "--", "sh", "-c", "echo survives > /data/f");

    ControllerManagerIT.get(node1.stop());
    node1 = null;
    kubectl.ok("delete", "node", NODE1);
    kubectl.ok("delete", "pod", "first", "-n", ns, "--grace-period=0", "--force");
    apply(ns, box("second", null, CLAIM, MOUNT));
    awaitRunning(ns, "second");
    assertThat(jsonpath(ns, "pod/second", "{.spec.nodeName}")).isEqualTo(NODE2);
    assertThat(sh(ns, "second", "cat /data/f").stdout()).isEqualTo("survives\n");
  }
}
