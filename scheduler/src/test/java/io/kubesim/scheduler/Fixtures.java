package io.kubesim.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kubesim.scheduler.framework.NodeInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the pods and nodes of scheduler tests. */
public final class Fixtures {

  private Fixtures() {}

  /** A container requesting the given resources ("cpu", "100m", "memory", "64Mi", ...). */
  public static Container container(String... requests) {
    Map<String, Quantity> map = new LinkedHashMap<>();
    for (int i = 0; i < requests.length; i += 2) {
      map.put(requests[i], new Quantity(requests[i + 1]));
    }
    return new ContainerBuilder()
        .withName("c")
        .withImage("nginx")
        .withNewResources()
        .withRequests(map)
        .endResources()
        .build();
  }

  /** A sidecar: an init container with restartPolicy Always. */
  public static Container sidecar(String... requests) {
    Container c = container(requests);
    c.setRestartPolicy("Always");
    return c;
  }

  public static Container withHostPort(int hostPort, String protocol, String hostIp) {
    Container c = container();
    c.setPorts(
        List.of(
            new ContainerPortBuilder()
                .withContainerPort(80)
                .withHostPort(hostPort)
                .withProtocol(protocol)
                .withHostIP(hostIp)
                .build()));
    return c;
  }

  public static PodBuilder pod(String name, Container... containers) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withContainers(containers)
        .endSpec();
  }

  /** A pod owned by ReplicaSet {@code rs} (controller ownerReference with uid "uid-" + rs). */
  public static PodBuilder replicaSetPod(String name, String rs, Container... containers) {
    return pod(name, containers)
        .editMetadata()
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(rs)
                .withUid("uid-" + rs)
                .withController(true)
                .build())
        .endMetadata();
  }

  /** A ready node with the kubernetes.io/hostname label and the given allocatable. */
  public static NodeBuilder node(String name, String cpu, String memory, int pods) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("kubernetes.io/hostname", name)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .addToAllocatable("cpu", new Quantity(cpu))
        .addToAllocatable("memory", new Quantity(memory))
        .addToAllocatable("pods", new Quantity(String.valueOf(pods)))
        .endStatus();
  }

  public static NodeBuilder node(String name) {
    return node(name, "4", "8Gi", 110);
  }

  public static Taint taint(String key, String value, String effect) {
    return new Taint(effect, key, null, value);
  }

  public static Toleration toleration(String key, String operator, String value, String effect) {
    Toleration t = new Toleration();
    t.setKey(key);
    t.setOperator(operator);
    t.setValue(value);
    t.setEffect(effect);
    return t;
  }

  public static NodeSelectorRequirement req(String key, String op, String... values) {
    return new NodeSelectorRequirement(key, op, List.of(values));
  }

  public static NodeInfo info(Node node, Pod... pods) {
    return NodeInfo.of(node, List.of(pods));
  }

  public static NodeInfo info(NodeBuilder node, Pod... pods) {
    return info(node.build(), pods);
  }
}
