package io.kubesim.kubestatemetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StateMetricsTest {
  private static JsonNode json(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static final JsonNode POD =
      json(
          """
          {"metadata":{"namespace":"demo","name":"web-1","uid":"u1",
            "ownerReferences":[{"kind":"ReplicaSet","name":"web-7d","controller":true}]},
           "spec":{"nodeName":"kubesim-worker"},
           "status":{"phase":"Running","podIP":"10.244.1.5","hostIP":"172.18.0.3",
            "conditions":[{"type":"Ready","status":"True"}],
            "containerStatuses":[{"name":"nginx","restartCount":2,"ready":true}]}}
          """);
  private static final JsonNode DEPLOYMENT =
      json(
          """
          {"metadata":{"namespace":"demo","name":"web"},"spec":{"replicas":3},
           "status":{"replicas":3,"readyReplicas":2,"availableReplicas":2,"unavailableReplicas":1,
            "updatedReplicas":3}}
          """);
  private static final JsonNode NODE =
      json(
          """
          {"metadata":{"name":"kubesim-worker2"},
           "spec":{"podCIDR":"10.244.2.0/24","taints":[{"key":"node.kubernetes.io/unreachable",
            "effect":"NoExecute"}]},
           "status":{"conditions":[{"type":"Ready","status":"Unknown"}],
            "nodeInfo":{"kubeletVersion":"v1.32.5"}}}
          """);

  private static String scrape(List<JsonNode> pods, List<JsonNode> deps, List<JsonNode> nodes) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .getPrometheusRegistry()
        .register(
            () -> new MetricSnapshots(StateMetrics.of(pods, deps, nodes, List.of(), List.of())));
    return registry.scrape();
  }

  @Test
  void podsAsKubeStateMetricsNamesThem() {
    String text = scrape(List.of(POD), List.of(), List.of());
    assertThat(text)
        .contains("# HELP kube_pod_status_phase The pods current phase.\n")
        .contains("# TYPE kube_pod_status_phase gauge\n")
        .contains(
            "kube_pod_status_phase{namespace=\"demo\",phase=\"Running\",pod=\"web-1\",uid=\"u1\"}"
                + " 1.0\n")
        .contains(
            "kube_pod_status_phase{namespace=\"demo\",phase=\"Pending\",pod=\"web-1\",uid=\"u1\"}"
                + " 0.0\n")
        .contains("# TYPE kube_pod_container_status_restarts_total counter\n")
        .contains(
            "kube_pod_container_status_restarts_total{container=\"nginx\",namespace=\"demo\","
                + "pod=\"web-1\",uid=\"u1\"} 2.0\n")
        .contains(
            "kube_pod_status_ready{condition=\"true\",namespace=\"demo\",pod=\"web-1\",uid=\"u1\"}")
        .containsPattern(
            "kube_pod_info\\{created_by_kind=\"ReplicaSet\",created_by_name=\"web-7d\",.*node=\"kubesim-worker\",.*pod_ip=\"10.244.1.5\"");
  }

  @Test
  void deploymentReplicasAndNodeConditions() {
    String text = scrape(List.of(), List.of(DEPLOYMENT), List.of(NODE));
    assertThat(text)
        .contains(
            "kube_deployment_status_replicas_available{deployment=\"web\",namespace=\"demo\"} 2.0\n")
        .contains("kube_deployment_spec_replicas{deployment=\"web\",namespace=\"demo\"} 3.0\n")
        .contains(
            "kube_node_status_condition{condition=\"Ready\",node=\"kubesim-worker2\","
                + "status=\"unknown\"} 1.0\n")
        .contains(
            "kube_node_status_condition{condition=\"Ready\",node=\"kubesim-worker2\","
                + "status=\"true\"} 0.0\n")
        .contains(
            "kube_node_spec_taint{effect=\"NoExecute\",key=\"node.kubernetes.io/unreachable\","
                + "node=\"kubesim-worker2\",value=\"\"} 1.0\n");
  }

  @Test
  void aDeletedObjectsSeriesAreGoneAtTheNextScrape() {
    assertThat(scrape(List.of(POD), List.of(), List.of())).contains("pod=\"web-1\"");
    String empty = scrape(List.of(), List.of(), List.of());
    assertThat(empty).doesNotContain("web-1");
  }

  @Test
  void replicationControllersAsKubeStateMetricsNamesThem() {
    JsonNode rc =
        json(
            """
            {"metadata":{"namespace":"demo","name":"nginx","generation":2,
              "creationTimestamp":"2025-01-01T00:00:00Z"},
             "spec":{"replicas":3,"selector":{"app":"nginx"}},
             "status":{"replicas":3,"fullyLabeledReplicas":3,"readyReplicas":2,
              "availableReplicas":2,"observedGeneration":2}}
            """);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .getPrometheusRegistry()
        .register(
            () ->
                new MetricSnapshots(
                    StateMetrics.of(List.of(), List.of(), List.of(), List.of(), List.of(rc))));
    String labels = "{namespace=\"demo\",replicationcontroller=\"nginx\"}";

    assertThat(registry.scrape())
        .contains(
            "# HELP kube_replicationcontroller_status_ready_replicas The number of ready replicas"
                + " per ReplicationController.\n")
        .contains("kube_replicationcontroller_spec_replicas" + labels + " 3.0\n")
        .contains("kube_replicationcontroller_status_ready_replicas" + labels + " 2.0\n")
        .contains("kube_replicationcontroller_status_fully_labeled_replicas" + labels + " 3.0\n")
        .contains("kube_replicationcontroller_status_observed_generation" + labels + " 2.0\n")
        .contains("kube_replicationcontroller_metadata_generation" + labels + " 2.0\n")
        .contains("kube_replicationcontroller_created" + labels + " 1.7356896E9\n")
        .contains(
            "kube_replicationcontroller_owner{namespace=\"demo\",owner_is_controller=\"<none>\","
                + "owner_kind=\"<none>\",owner_name=\"<none>\",replicationcontroller=\"nginx\"}"
                + " 1.0\n");
  }
}
