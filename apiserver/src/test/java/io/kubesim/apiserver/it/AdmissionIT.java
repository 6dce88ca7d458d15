package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admission through the real kubectl: the kubernetes.io tasks "Configure Default Memory Requests
 * and Limits for a Namespace" and "Configure Minimum and Maximum CPU Constraints for a Namespace"
 * with their manifests unmodified, quota refusals on a quota whose status is set by hand (no
 * controller runs here; ResourceQuotaIT has it), and NamespaceLifecycle. Every expected text is
 * what a real 1.32 cluster prints.
 */
class AdmissionIT {
  private static Kubectl kubectl;

  @BeforeAll
  static void setUp() {
    TestCluster.server();
    kubectl = new Kubectl();
  }

  @AfterAll
  static void tearDown() {
    kubectl.close();
  }

  private static Kubectl.Result ok(String... args) {
    Kubectl.Result result = kubectl.run(args);
    assertThat(result.exitCode()).as("kubectl %s\n%s", String.join(" ", args), result).isZero();
    return result;
  }

  private static Kubectl.Result apply(String ns, String manifest) {
    return kubectl.runWithInput(manifest, "apply", "-f", "-", "--namespace=" + ns);
  }

  private static String namespace(String name) {
    ok("create", "namespace", name);
    return name;
  }

  private static String jsonpath(String ns, String what, String path) {
    return ok("get", what, "--namespace=" + ns, "-o", "jsonpath=" + path).stdout();
  }

  // ------------------------------------------------------------ docs: memory defaults

  static final String MEMORY_DEFAULTS =
      """
      apiVersion: v1
      kind: LimitRange
      metadata:
        name: mem-limit-range
      spec:
        limits:
        - default:
            memory: 512Mi
          defaultRequest:
            memory: 256Mi
          type: Container
      """;

  @Test
  void theMemoryDefaultsTaskGivesContainersTheNamespaceDefaults() {
    String ns = namespace("default-mem-example");
    assertThat(apply(ns, MEMORY_DEFAULTS).stdout())
        .isEqualTo("limitrange/mem-limit-range created\n");
    apply(
        ns,
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: default-mem-demo
        spec:
          containers:
          - name: default-mem-demo-ctr
            image: nginx
        """);
    assertThat(jsonpath(ns, "pod/default-mem-demo", "{.spec.containers[0].resources}"))
        .isEqualTo("{\"limits\":{\"memory\":\"512Mi\"},\"requests\":{\"memory\":\"256Mi\"}}");
    assertThat(
            jsonpath(
                ns, "pod/default-mem-demo", "{.metadata.annotations.kubernetes\\.io/limit-ranger}"))
        .isEqualTo(
            "LimitRanger plugin set: memory request for container default-mem-demo-ctr; memory"
                + " limit for container default-mem-demo-ctr");
    apply(
        ns,
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: default-mem-demo-2
        spec:
          containers:
          - name: default-mem-demo-2-ctr
            image: nginx
            resources:
              limits:
                memory: "1Gi"
        """);
    assertThat(jsonpath(ns, "pod/default-mem-demo-2", "{.spec.containers[0].resources}"))
        .isEqualTo("{\"limits\":{\"memory\":\"1Gi\"},\"requests\":{\"memory\":\"1Gi\"}}");
    apply(
        ns,
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: default-mem-demo-3
        spec:
          containers:
          - name: default-mem-demo-3-ctr
            image: nginx
            resources:
              requests:
                memory: "128Mi"
        """);
    assertThat(jsonpath(ns, "pod/default-mem-demo-3", "{.spec.containers[0].resources}"))
        .isEqualTo("{\"limits\":{\"memory\":\"512Mi\"},\"requests\":{\"memory\":\"128Mi\"}}");
  }

  // ------------------------------------------------------------ docs: cpu min and max

  static final String CPU_CONSTRAINTS =
      """
      apiVersion: v1
      kind: LimitRange
      metadata:
        name: cpu-min-max-demo-lr
      spec:
        limits:
        - max:
            cpu: "800m"
          min:
            cpu: "200m"
          type: Container
      """;

  private static String cpuPod(String name, String limit, String request) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
        spec:
          containers:
          - name: constraints-cpu-demo-ctr
            image: nginx
            resources:
              limits:
                cpu: "%s"
              requests:
                cpu: "%s"
        """
        .formatted(name, limit, request);
  }

  @Test
  void theCpuConstraintsTaskRefusesContainersOutsideMinAndMax() {
    String ns = namespace("constraints-cpu-example");
    apply(ns, CPU_CONSTRAINTS);
    assertThat(jsonpath(ns, "limitrange/cpu-min-max-demo-lr", "{.spec.limits[0]}"))
        .isEqualTo(
            "{\"default\":{\"cpu\":\"800m\"},\"defaultRequest\":{\"cpu\":\"800m\"},"
                + "\"max\":{\"cpu\":\"800m\"},\"min\":{\"cpu\":\"200m\"},\"type\":\"Container\"}");
    assertThat(apply(ns, cpuPod("constraints-cpu-demo", "800m", "500m")).stdout())
        .isEqualTo("pod/constraints-cpu-demo created\n");

    Kubectl.Result tooMuch = apply(ns, cpuPod("constraints-cpu-demo-2", "1.5", "500m"));
    assertThat(tooMuch.exitCode()).isEqualTo(1);
    assertThat(tooMuch.stderr())
        .isEqualTo(
            "Error from server (Forbidden): error when creating \"STDIN\": pods"
                + " \"constraints-cpu-demo-2\" is forbidden: maximum cpu usage per Container is"
                + " 800m, but limit is 1500m\n");

    Kubectl.Result tooLittle = apply(ns, cpuPod("constraints-cpu-demo-3", "800m", "100m"));
    assertThat(tooLittle.stderr())
        .contains(
            "pods \"constraints-cpu-demo-3\" is forbidden: minimum cpu usage per Container is"
                + " 200m, but request is 100m");

    apply(
        ns,
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: constraints-cpu-demo-4
        spec:
          containers:
          - name: constraints-cpu-demo-4-ctr
            image: vish/stress
        """);
    assertThat(jsonpath(ns, "pod/constraints-cpu-demo-4", "{.spec.containers[0].resources}"))
        .isEqualTo("{\"limits\":{\"cpu\":\"800m\"},\"requests\":{\"cpu\":\"800m\"}}");

    assertThat(ok("describe", "limitrange", "cpu-min-max-demo-lr", "--namespace=" + ns).stdout())
        .isEqualTo(
            """
            Name:       cpu-min-max-demo-lr
            Namespace:  constraints-cpu-example
            Type        Resource  Min   Max   Default Request  Default Limit  Max Limit/Request Ratio
            ----        --------  ---   ---   ---------------  -------------  -----------------------
            Container   cpu       200m  800m  800m             800m           -
            """);
  }

  @Test
  void aLimitRangeHoldsClaimsAndTheRatioOfLimitToRequest() {
    String ns = namespace("limits-demo");
    apply(
        ns,
        """
        apiVersion: v1
        kind: LimitRange
        metadata:
          name: limits
        spec:
          limits:
          - type: Container
            maxLimitRequestRatio:
              cpu: "2"
          - type: PersistentVolumeClaim
            max:
              storage: 2Gi
        """);
    Kubectl.Result ratio =
        kubectl.run(
            "run",
            "ratio",
            "--image=nginx",
            "--namespace=" + ns,
            "--overrides={\"spec\":{\"containers\":[{\"name\":\"ratio\",\"image\":\"nginx\","
                + "\"resources\":{\"requests\":{\"cpu\":\"250m\"},\"limits\":{\"cpu\":\"1\"}}}]}}");
    assertThat(ratio.stderr())
        .isEqualTo(
            "Error from server (Forbidden): pods \"ratio\" is forbidden: cpu max limit to request"
                + " ratio per Container is 2, but provided ratio is 4.000000\n");
    Kubectl.Result claim =
        apply(
            ns,
            """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: big
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 5Gi
            """);
    assertThat(claim.stderr())
        .contains(
            "persistentvolumeclaims \"big\" is forbidden: maximum storage usage per"
                + " PersistentVolumeClaim is 2Gi, but request is 5Gi");
  }

  @Test
  void aLimitRangeWhoseMinIsAboveItsMaxIsInvalid() {
    String ns = namespace("limits-invalid");
    Kubectl.Result invalid =
        apply(
            ns,
            """
            apiVersion: v1
            kind: LimitRange
            metadata:
              name: bad
            spec:
              limits:
              - type: Container
                min:
                  memory: 2Gi
                max:
                  memory: 1Gi
            """);
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.stderr())
        .contains("LimitRange \"bad\" is invalid:")
        .contains(
            "spec.limits[0].min[memory]: Invalid value:"
                + " resource.Quantity{i:resource.int64Amount{value:2147483648, scale:0},"
                + " d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:\"2Gi\", Format:\"BinarySI\"}:"
                + " min value 2Gi is greater than max value 1Gi")
        .contains("min value 2Gi is greater than default request value 1Gi");
  }

  // ------------------------------------------------------------ quota refusals

  private static void quota(String ns, String hard) {
    apply(
        ns,
        """
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: q
        spec:
          hard: %s
        """
            .formatted(hard));
  }

  /** What the resource quota controller would write; none runs in this test. */
  private static void quotaStatus(String ns, String status) {
    ok(
        "patch",
        "resourcequota",
        "q",
        "--namespace=" + ns,
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":" + status + "}");
  }

  @Test
  void aQuotaRefusesWhatExceedsItAndChargesWhatFits() {
    String ns = namespace("quota-admission");
    quota(ns, "{pods: \"1\", count/configmaps: \"1\"}");
    quotaStatus(
        ns,
        "{\"hard\":{\"pods\":\"1\",\"count/configmaps\":\"1\"},"
            + "\"used\":{\"pods\":\"0\",\"count/configmaps\":\"0\"}}");
    ok("run", "one", "--image=nginx", "--namespace=" + ns);
    assertThat(jsonpath(ns, "quota/q", "{.status.used.pods}")).isEqualTo("1");
    Kubectl.Result two = kubectl.run("run", "two", "--image=nginx", "--namespace=" + ns);
    assertThat(two.stderr())
        .isEqualTo(
            "Error from server (Forbidden): pods \"two\" is forbidden: exceeded quota: q,"
                + " requested: pods=1, used: pods=1, limited: pods=1\n");
    ok("create", "configmap", "a", "--namespace=" + ns);
    assertThat(kubectl.run("create", "configmap", "b", "--namespace=" + ns).stderr())
        .isEqualTo(
            "error: failed to create configmap: configmaps \"b\" is forbidden: exceeded quota: q,"
                + " requested: count/configmaps=1, used: count/configmaps=1, limited:"
                + " count/configmaps=1\n");
    String table = ok("get", "quota", "--namespace=" + ns).stdout();
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "AGE", "REQUEST", "LIMIT");
    assertThat(table).contains("count/configmaps: 1/1, pods: 1/1");
  }

  @Test
  void aPodMustStateWhatAQuotaTracksAndAQuotaNotCountedYetRefuses() {
    String ns = namespace("quota-constraints");
    quota(ns, "{limits.cpu: \"2\", limits.memory: 2Gi}");
    quotaStatus(ns, "{\"hard\":{\"limits.cpu\":\"2\",\"limits.memory\":\"2Gi\"}}");
    assertThat(kubectl.run("run", "nginx", "--image=nginx", "--namespace=" + ns).stderr())
        .isEqualTo(
            "Error from server (Forbidden): pods \"nginx\" is forbidden: failed quota: q: must"
                + " specify limits.cpu for: nginx; limits.memory for: nginx\n");
    Kubectl.Result unknown =
        kubectl.run(
            "run",
            "sized",
            "--image=nginx",
            "--namespace=" + ns,
            "--overrides={\"spec\":{\"containers\":[{\"name\":\"sized\",\"image\":\"nginx\","
                + "\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}}]}}");
    assertThat(unknown.stderr())
        .isEqualTo(
            "Error from server (Forbidden): pods \"sized\" is forbidden: status unknown for quota:"
                + " q, resources: limits.cpu,limits.memory\n");
  }

  @Test
  void theNamespacesTheClusterNeedsCannotBeDeleted() {
    assertThat(kubectl.run("delete", "namespace", "kube-public").stderr())
        .isEqualTo(
            "Error from server (Forbidden): namespaces \"kube-public\" is forbidden: this"
                + " namespace may not be deleted\n");
  }
}
