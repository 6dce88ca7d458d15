package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * v1 ReplicationController as kube-apiserver serves it, through the real kubectl: discovery, the
 * defaults and printed columns, the scale subresource, generation, validation, patches and explain.
 * No controller-manager runs here, so status stays empty (the controller is tested with it).
 */
class ReplicationControllerApiIT {
  /** The example of the kubernetes.io "ReplicationController" concept page, unmodified. */
  static final String DOCS_EXAMPLE =
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

  private static Kubectl.Result apply(String yaml, String... args) {
    Kubectl.Result result = kubectl.runWithInput(yaml, args);
    assertThat(result.exitCode()).as("kubectl %s\n%s", String.join(" ", args), result).isZero();
    return result;
  }

  private static String namespace(String name) {
    ok("create", "namespace", name);
    return name;
  }

  private static List<String> cells(String line) {
    return Arrays.asList(line.trim().split("\\s{2,}"));
  }

  private static List<String> lines(String text) {
    return text.lines().filter(l -> !l.isBlank()).toList();
  }

  private static String jsonpath(String ns, String what, String path) {
    return ok("get", what, "-n", ns, "-o", "jsonpath=" + path).stdout();
  }

  @Test
  void discoveryListsReplicationControllersWithTheirShortNameAndCategory() {
    String table = ok("api-resources", "--api-group=").stdout();
    assertThat(lines(table))
        .anySatisfy(
            line ->
                assertThat(cells(line))
                    .containsExactly(
                        "replicationcontrollers", "rc", "v1", "true", "ReplicationController"));
    assertThat(ok("api-resources", "--categories=all", "-o", "name").stdout())
        .contains("replicationcontrollers\n");
  }

  @Test
  void theDocsExampleIsDefaultedAndPrintedAsARealClusterPrintsIt() {
    String ns = namespace("rc-docs");
    assertThat(apply(DOCS_EXAMPLE, "apply", "-n", ns, "-f", "-").stdout())
        .isEqualTo("replicationcontroller/nginx created\n");

    List<String> table = lines(ok("get", "rc", "-n", ns).stdout());
    assertThat(cells(table.get(0))).containsExactly("NAME", "DESIRED", "CURRENT", "READY", "AGE");
    assertThat(cells(table.get(1)).subList(0, 4)).containsExactly("nginx", "3", "0", "0");
    List<String> wide = lines(ok("get", "rc", "nginx", "-n", ns, "-o", "wide").stdout());
    assertThat(cells(wide.get(0)))
        .containsExactly(
            "NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS", "IMAGES", "SELECTOR");
    assertThat(cells(wide.get(1)).subList(5, 8)).containsExactly("nginx", "nginx", "app=nginx");

    // SetDefaults_ReplicationController: the labels come from the template; the pod template gets
    // the pod defaults; the object is generation 1
    assertThat(jsonpath(ns, "rc/nginx", "{.metadata.labels}")).isEqualTo("{\"app\":\"nginx\"}");
    assertThat(
            jsonpath(
                ns,
                "rc/nginx",
                "{.spec.template.spec.restartPolicy} {.spec.template.spec.dnsPolicy}"
                    + " {.spec.template.spec.containers[0].ports[0].protocol}"
                    + " {.metadata.generation}"))
        .isEqualTo("Always ClusterFirst TCP 1");
    assertThat(ok("get", "all", "-n", ns, "-o", "name").stdout())
        .contains("replicationcontroller/nginx\n");
    assertThat(
            ok("get", "rc", "-n", ns, "--field-selector", "status.replicas=0", "-o", "name")
                .stdout())
        .isEqualTo("replicationcontroller/nginx\n");
  }

  @Test
  void kubectlScaleGoesThroughTheScaleSubresourceAndBumpsTheGeneration() {
    String ns = namespace("rc-scale");
    apply(DOCS_EXAMPLE, "apply", "-n", ns, "-f", "-");
    assertThat(ok("scale", "rc", "nginx", "-n", ns, "--replicas=5").stdout())
        .isEqualTo("replicationcontroller/nginx scaled\n");
    assertThat(jsonpath(ns, "rc/nginx", "{.spec.replicas} {.metadata.generation}"))
        .isEqualTo("5 2");
    assertThat(
            ok(
                    "get",
                    "rc",
                    "nginx",
                    "-n",
                    ns,
                    "--subresource=scale",
                    "-o",
                    "jsonpath={.kind} {.apiVersion} {.spec.replicas} {.status.selector}")
                .stdout())
        .isEqualTo("Scale autoscaling/v1 5 app=nginx");
    assertThat(ok("scale", "rc/nginx", "-n", ns, "--current-replicas=5", "--replicas=1").stdout())
        .isEqualTo("replicationcontroller/nginx scaled\n");

    // metadata is not spec: a label leaves the generation alone
    ok("label", "rc", "nginx", "-n", ns, "tier=web");
    assertThat(jsonpath(ns, "rc/nginx", "{.spec.replicas} {.metadata.generation}"))
        .isEqualTo("1 3");
  }

  @Test
  void aStrategicMergePatchMergesTheTemplatesContainersByName() {
    String ns = namespace("rc-patch");
    apply(DOCS_EXAMPLE, "apply", "-n", ns, "-f", "-");
    ok(
        "patch",
        "rc",
        "nginx",
        "-n",
        ns,
        "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\","
            + "\"image\":\"nginx:1.27\"}]}}}}");
    assertThat(
            jsonpath(
                ns,
                "rc/nginx",
                "{.spec.template.spec.containers[0].image}"
                    + " {.spec.template.spec.containers[0].ports[0].containerPort}"))
        .isEqualTo("nginx:1.27 80");
    ok("set", "image", "rc/nginx", "-n", ns, "nginx=nginx:1.28");
    assertThat(jsonpath(ns, "rc/nginx", "{.spec.template.spec.containers[0].image}"))
        .isEqualTo("nginx:1.28");
  }

  @Test
  void anInvalidReplicationControllerIsRefusedWithTheRealMessages() {
    String ns = namespace("rc-invalid");
    String mismatched =
        DOCS_EXAMPLE.replace("  selector:\n    app: nginx", "  selector:\n    app: web");
    Kubectl.Result result = kubectl.runWithInput(mismatched, "apply", "-n", ns, "-f", "-");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .contains(
            "The ReplicationController \"nginx\" is invalid: spec.template.metadata.labels:"
                + " Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match"
                + " template `labels`");

    String negative = DOCS_EXAMPLE.replace("replicas: 3", "replicas: -1");
    result = kubectl.runWithInput(negative, "create", "-n", ns, "-f", "-");
    assertThat(result.stderr())
        .contains(
            "The ReplicationController \"nginx\" is invalid: spec.replicas: Invalid value: -1:"
                + " must be greater than or equal to 0");
  }

  @Test
  void explainDescribesTheReplicationControllerFields() {
    String out = ok("explain", "rc.spec.selector").stdout();
    assertThat(out)
        .contains("KIND:       ReplicationController")
        .contains("VERSION:    v1")
        .contains("FIELD: selector <map[string]string>")
        .contains("Selector is a label query over pods that should match the Replicas count.");
  }
}
