package io.kubesim.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.kubesim.kubelet.Pods;
import io.kubesim.kubelet.app.HttpApp;
import io.kubesim.kubelet.runtime.ContainerSim;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodWorkerTest {

  record Ports(String name, Container container, List<Integer> listening) {}

  static ContainerPort port(int p) {
    ContainerPort cp = new ContainerPort();
    cp.setContainerPort(p);
    return cp;
  }

  static List<Ports> ports() {
    return List.of(
        new Ports("nginx listens on 80", Pods.container("c", "nginx").build(), List.of(80)),
        new Ports(
            "nginx listens on its declared ports and 80",
            Pods.container("c", "nginx").withPorts(port(8080)).build(),
            List.of(8080, 80)),
        new Ports(
            "another image listens on its declared ports only",
            Pods.container("c", "traefik/whoami").withPorts(port(8080)).build(),
            List.of(8080)),
        new Ports(
            "another image without ports listens on 80",
            Pods.container("c", "traefik/whoami").build(),
            List.of(80)),
        new Ports(
            "the pause image listens on nothing, even on a declared port",
            Pods.container("c", "registry.k8s.io/pause:3.10").withPorts(port(8080)).build(),
            List.of()),
        new Ports(
            "a shell script listens on nothing it does not declare",
            Pods.container("c", "busybox", "sh", "-c", "sleep 3600").build(),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ports")
  void theAppListensWhereItsImageWould(Ports p) {
    ContainerSim c =
        new Pods.Run(Pods.pod("Always", Map.of(), p.container())).until(5).sim.app().get(0);
    assertThat(PodWorker.appPorts(c)).containsExactlyElementsOf(p.listening());
  }

  record Health(String name, Map<String, String> annotations, long second, HttpApp.Health health) {}

  static List<Health> health() {
    return List.of(
        new Health("a plain app is healthy", Map.of(), 3, HttpApp.Health.OK),
        new Health(
            "an app warms up until ready-after",
            Map.of("kubesim.io/ready-after-seconds", "10"),
            3,
            HttpApp.Health.WARMING_UP),
        new Health(
            "an app is sick from liveness-fail-after",
            Map.of("kubesim.io/liveness-fail-after-seconds", "1"),
            4,
            HttpApp.Health.FAILING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("health")
  void theAppsHealthFollowsTheAnnotations(Health h) {
    Pods.Run run =
        new Pods.Run(Pods.pod("Always", h.annotations(), Pods.container("c", "nginx").build()))
            .until(h.second());
    ContainerSim c = run.sim.app().get(0);
    assertThat(PodWorker.health(c, run.now)).isEqualTo(h.health());
  }
}
