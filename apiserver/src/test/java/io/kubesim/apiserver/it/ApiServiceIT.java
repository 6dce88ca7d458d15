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
 * keeps for its own group-versions, and one a user adds for an aggregated API (metrics-server's),
 * whose availability follows its Service and Endpoints as the aggregator reports it.
 */
class ApiServiceIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The APIService of the metrics-server manifest (components.yaml). */
  private static final String METRICS_API_SERVICE =
      """
      apiVersion: apiregistration.k8s.io/v1
      kind: APIService
      metadata:
        labels:
          k8s-app: metrics-server
        name: v1beta1.metrics.k8s.io
      spec:
        group: metrics.k8s.io
        groupPriorityMinimum: 100
        insecureSkipTLSVerify: true
        service:
          name: metrics-server
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
    assertThat(okWithInput(METRICS_API_SERVICE, "apply", "-f", "-").stdout())
        .isEqualTo("apiservice.apiregistration.k8s.io/v1beta1.metrics.k8s.io created\n");
    try {
      assertThat(
              ok(
                      "get",
                      "apiservice",
                      "v1beta1.metrics.k8s.io",
                      "-o",
                      "jsonpath={.spec.service.port}")
                  .stdout())
          .isEqualTo("443");
      awaitAvailable(
          "False (ServiceNotFound)", "service/metrics-server in \"kube-system\" is not present");

      // a Service without a selector and without Endpoints yet
      okWithInput(
          """
          apiVersion: v1
          kind: Service
          metadata:
            name: metrics-server
            namespace: kube-system
          spec:
            ports:
            - name: https
              port: 443
              targetPort: 10250
          """,
          "apply",
          "-f",
          "-");
      awaitAvailable(
          "False (EndpointsNotFound)",
          "cannot find endpoints for service/metrics-server in \"kube-system\"");

      okWithInput(
          """
          apiVersion: v1
          kind: Endpoints
          metadata:
            name: metrics-server
            namespace: kube-system
          subsets:
          - addresses:
            - ip: 10.244.1.7
            ports:
            - name: https
              port: 10250
          """,
          "apply",
          "-f",
          "-");
      String clusterIp =
          ok(
                  "get",
                  "svc",
                  "metrics-server",
                  "-n",
                  "kube-system",
                  "-o",
                  "jsonpath={.spec.clusterIP}")
              .stdout();
      awaitAvailable(
          "False (FailedDiscoveryCheck)",
          "failing or missing response from https://"
              + clusterIp
              + ":443/apis/metrics.k8s.io/v1beta1: kubesim does not proxy to aggregated API"
              + " servers");
    } finally {
      ok("delete", "apiservice", "v1beta1.metrics.k8s.io");
      kubectl.run("delete", "service", "metrics-server", "-n", "kube-system");
      kubectl.run("delete", "endpoints", "metrics-server", "-n", "kube-system");
    }
  }

  private static void awaitAvailable(String available, String message) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<List<String>> table =
                  rows(ok("get", "apiservice", "v1beta1.metrics.k8s.io").stdout());
              assertThat(table.get(1).subList(0, 3))
                  .containsExactly(
                      "v1beta1.metrics.k8s.io", "kube-system/metrics-server", available);
              assertThat(
                      ok(
                              "get",
                              "apiservice",
                              "v1beta1.metrics.k8s.io",
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
            "discovery.k8s.io");
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
