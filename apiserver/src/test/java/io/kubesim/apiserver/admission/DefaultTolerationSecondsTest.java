package io.kubesim.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class DefaultTolerationSecondsTest {
  record Case(String name, String pod, String expectedTolerations) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String BOTH =
      """
      [{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
       {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]
      """;

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a pod without tolerations gets both for 300 s", "{\"spec\":{}}", BOTH),
        new Case(
            "a pod that tolerates not-ready keeps its own and gets unreachable",
            """
            {"spec":{"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":5}]}}
            """,
            """
            [{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":5},
             {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]
            """),
        new Case(
            "a pod that tolerates everything gets nothing more",
            "{\"spec\":{\"tolerations\":[{\"operator\":\"Exists\"}]}}",
            "[{\"operator\":\"Exists\"}]"),
        new Case(
            "a NoSchedule toleration does not cover the NoExecute taints",
            """
            {"spec":{"tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoSchedule"}]}}
            """,
            """
            [{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoSchedule"},
             {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
             {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void podsGetTheNodeLifecycleTolerations(Case c) {
    ObjectNode pod = (ObjectNode) Json.MAPPER.readTree(c.pod());
    DefaultTolerationSeconds.DEFAULTS.admit(pod);
    // Compared as JSON text: 300 is a long here and an int when parsed.
    assertThat(Json.string(pod.path("spec").path("tolerations")))
        .isEqualTo(Json.string(Json.MAPPER.readTree(c.expectedTolerations())));
  }

  @Test
  void theSecondsComeFromTheEnvironmentAndTheFastProfileMakesThemTen() {
    assertThat(DefaultTolerationSeconds.fromEnv(Map.of()))
        .isEqualTo(new DefaultTolerationSeconds(300, 300));
    assertThat(DefaultTolerationSeconds.fromEnv(Map.of("KUBESIM_PROFILE", "fast")))
        .isEqualTo(new DefaultTolerationSeconds(10, 10));
    assertThat(
            DefaultTolerationSeconds.fromEnv(
                Map.of(
                    "KUBESIM_PROFILE", "fast",
                    "KUBESIM_DEFAULT_UNREACHABLE_TOLERATION_SECONDS", "30",
                    "KUBESIM_DEFAULT_NOT_READY_TOLERATION_SECONDS", "60")))
        .isEqualTo(new DefaultTolerationSeconds(60, 30));
  }

  @Test
  void theConfiguredSecondsAreWhatPodsGet() {
    ObjectNode pod = (ObjectNode) Json.MAPPER.readTree("{\"spec\":{}}");
    new DefaultTolerationSeconds(10, 20).admit(pod);
    assertThat(pod.path("spec").path("tolerations").get(0).path("tolerationSeconds").asLong())
        .isEqualTo(10);
    assertThat(pod.path("spec").path("tolerations").get(1).path("tolerationSeconds").asLong())
        .isEqualTo(20);
  }
}
