package io.kubesim.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.Map;

/** Small builders for the endpoints planners' tests. */
public final class EndpointObjects {
  private EndpointObjects() {}

  /** Service "web" in "default" selecting app=web, port http 80 → named target "http". */
  public static ServiceBuilder service() {
    return new ServiceBuilder()
        .withApiVersion("v1")
        .withKind("Service")
        .withNewMetadata()
        .withName("web")
        .withNamespace("default")
        .withUid("svc-uid")
        .withLabels(Map.of("tier", "front"))
        .withCreationTimestamp("2026-12-07T10:00:00Z")
        .endMetadata()
        .withNewSpec()
        .withSelector(Map.of("app", "web"))
        .withClusterIP("10.96.0.20")
        .withPorts(
            new ServicePortBuilder()
                .withName("http")
                .withPort(80)
                .withProtocol("TCP")
                .withTargetPort(new IntOrString("http"))
                .build())
        .endSpec();
  }

  /** A Running pod of app=web on node n1 with IP 10.244.1.{i}, serving "http" on 8080. */
  public static PodBuilder pod(String name, int i, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .withUid("uid-" + name)
        .withLabels(Map.of("app", "web"))
        .withCreationTimestamp("2026-12-07T10:00:0" + (i % 10) + "Z")
        .endMetadata()
        .withNewSpec()
        .withNodeName("n1")
        .addNewContainer()
        .withName("app")
        .withImage("nginx")
        .addNewPort()
        .withName("http")
        .withContainerPort(8080)
        .withProtocol("TCP")
        .endPort()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP("10.244.1." + i)
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .withLastTransitionTime("2026-12-07T10:01:0" + (i % 10) + "Z")
        .endCondition()
        .endStatus();
  }

  public static Pod readyPod(String name, int i) {
    return pod(name, i, true).build();
  }

  public static Service web() {
    return service().build();
  }
}
