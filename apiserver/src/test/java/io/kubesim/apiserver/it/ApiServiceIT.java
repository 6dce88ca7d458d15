package io.kubesim.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * apiregistration.k8s.io/v1 APIService through the real kubectl: the registrations kube-apiserver
 * keeps for its own group-versions, metrics-server's (served by kubesim's apiserver), and one a
 * user adds for an aggregated API, whose availability follows its Service and Endpoints as the
 * aggregator reports it.
 */
class ApiServiceIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** prometheus-adapter's APIService: an aggregated API server kubesim does not run. */
  private static final String CUSTOM_METRICS_API_SERVICE =
      """
      apiVersion: apiregistration.k8s.io/v1
      kind: APIService
      metadata:
        name: v1beta1.custom.metrics.k8s.io
      spec:
        group: custom.metrics.k8s.io
        groupPriorityMinimum: 100
        insecureSkipTLSVerify: true
        service:
          name: prometheus-adapter
          namespace: kube-system
        version: v1beta1
        versionPriority: 100
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

  private static Kubectl.Result okWithInput(String stdin, String... args) {
    Kubectl.Result result = kubectl.runWithInput(stdin, args);
    assertThat(result.exitCode()).as("kubectl %s\n%s", String.join(" ", args), result).isZero();
    return result;
  }

  private static List<String> cells(String line) {
    return Arrays.asList(line.trim().split("\\s{2,}"));
  }

  private static List<List<String>> rows(String table) {
    return table.lines().filter(l -> !l.isBlank()).map(ApiServiceIT::cells).toList();
  }

  private static JsonNode json(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyServedGroupVersionIsRegisteredAsALocalAvailableApiService() {
    List<List<String>> table = rows(ok("get", "apiservices").stdout());
    assertThat(table.get(0)).containsExactly("NAME", "SERVICE", "AVAILABLE", "AGE");
    List<String> locals = new ArrayList<>();
    for (List<String> row : table.subList(1, table.size())) {
      if (row.get(1).equals("Local")) {
        assertThat(row.get(2)).as(row.get(0)).isEqualTo("True");
        locals.add(row.get(0));
      }
    }
    assertThat(locals)
        .containsExactly(
            "v1.",
            "v1.apps",
            "v1.authorization.k8s.io",
            "v1.batch",
            "v1.coordination.k8s.io",
            "v1.discovery.k8s.io",
            "v1.events.k8s.io",
            "v1.networking.k8s.io",
            "v1.policy",
            "v1.rbac.authorization.k8s.io",
            "v1.scheduling.k8s.io",
            "v1.storage.k8s.io");

    JsonNode apps = json(ok("get", "apiservice", "v1.apps", "-o", "json").stdout());
    assertThat(apps.path("metadata").path("labels"))
        .isEqualTo(json("{\"kube-aggregator.kubernetes.io/automanaged\":\"onstart\"}"));
    assertThat(apps.path("spec"))
        .isEqualTo(
            json(
                "{\"group\":\"apps\",\"groupPriorityMinimum\":17800,\"version\":\"v1\","
                    + "\"versionPriority\":15}"));
    JsonNode condition = apps.path("status").path("conditions").get(0);
    assertThat(condition.path("type").asString()).isEqualTo("Available");
    assertThat(condition.path("status").asString()).isEqualTo("True");
    assertThat(condition.path("reason").asString()).isEqualTo("Local");
    assertThat(condition.path("message").asString())
        .isEqualTo("Local APIServices are always available");
    assertThat(condition.path("lastTransitionTime").asString()).isNotEmpty();
    JsonNode core = json(ok("get", "apiservice", "v1.", "-o", "json").stdout());
    assertThat(core.path("spec"))
        .isEqualTo(
            json("{\"groupPriorityMinimum\":18000,\"version\":\"v1\",\"versionPriority\":1}"));
  }

  @Test
  void anAggregatedApiIsRegisteredAndReportedUnavailableUntilItsServerAnswers() {
    assertThat(okWithInput(CUSTOM_METRICS_API_SERVICE, "apply", "-f", "-").stdout())
        .isEqualTo("apiservice.apiregistration.k8s.io/v1beta1.custom.metrics.k8s.io created\n");
    try {
      assertThat(
              ok(
                      "get",
                      "apiservice",
                      "v1beta1.custom.metrics.k8s.io",
                      "-o",
                      "jsonpath={.spec.service.port}")
                  .stdout())
          .isEqualTo("443");
      awaitAvailable(
          "v1beta1.custom.metrics.k8s.io",
          "kube-system/prometheus-adapter",
          "False (ServiceNotFound)",
          "service/prometheus-adapter in \"kube-system\" is not present");

      // a Service without a selector and without Endpoints yet
      okWithInput(
          """
          apiVersion: v1
          kind: Service
          metadata:
            name: prometheus-adapter
            namespace: kube-system
          spec:
            ports:
            - name: https
              port: 443
              targetPort: 6443
          """,
          "apply",
          "-f",
          "-");
      awaitAvailable(
          "v1beta1.custom.metrics.k8s.io",
          "kube-system/prometheus-adapter",
          "False (EndpointsNotFound)",
          "cannot find endpoints for service/prometheus-adapter in \"kube-system\"");

      okWithInput(
          """
          apiVersion: v1
          kind: Endpoints
          metadata:
            name: prometheus-adapter
            namespace: kube-system
          subsets:
          - addresses:
            - ip: 10.244.1.7
            ports:
            - name: https
              port: 6443
          """,
          "apply",
          "-f",
          "-");
      String clusterIp =
          ok(
                  "get",
                  "svc",
                  "prometheus-adapter",
                  "-n",
                  "kube-system",
                  "-o",
                  "jsonpath={.spec.clusterIP}")
              .stdout();
      awaitAvailable(
          "v1beta1.custom.metrics.k8s.io",
          "kube-system/prometheus-adapter",
          "False (FailedDiscoveryCheck)",
          "failing or missing response from https://"
              + clusterIp
              + ":443/apis/custom.metrics.k8s.io/v1beta1: kubesim does not proxy to aggregated"
              + " API servers");
      assertThat(ok("api-versions").stdout()).doesNotContain("custom.metrics.k8s.io");
    } finally {
      ok("delete", "apiservice", "v1beta1.custom.metrics.k8s.io");
      kubectl.run("delete", "service", "prometheus-adapter", "-n", "kube-system");
      kubectl.run("delete", "endpoints", "prometheus-adapter", "-n", "kube-system");
    }
  }

  @Test
  void metricsServersApiServiceIsRegisteredAtStartAndAvailableWhileItsServiceIs() {
    JsonNode apiService =
        json(ok("get", "apiservice", "v1beta1.metrics.k8s.io", "-o", "json").stdout());
    assertThat(apiService.path("metadata").path("labels"))
        .isEqualTo(json("{\"k8s-app\":\"metrics-server\"}"));
    assertThat(apiService.path("spec"))
        .isEqualTo(
            json(
                "{\"group\":\"metrics.k8s.io\",\"groupPriorityMinimum\":100,"
                    + "\"insecureSkipTLSVerify\":true,\"service\":{\"name\":\"metrics-server\","
                    + "\"namespace\":\"kube-system\",\"port\":443},\"version\":\"v1beta1\","
                    + "\"versionPriority\":100}"));
    awaitAvailable(
        "v1beta1.metrics.k8s.io", "kube-system/metrics-server", "True", "all checks passed");
    assertThat(ok("get", "endpoints", "metrics-server", "-n", "kube-system").stdout())
        .contains("metrics-server");
    assertThat(rows(ok("api-resources", "--api-group=metrics.k8s.io").stdout()))
        .containsExactly(
            List.of("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"),
            List.of("nodes", "metrics.k8s.io/v1beta1", "false", "NodeMetrics"),
            List.of("pods", "metrics.k8s.io/v1beta1", "true", "PodMetrics"));

    String service =
        ok("get", "service", "metrics-server", "-n", "kube-system", "-o", "yaml").stdout();
    ok("delete", "service", "metrics-server", "-n", "kube-system");
    // as the controller-manager's endpoints controller does when a Service goes
    ok("delete", "endpoints", "metrics-server", "-n", "kube-system");
    try {
      awaitAvailable(
          "v1beta1.metrics.k8s.io",
          "kube-system/metrics-server",
          "False (ServiceNotFound)",
          "service/metrics-server in \"kube-system\" is not present");
      Kubectl fresh = new Kubectl();
      try {
        assertThat(fresh.run("api-versions").stdout()).doesNotContain("metrics.k8s.io");
        Kubectl.Result top = fresh.run("top", "pods");
        assertThat(top.exitCode()).isEqualTo(1);
        assertThat(top.stderr()).isEqualTo("error: Metrics API not available\n");
        Kubectl.Result raw = fresh.run("get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes");
        assertThat(raw.stderr())
            .isEqualTo(
                "Error from server (ServiceUnavailable): the server is currently unable to handle"
                    + " the request\n");
      } finally {
        fresh.close();
      }
    } finally {
      okWithInput(
          service.replaceAll("(?m)^  (resourceVersion|uid|creationTimestamp): .*\n", ""),
          "apply",
          "-f",
          "-");
    }
    // the apiserver gives the Service back its Endpoints, as it keeps default/kubernetes'
    awaitAvailable(
        "v1beta1.metrics.k8s.io", "kube-system/metrics-server", "True", "all checks passed");
    assertThat(
            ok(
                    "get",
                    "endpoints",
                    "metrics-server",
                    "-n",
                    "kube-system",
                    "-o",
                    "jsonpath={.subsets[0].ports[0].name}")
                .stdout())
        .isEqualTo("https");
  }

  private static void awaitAvailable(
      String name, String service, String available, String message) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<List<String>> table = rows(ok("get", "apiservice", name).stdout());
              assertThat(table.get(1).subList(0, 3)).containsExactly(name, service, available);
              assertThat(
                      ok(
                              "get",
                              "apiservice",
                              name,
                              "-o",
                              "jsonpath={.status.conditions[?(@.type==\"Available\")].message}")
                          .stdout())
                  .isEqualTo(message);
            });
  }

  @Test
  void anInvalidApiServiceIsRefusedWithTheAggregatorsMessages() {
    Kubectl.Result result =
        kubectl.runWithInput(
            """
            apiVersion: apiregistration.k8s.io/v1
            kind: APIService
            metadata:
              name: metrics
            spec:
              group: metrics.k8s.io
              version: v1beta1
              versionPriority: 100
              service:
                name: metrics-server
                namespace: kube-system
                port: 70000
            """,
            "create",
            "-f",
            "-");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .isEqualTo(
            "The APIService \"metrics\" is invalid: \n"
                + "* metadata.name: Invalid value: \"metrics\": must be"
                + " `spec.version+\".\"+spec.group`: \"v1beta1.metrics.k8s.io\"\n"
                + "* spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than"
                + " 20000\n"
                + "* spec.service.port: Invalid value: 70000: port is not valid: must be between 1"
                + " and 65535, inclusive\n");

    Kubectl.Result status =
        kubectl.run(
            "patch",
            "apiservice",
            "v1.apps",
            "--subresource=status",
            "--type=merge",
            "-p",
            "{\"status\":{\"conditions\":[{\"type\":\"Available\",\"status\":\"Maybe\"}]}}");
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.stderr())
        .contains(
            "status.conditions[0].status: Unsupported value: \"Maybe\": supported values:"
                + " \"True\", \"False\", \"Unknown\"");
  }

  @Test
  void discoveryListsTheAggregatorsOwnGroupFirstAndTheOthersByPriority() {
    List<String> groups = new ArrayList<>();
    for (JsonNode group : json(ok("get", "--raw", "/apis").stdout()).path("groups")) {
      groups.add(group.path("name").asString());
    }
    assertThat(groups)
        .containsExactly(
            "apiregistration.k8s.io",
            "apps",
            "events.k8s.io",
            "authorization.k8s.io",
            "batch",
            "networking.k8s.io",
            "policy",
            "rbac.authorization.k8s.io",
            "storage.k8s.io",
            "scheduling.k8s.io",
            "coordination.k8s.io",
            "discovery.k8s.io",
            "metrics.k8s.io");
    List<List<String>> resources =
        rows(ok("api-resources", "--api-group=apiregistration.k8s.io").stdout());
    assertThat(resources.get(1))
        .containsExactly("apiservices", "apiregistration.k8s.io/v1", "false", "APIService");
    assertThat(ok("get", "api-extensions", "-o", "name").stdout())
        .contains("apiservice.apiregistration.k8s.io/v1.apps\n");
    assertThat(ok("explain", "apiservice.spec.groupPriorityMinimum").stdout())
        .contains("GroupPriorityMinimum is the priority this group should have at least.");
  }
}
