package io.kubesim.kubelet.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubesim.core.json.Json;
import io.kubesim.core.quantity.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ContainerEnvTest {
  static final JsonNode KUBERNETES =
      Json.parse(
          """
          {"metadata":{"name":"kubernetes","namespace":"default"},
           "spec":{"clusterIP":"10.96.0.1","ports":[{"name":"https","port":443,"protocol":"TCP"}]}}
          """
              .getBytes());
  static final JsonNode WEB =
      Json.parse(
          """
          {"metadata":{"name":"web-api","namespace":"shop"},
           "spec":{"clusterIP":"10.96.12.7","ports":[{"port":80,"protocol":"TCP"}]}}
          """
              .getBytes());
  static final JsonNode HEADLESS =
      Json.parse(
          """
          {"metadata":{"name":"db","namespace":"shop"},
           "spec":{"clusterIP":"None","ports":[{"port":5432}]}}
          """
              .getBytes());

  static Pod pod(boolean serviceLinks) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withLabels(Map.of("app", "web"))
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-1")
        .withEnableServiceLinks(serviceLinks)
        .addNewContainer()
        .withName("app")
        .withImage("busybox")
        .addNewEnv()
        .withName("GREETING")
        .withValue("hello")
        .endEnv()
        .addNewEnv()
        .withName("MESSAGE")
        .withValue("$(GREETING) from $(POD_NAME), $$(NOT) $(MISSING)")
        .endEnv()
        .addNewEnv()
        .withName("POD_NAME")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.name")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("POD_IP")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("status.podIP")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("APP")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.labels['app']")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("COLOR")
        .withNewValueFrom()
        .withNewConfigMapKeyRef()
        .withName("settings")
        .withKey("color")
        .endConfigMapKeyRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("PASSWORD")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName("creds")
        .withKey("password")
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("MEMORY_LIMIT")
        .withNewValueFrom()
        .withNewResourceFieldRef()
        .withResource("limits.memory")
        .endResourceFieldRef()
        .endValueFrom()
        .endEnv()
        .endContainer()
        .endSpec()
        .build();
  }

  static Map<String, String> env(Pod pod) {
    ContainerEnv.Sources sources =
        new ContainerEnv.Sources(
            List.of(WEB, HEADLESS, KUBERNETES),
            Map.of("settings", Json.parse("{\"data\":{\"color\":\"blue\"}}".getBytes())),
            Map.of("creds", Json.parse("{\"data\":{\"password\":\"czNjcjN0\"}}".getBytes())));
    return ContainerEnv.of(
        pod,
        pod.getSpec().getContainers().get(0),
        "10.244.1.5",
        "172.18.0.2",
        Map.of(),
        sources,
        Quantity.parse("4"),
        Quantity.parse("8Gi"));
  }

  @Test
  void theContainersOwnVariablesAreResolvedAsTheKubeletResolvesThem() {
    Map<String, String> env = env(pod(true));

    assertThat(env)
        .containsEntry("HOSTNAME", "web")
        .containsEntry("MESSAGE", "hello from $(POD_NAME), $(NOT) $(MISSING)")
        .containsEntry("POD_NAME", "web")
        .containsEntry("POD_IP", "10.244.1.5")
        .containsEntry("APP", "web")
        .containsEntry("COLOR", "blue")
        .containsEntry("PASSWORD", "s3cr3t")
        .containsEntry("MEMORY_LIMIT", "8589934592")
        .containsEntry("HOME", "/root");
    assertThat(env.keySet()).first().isEqualTo("PATH");
  }

  @Test
  void servicesWithAClusterIpAreLinkedAsDockerWouldLinkThem() {
    Map<String, String> env = env(pod(true));

    assertThat(env)
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.1")
        .containsEntry("KUBERNETES_SERVICE_PORT", "443")
        .containsEntry("KUBERNETES_SERVICE_PORT_HTTPS", "443")
        .containsEntry("KUBERNETES_PORT", "tcp://10.96.0.1:443")
        .containsEntry("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443")
        .containsEntry("KUBERNETES_PORT_443_TCP_PROTO", "tcp")
        .containsEntry("KUBERNETES_PORT_443_TCP_PORT", "443")
        .containsEntry("KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1")
        .containsEntry("WEB_API_SERVICE_HOST", "10.96.12.7")
        .containsEntry("WEB_API_PORT_80_TCP", "tcp://10.96.12.7:80");
    assertThat(env.keySet()).noneMatch(k -> k.startsWith("DB_"));
  }

  @Test
  void withoutServiceLinksOnlyTheKubernetesServiceIsLinked() {
    Map<String, String> env = env(pod(false));

    assertThat(env).containsKey("KUBERNETES_SERVICE_HOST");
    assertThat(env.keySet()).noneMatch(k -> k.startsWith("WEB_API_"));
  }
}
