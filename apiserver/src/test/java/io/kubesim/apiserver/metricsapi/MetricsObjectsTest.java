package io.kubesim.apiserver.metricsapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.apiserver.metricsapi.MetricsStorage.ContainerUsage;
import io.kubesim.apiserver.metricsapi.MetricsStorage.PodUsage;
import io.kubesim.apiserver.metricsapi.MetricsStorage.Usage;
import io.kubesim.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class MetricsObjectsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T10:00:07.400Z");
  private static final long LAST = Instant.parse("2026-01-01T10:00:05.123Z").toEpochMilli();

  private static JsonNode json(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aNodesMetricsCarryItsLabelsTheLastPointsTimeAndTheWindow() {
    JsonNode node =
        json(
            """
            {"metadata":{"name":"kubesim-worker","uid":"u1","resourceVersion":"7",
              "labels":{"kubernetes.io/hostname":"kubesim-worker","kubernetes.io/os":"linux"}},
             "status":{"allocatable":{"cpu":"4"}}}""");

    ObjectNode metrics =
        MetricsObjects.nodeMetrics(node, new Usage(329_087_452, 2_814_136_320L, LAST, 20_064), NOW);

    assertThat(Json.string(metrics))
        .isEqualTo(
            "{\"kind\":\"NodeMetrics\",\"apiVersion\":\"metrics.k8s.io/v1beta1\","
                + "\"metadata\":{\"name\":\"kubesim-worker\","
                + "\"creationTimestamp\":\"2026-01-01T10:00:07Z\","
                + "\"labels\":{\"kubernetes.io/hostname\":\"kubesim-worker\","
                + "\"kubernetes.io/os\":\"linux\"}},"
                + "\"timestamp\":\"2026-01-01T10:00:05Z\",\"window\":\"20.064s\","
                + "\"usage\":{\"cpu\":\"329087452n\",\"memory\":\"2748180Ki\"}}");
  }

  @Test
  void aPodsMetricsListItsContainersInTheirOrder() {
    JsonNode pod =
        json(
            """
            {"metadata":{"name":"web-1","namespace":"default","labels":{"app":"web"}},
             "spec":{"nodeName":"kubesim-worker"}}""");

    ObjectNode metrics =
        MetricsObjects.podMetrics(
            pod,
            new PodUsage(
                LAST,
                15_000,
                List.of(
                    new ContainerUsage("web", 250_000_000, 64L << 20),
                    new ContainerUsage("log", 2_115_006, 409_600))),
            NOW);
    ObjectNode list = MetricsObjects.list("PodMetrics", List.of(metrics));

    assertThat(Json.string(list))
        .isEqualTo(
            "{\"kind\":\"PodMetricsList\",\"apiVersion\":\"metrics.k8s.io/v1beta1\","
                + "\"metadata\":{},\"items\":[{\"kind\":\"PodMetrics\","
                + "\"apiVersion\":\"metrics.k8s.io/v1beta1\",\"metadata\":{\"name\":\"web-1\","
                + "\"namespace\":\"default\",\"creationTimestamp\":\"2026-01-01T10:00:07Z\","
                + "\"labels\":{\"app\":\"web\"}},\"timestamp\":\"2026-01-01T10:00:05Z\","
                + "\"window\":\"15s\",\"containers\":["
                + "{\"name\":\"web\",\"usage\":{\"cpu\":\"250m\",\"memory\":\"64Mi\"}},"
                + "{\"name\":\"log\",\"usage\":{\"cpu\":\"2115006n\",\"memory\":\"400Ki\"}}]}]}");

    ObjectNode table = MetricsObjects.table(List.of(metrics), "Metadata");
    assertThat(table.path("columnDefinitions").findValuesAsString("name"))
        .containsExactly("Name", "cpu", "memory", "Window");
    assertThat(Json.string(table.path("rows").get(0).path("cells")))
        .isEqualTo("[\"web-1\",\"252115006n\",\"65936Ki\",\"15s\"]");
    assertThat(
            table.path("rows").get(0).path("object").path("metadata").path("namespace").asString())
        .isEqualTo("default");
  }

  record Case(String name, long millis, String go) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> durations() {
    return Stream.of(
        new Case("nothing is 0s", 0, "0s"),
        new Case("under a second is in milliseconds", 500, "500ms"),
        new Case("whole seconds", 15_000, "15s"),
        new Case("seconds with their fraction", 15_001, "15.001s"),
        new Case("a minute and a half second", 60_500, "1m0.5s"),
        new Case("an hour shows every unit", 3_600_000, "1h0m0s"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durations")
  void writesWindowsAsGoDurations(Case c) {
    assertThat(MetricsObjects.goDuration(c.millis())).isEqualTo(c.go());
  }

  @Test
  void writesQuantitiesAsMetricsServerDoes() {
    assertThat(MetricsObjects.cpu(0)).isEqualTo("0");
    assertThat(MetricsObjects.cpu(2_000_000)).isEqualTo("2m");
    assertThat(MetricsObjects.cpu(1_500_000_000)).isEqualTo("1500m");
    assertThat(MetricsObjects.cpu(4_000_000_000L)).isEqualTo("4");
    assertThat(MetricsObjects.memory(15_015_937)).isEqualTo("15015937");
    assertThat(MetricsObjects.memory(1L << 30)).isEqualTo("1Gi");
  }
}
