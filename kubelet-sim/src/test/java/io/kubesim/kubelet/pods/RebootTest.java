package io.kubesim.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.kubelet.PodSim;
import io.kubesim.kubelet.Pods;
import io.kubesim.kubelet.runtime.ContainerState.Running;
import io.kubesim.kubelet.runtime.ContainerState.Terminated;
import io.kubesim.kubelet.status.PodStatuses;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebootTest {

  static Pod web() {
    return Pods.pod("Always", Map.of(), Pods.container("nginx", "nginx").build());
  }

  @Test
  void aPodThatRanBeforeStartsAgainWithItsRestartCountUp() {
    Pods.Run before = new Pods.Run(web()).until(5);
    assertThat(before.sim.app().get(0).state()).isInstanceOf(Running.class);
    PodSim after =
        Reboot.continueFrom(
            PodSim.admit(web(), Pods.at(60), "10.0.0.1", "10.244.1.5"), before.status, Pods.at(60));
    var c = after.app().get(0);
    assertThat(c.restartCount()).isEqualTo(1);
    assertThat(c.lastState())
        .isInstanceOfSatisfying(
            Terminated.class,
            t -> {
              assertThat(t.exitCode()).isEqualTo(255);
              assertThat(t.reason()).isEqualTo("Unknown");
              assertThat(t.finishedAt()).isEqualTo(Pods.at(60));
            });
    assertThat(
            PodStatuses.status(after, null, Pods.at(60))
                .getContainerStatuses()
                .get(0)
                .getRestartCount())
        .isEqualTo(1);
  }

  @Test
  void aPodThatNeverRanIsAdmittedAsNew() {
    Pods.Run before = new Pods.Run(web());
    PodSim admitted = PodSim.admit(web(), Pods.at(60), "10.0.0.1", "10.244.1.5");
    assertThat(Reboot.continueFrom(admitted, before.status, Pods.at(60))).isSameAs(admitted);
    assertThat(Reboot.continueFrom(admitted, null, Pods.at(60))).isSameAs(admitted);
  }
}
