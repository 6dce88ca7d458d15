package io.kubesim.kubelet.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.core.client.ApiClient;
import io.kubesim.core.json.Json;
import io.kubesim.kubelet.mirror.Manifests.Slot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestsTest {
  static final MirrorNode CP =
      new MirrorNode("kubesim-control-plane", "172.18.0.2", "6c1b0f0e-0000-4000-8000-000000000001");

  record NameCase(String name, String pod, String node, Slot slot) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<NameCase> names() {
    return Stream.of(
        new NameCase(
            "a component's pod is the manifest's name and the node's",
            "kube-scheduler-kubesim-control-plane",
            "kubesim-control-plane",
            new Slot("kube-scheduler", 1)),
        new NameCase(
            "a second replica is the manifest <component>-2",
            "kube-controller-manager-2-kubesim-control-plane",
            "kubesim-control-plane",
            new Slot("kube-controller-manager", 2)),
        new NameCase(
            "kube-proxy has one per node",
            "kube-proxy-kubesim-worker2",
            "kubesim-worker2",
            new Slot("kube-proxy", 1)),
        new NameCase(
            "CoreDNS is coredns-<node>",
            "coredns-kubesim-control-plane",
            "kubesim-control-plane",
            new Slot("coredns", 1)),
        new NameCase(
            "the ingress controller's pod is named after its node",
            "ingress-nginx-controller-kubesim-control-plane",
            "kubesim-control-plane",
            new Slot("ingress-nginx-controller", 1)),
        new NameCase(
            "a pod of another node is none of this node's",
            "kube-proxy-kubesim-worker2",
            "kubesim-worker",
            null),
        new NameCase(
            "a component kubesim does not run is no slot",
            "etcd-kubesim-control-plane",
            "kubesim-control-plane",
            null),
        new NameCase(
            "replica 1 is never written out as -1",
            "kube-scheduler-1-kubesim-control-plane",
            "kubesim-control-plane",
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void aPodNameTellsItsComponentAndReplica(NameCase c) {
    assertThat(Manifests.parse(c.pod(), c.node())).isEqualTo(c.slot());
    if (c.slot() != null) {
      assertThat(Manifests.podName(c.slot().component(), c.slot().replica(), c.node()))
          .isEqualTo(c.pod());
    }
  }

  @Test
  void theSchedulersMirrorPodIsKubeadmsStaticPodAsKindShowsIt() throws IOException {
    ComponentMember scheduler =
        new ComponentMember("m1", "kube-scheduler", List.of(CP.name()), null);
    MirrorPlanner.Plan plan =
        MirrorPlanner.plan(
            List.of(scheduler),
            List.of(CP),
            List.of(),
            Map.of(),
            Instant.parse("2025-06-01T10:00:00.123456789Z"));
    assertThat(plan.create()).hasSize(1);
    assertThat(yaml(plan.create().get(0))).isEqualTo(golden("kube-scheduler-mirror.yaml"));
  }

  @Test
  void theIngressControllersMirrorPodIsInItsOwnNamespace() {
    ComponentMember ingress =
        new ComponentMember("m1", "ingress-nginx-controller", List.of(CP.name()), null);
    MirrorPlanner.Plan plan =
        MirrorPlanner.plan(
            List.of(ingress),
            List.of(CP),
            List.of(),
            Map.of(),
            Instant.parse("2025-06-01T10:00:00Z"));
    assertThat(plan.create())
        .singleElement()
        .satisfies(
            pod -> {
              assertThat(pod.getMetadata().getNamespace()).isEqualTo("ingress-nginx");
              assertThat(pod.getMetadata().getName())
                  .isEqualTo("ingress-nginx-controller-kubesim-control-plane");
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            });
    assertThat(Manifests.NAMESPACES).containsExactly("kube-system", "ingress-nginx");
  }

  @Test
  void theApiServersPodNamesTheEndpointItAdvertises() {
    Pod pod = Manifests.staticPod("kube-apiserver", 1, CP, "10.0.0.9:6443");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry(
            "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint", "10.0.0.9:6443");
    assertThat(pod.getSpec().getContainers().get(0).getCommand())
        .contains("--advertise-address=10.0.0.9", "--secure-port=6443");
    assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests().get("cpu"))
        .hasToString("250m");
  }

  @Test
  void theSameManifestOnTheSameNodeHasTheSameHashAndAnotherNodeAnother() {
    MirrorNode worker = new MirrorNode("kubesim-worker", "172.18.0.3", "u");
    String hash =
        Manifests.staticPod("kube-proxy", 1, CP, null)
            .getMetadata()
            .getAnnotations()
            .get(Manifests.HASH);
    assertThat(hash).matches("[0-9a-f]{32}");
    assertThat(
            Manifests.staticPod("kube-proxy", 1, CP, null)
                .getMetadata()
                .getAnnotations()
                .get(Manifests.HASH))
        .isEqualTo(hash);
    assertThat(
            Manifests.staticPod("kube-proxy", 1, worker, null)
                .getMetadata()
                .getAnnotations()
                .get(Manifests.HASH))
        .isNotEqualTo(hash);
  }

  @Test
  void kubeProxyKeepsItsDaemonSetTolerationAndGetsTheStaticPodsOne() {
    Pod pod = Manifests.staticPod("kube-proxy", 1, CP, null);
    assertThat(pod.getSpec().getTolerations())
        .extracting(t -> t.getOperator() + ":" + t.getEffect())
        .containsExactly("Exists:null", "Exists:NoExecute");
    assertThat(pod.getMetadata().getLabels()).containsExactly(Map.entry("k8s-app", "kube-proxy"));
    assertThat(pod.getSpec().getContainers().get(0).getResources()).isNull();
  }

  @Test
  void coreDnsIsKubeadmsCoreDnsPodLabelledAsKubeDns() {
    Pod pod = Manifests.staticPod("coredns", 1, CP, null);
    assertThat(pod.getMetadata().getName()).isEqualTo("coredns-kubesim-control-plane");
    assertThat(pod.getMetadata().getLabels()).containsExactly(Map.entry("k8s-app", "kube-dns"));
    assertThat(pod.getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.k8s.io/coredns/coredns:v1.11.3");
    assertThat(pod.getSpec().getContainers().get(0).getPorts())
        .extracting(p -> p.getName() + " " + p.getContainerPort() + "/" + p.getProtocol())
        .containsExactly("dns 53/UDP", "dns-tcp 53/TCP", "metrics 9153/TCP");
    assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("system-cluster-critical");
  }

  static String yaml(Pod pod) {
    return Json.YAML.writeValueAsString(ApiClient.tree(pod));
  }

  static String golden(String name) throws IOException {
    try (InputStream in = ManifestsTest.class.getResourceAsStream(name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
