package io.kubesim.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.kubesim.core.json.Json;
import io.kubesim.core.quantity.Quantity;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class ProjectionTest {
  record Case(
      String name,
      String volume,
      Map<String, String> files,
      Map<String, Integer> modes,
      String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Pod POD =
      new PodBuilder()
          .withNewMetadata()
          .withName("web")
          .withNamespace("shop")
          .withUid("u-1")
          .withLabels(Map.of("tier", "front", "app", "web"))
          .endMetadata()
          .withNewSpec()
          .addNewContainer()
          .withName("c")
          .withNewResources()
          .withLimits(Map.of("memory", new io.fabric8.kubernetes.api.model.Quantity("64Mi")))
          .endResources()
          .endContainer()
          .endSpec()
          .build();

  private static final Projection.Sources SOURCES =
      new Projection.Sources() {
        @Override
        public JsonNode configMap(String name) {
          return name.equals("game")
              ? Json.MAPPER.readTree(
                  "{\"data\":{\"lives\":\"3\",\"ui.properties\":\"color=red\\n\"}}")
              : null;
        }

        @Override
        public JsonNode secret(String name) {
          return name.equals("db")
              ? Json.MAPPER.readTree("{\"data\":{\"password\":\"czNjcjN0\"}}")
              : null;
        }
      };

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "a configMap gives one file per key with the default mode",
            "{\"name\":\"v\",\"configMap\":{\"name\":\"game\"}}",
            Map.of("lives", "3", "ui.properties", "color=red\n"),
            Map.of("lives", 0644, "ui.properties", 0644),
            null),
        new Case(
            "items pick keys, paths and modes",
            "{\"name\":\"v\",\"configMap\":{\"name\":\"game\",\"defaultMode\":256,"
                + "\"items\":[{\"key\":\"lives\",\"path\":\"conf/lives.txt\",\"mode\":511}]}}",
            Map.of("conf/lives.txt", "3"),
            Map.of("conf/lives.txt", 0777),
            null),
        new Case(
            "a missing configMap is the mount error",
            "{\"name\":\"v\",\"configMap\":{\"name\":\"nope\"}}",
            Map.of(),
            Map.of(),
            "configmap \"nope\" not found"),
        new Case(
            "a missing optional configMap is an empty volume",
            "{\"name\":\"v\",\"configMap\":{\"name\":\"nope\",\"optional\":true}}",
            Map.of(),
            Map.of(),
            null),
        new Case(
            "an item naming a missing key is the mount error",
            "{\"name\":\"v\",\"configMap\":{\"name\":\"game\",\"items\":[{\"key\":\"x\",\"path\":\"x\"}]}}",
            Map.of(),
            Map.of(),
            "configmap references non-existent config key: x"),
        new Case(
            "a secret's values are decoded",
            "{\"name\":\"v\",\"secret\":{\"secretName\":\"db\",\"defaultMode\":256}}",
            Map.of("password", "s3cr3t"),
            Map.of("password", 0400),
            null),
        new Case(
            "a missing secret is the mount error",
            "{\"name\":\"v\",\"secret\":{\"secretName\":\"x\"}}",
            Map.of(),
            Map.of(),
            "secret \"x\" not found"),
        new Case(
            "downwardAPI writes labels as sorted key=\"value\" lines, and fields and limits",
            "{\"name\":\"v\",\"downwardAPI\":{\"items\":["
                + "{\"path\":\"labels\",\"fieldRef\":{\"fieldPath\":\"metadata.labels\"}},"
                + "{\"path\":\"name\",\"fieldRef\":{\"fieldPath\":\"metadata.name\"}},"
                + "{\"path\":\"mem\",\"resourceFieldRef\":{\"containerName\":\"c\","
                + "\"resource\":\"limits.memory\",\"divisor\":\"1Mi\"}}]}}",
            Map.of("labels", "app=\"web\"\ntier=\"front\"", "name", "web", "mem", "64"),
            Map.of("labels", 0644, "name", 0644, "mem", 0644),
            null),
        new Case(
            "projected merges its sources under one defaultMode",
            "{\"name\":\"v\",\"projected\":{\"defaultMode\":288,\"sources\":["
                + "{\"configMap\":{\"name\":\"game\",\"items\":[{\"key\":\"lives\",\"path\":\"lives\"}]}},"
                + "{\"secret\":{\"name\":\"db\"}},"
                + "{\"downwardAPI\":{\"items\":[{\"path\":\"ns\",\"fieldRef\":{\"fieldPath\":\"metadata.namespace\"}}]}}]}}",
            Map.of("lives", "3", "password", "s3cr3t", "ns", "shop"),
            Map.of("lives", 0440, "password", 0440, "ns", 0440),
            null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void projectsTheFilesAsTheKubeletWritesThem(Case c) {
    Volume v = io.kubesim.core.client.ApiClient.as(Json.MAPPER.readTree(c.volume()), Volume.class);
    Projection.Result r =
        Projection.of(v, POD, SOURCES, Quantity.parse("4"), Quantity.parse("8Gi"));
    assertThat(r.error()).isEqualTo(c.error());
    assertThat(r.contents()).isEqualTo(c.files());
    assertThat(r.modes()).isEqualTo(c.modes());
  }
}
