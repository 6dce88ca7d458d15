package io.kubesim.controllermanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.apiserver.it.TestCluster;
import io.kubesim.controllermanager.ControllerManager;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.client.BusApiClient;
import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.observability.Metrics;
import io.kubesim.core.process.Component;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Promise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes.io tasks "Configure Memory and CPU Quotas for a Namespace" and "Configure a Pod
 * Quota for a Namespace" with their manifests unmodified, through the real kubectl, with the
 * resource quota controller keeping the quotas' status and the apiserver's admission enforcing
 * them. A {@link FakeKubelet} binds the pods and ends their deletions.
 */
class ResourceQuotaIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static Kubectl kubectl;
  private static FakeKubelet kubelet;
  private static Component.Running controllerManager;

  @BeforeAll
  static void start() throws Exception {
    var vertx = TestCluster.server().cluster().vertx();
    ApiClient api = new ApiClient(new BusApiClient(vertx, 30_000));
    kubectl = new Kubectl();
    MeterRegistry registry = Metrics.newRegistry();
    LeaderElectionConfig election =
        LeaderElectionConfig.defaults(ControllerManager.LEASE_NAME, "quota_" + UUID.randomUUID())
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
    kubelet = new FakeKubelet(api, 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (kubelet != null) {
      kubelet.close();
    }
    if (controllerManager != null) {
      ControllerManagerIT.get(controllerManager.stop());
    }
  }

  /** The docs' namespace name, prefixed so the fake kubelet serves it. */
  private static String namespace(String name) {
    String ns = "cm-" + name + "-" + UUID.randomUUID().toString().substring(0, 4);
    kubectl.ok("create", "namespace", ns);
    return ns;
  }

  private static Kubectl.Result apply(String ns, String manifest) {
    try {
      Path file = Files.createTempFile("quota", ".yaml");
      Files.writeString(file, manifest);
      Kubectl.Result result = kubectl.run("apply", "-f", file.toString(), "--namespace=" + ns);
      Files.delete(file);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String jsonpath(String ns, String what, String path) {
    return kubectl.ok("get", what, "--namespace=" + ns, "-o", "jsonpath=" + path).stdout();
  }

  private static final String QUOTA_MEM_CPU =
      """
      apiVersion: v1
      kind: ResourceQuota
      metadata:
        name: mem-cpu-demo
      spec:
        hard:
          requests.cpu: "1"
          requests.memory: 1Gi
          limits.cpu: "2"
          limits.memory: 2Gi
      """;

  private static final String QUOTA_MEM_CPU_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: quota-mem-cpu-demo
      spec:
        containers:
        - name: quota-mem-cpu-demo-ctr
          image: nginx
          resources:
            limits:
              memory: "800Mi"
              cpu: "800m"
            requests:
              memory: "600Mi"
              cpu: "400m"
      """;

  private static final String QUOTA_MEM_CPU_POD_2 =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: quota-mem-cpu-demo-2
      spec:
        containers:
        - name: quota-mem-cpu-demo-2-ctr
          image: redis
          resources:
            limits:
              memory: "1Gi"
              cpu: "800m"
            requests:
              memory: "700Mi"
              cpu: "400m"
      """;

  @Test
  void theMemoryAndCpuQuotaTaskCountsThePodAndRefusesTheSecond() {
    String ns = namespace("quota-mem-cpu-example");
    assertThat(apply(ns, QUOTA_MEM_CPU).stdout()).isEqualTo("resourcequota/mem-cpu-demo created\n");
    await()
        .atMost(WAIT)
        .until(
            () -> jsonpath(ns, "resourcequota/mem-cpu-demo", "{.status.used}"),
            used ->
                used.equals(
                    "{\"limits.cpu\":\"0\",\"limits.memory\":\"0\",\"requests.cpu\":\"0\","
                        + "\"requests.memory\":\"0\"}"));
    assertThat(apply(ns, QUOTA_MEM_CPU_POD).stdout()).isEqualTo("pod/quota-mem-cpu-demo created\n");
    assertThat(kubectl.ok("describe", "quota", "mem-cpu-demo", "--namespace=" + ns).stdout())
        .isEqualTo(
            """
            Name:            mem-cpu-demo
            Namespace:       %s
            Resource         Used   Hard
            --------         ----   ----
            limits.cpu       800m   2
            limits.memory    800Mi  2Gi
            requests.cpu     400m   1
            requests.memory  600Mi  1Gi
            """
                .formatted(ns));

    Kubectl.Result second = apply(ns, QUOTA_MEM_CPU_POD_2);
    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(second.stderr())
        .contains(
            "pods \"quota-mem-cpu-demo-2\" is forbidden: exceeded quota: mem-cpu-demo,"
                + " requested: requests.memory=700Mi, used: requests.memory=600Mi, limited:"
                + " requests.memory=1Gi\n");

    String table = kubectl.ok("get", "quota", "--namespace=" + ns).stdout();
    assertThat(table)
        .contains("requests.cpu: 400m/1, requests.memory: 600Mi/1Gi")
        .contains("limits.cpu: 800m/2, limits.memory: 800Mi/2Gi");

    kubectl.ok("delete", "pod", "quota-mem-cpu-demo", "--namespace=" + ns, "--wait=false");
    await()
        .atMost(WAIT)
        .until(
            () -> jsonpath(ns, "resourcequota/mem-cpu-demo", "{.status.used.requests\\.memory}"),
            "0"::equals);
    assertThat(apply(ns, QUOTA_MEM_CPU_POD_2).stdout())
        .isEqualTo("pod/quota-mem-cpu-demo-2 created\n");
  }

  @Test
  void thePodQuotaTaskLeavesTheThirdReplicaUncreatedWithFailedCreate() {
    String ns = namespace("quota-pod-example");
    apply(
        ns,
        """
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: pod-demo
        spec:
          hard:
            pods: "2"
        """);
    await()
        .atMost(WAIT)
        .until(() -> jsonpath(ns, "resourcequota/pod-demo", "{.status.used.pods}"), "0"::equals);
    apply(
        ns,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: pod-quota-demo
        spec:
          selector:
            matchLabels:
              purpose: quota-demo
          replicas: 3
          template:
            metadata:
              labels:
                purpose: quota-demo
            spec:
              containers:
              - name: pod-quota-demo
                image: nginx
        """);
    await()
        .atMost(WAIT)
        .until(
            () -> jsonpath(ns, "deployment/pod-quota-demo", "{.status.availableReplicas}"),
            "2"::equals);
    String failure =
        "is forbidden: exceeded quota: pod-demo, requested: pods=1, used: pods=2, limited: pods=2";
    await()
        .atMost(WAIT)
        .until(
            () -> kubectl.ok("describe", "rs", "--namespace=" + ns).stdout(),
            described ->
                described.matches(
                    "(?s).*Warning\\s+FailedCreate\\s+.*replicaset-controller\\s+Error creating:"
                        + " pods \"pod-quota-demo-[a-z0-9]+-[a-z0-9]{5}\" "
                        + failure.replace(".", "\\.")
                        + ".*"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                jsonpath(
                    ns,
                    "deployment/pod-quota-demo",
                    "{.status.conditions[?(@.type==\"ReplicaFailure\")].message}"),
            message -> message.contains(failure));
    assertThat(kubectl.ok("describe", "quota", "pod-demo", "--namespace=" + ns).stdout())
        .isEqualTo(
            """
            Name:       pod-demo
            Namespace:  %s
            Resource    Used  Hard
            --------    ----  ----
            pods        2     2
            """
                .formatted(ns));
  }

  @Test
  void aJobRefusedByTheQuotaShowsFailedCreateFromTheJobController() {
    String ns = namespace("quota-job");
    apply(
        ns,
        """
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: one-pod
        spec:
          hard:
            pods: "1"
        """);
    await()
        .atMost(WAIT)
        .until(() -> jsonpath(ns, "resourcequota/one-pod", "{.status.used.pods}"), "0"::equals);
    apply(
        ns,
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: pi
        spec:
          completions: 2
          parallelism: 2
          template:
            spec:
              containers:
              - name: pi
                image: perl
                command: ["sleep", "3600"]
              restartPolicy: Never
        """);
    await()
        .atMost(WAIT)
        .until(
            () -> kubectl.ok("describe", "job", "pi", "--namespace=" + ns).stdout(),
            described ->
                described.matches(
                    "(?s).*Warning\\s+FailedCreate\\s+.*job-controller\\s+Error creating:"
                        + " pods \"pi-[a-z0-9]{5}\" is forbidden: exceeded quota: one-pod,"
                        + " requested: pods=1, used: pods=1, limited: pods=1.*"));
    await().atMost(WAIT).until(() -> jsonpath(ns, "job/pi", "{.status.active}"), "1"::equals);
  }

  @Test
  void aRaisedQuotaIsCountedAgainAndLetsTheReplicaSetFinish() {
    String ns = namespace("quota-raise");
    apply(
        ns,
        """
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: pods
        spec:
          hard:
            pods: "1"
            count/replicasets.apps: "5"
        """);
    await()
        .atMost(WAIT)
        .until(() -> jsonpath(ns, "resourcequota/pods", "{.status.used.pods}"), "0"::equals);
    kubectl.ok("create", "deployment", "web", "--image=nginx", "--replicas=2", "--namespace=" + ns);
    await()
        .atMost(WAIT)
        .until(
            () -> jsonpath(ns, "resourcequota/pods", "{.status.used}"),
            used -> used.equals("{\"count/replicasets.apps\":\"1\",\"pods\":\"1\"}"));
    kubectl.ok(
        "patch",
        "resourcequota",
        "pods",
        "--namespace=" + ns,
        "--type=merge",
        "-p",
        "{\"spec\":{\"hard\":{\"pods\":\"3\"}}}");
    await()
        .atMost(WAIT)
        .until(() -> jsonpath(ns, "deployment/web", "{.status.availableReplicas}"), "2"::equals);
    await()
        .atMost(WAIT)
        .until(
            () -> jsonpath(ns, "resourcequota/pods", "{.status.hard.pods}/{.status.used.pods}"),
            "3/2"::equals);
  }
}
