package io.kubesim.controllermanager.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeLifecycleConfigTest {
  @Test
  void theDefaultsAreKubeControllerManagers() {
    assertThat(NodeLifecycleConfig.fromEnv(Map.of()))
        .isEqualTo(
            new NodeLifecycleConfig(
                Duration.ofSeconds(5), Duration.ofSeconds(50), Duration.ofMinutes(1)));
  }

  @Test
  void theFastProfileShortensTheGracePeriodToTenSeconds() {
    NodeLifecycleConfig fast = NodeLifecycleConfig.fromEnv(Map.of("KUBESIM_PROFILE", "fast"));
    assertThat(fast.nodeMonitorGracePeriod()).isEqualTo(Duration.ofSeconds(10));
    assertThat(fast.nodeMonitorPeriod()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void anExplicitVariableWinsOverTheProfile() {
    NodeLifecycleConfig c =
        NodeLifecycleConfig.fromEnv(
            Map.of(
                "KUBESIM_PROFILE", "fast",
                "KUBESIM_NODE_MONITOR_GRACE_PERIOD", "40s",
                "KUBESIM_NODE_MONITOR_PERIOD", "500ms",
                "KUBESIM_NODE_STARTUP_GRACE_PERIOD", "2m"));
    assertThat(c)
        .isEqualTo(
            new NodeLifecycleConfig(
                Duration.ofMillis(500), Duration.ofSeconds(40), Duration.ofMinutes(2)));
  }

  @Test
  void aMalformedDurationNamesTheVariable() {
    assertThatThrownBy(
            () -> NodeLifecycleConfig.fromEnv(Map.of("KUBESIM_NODE_MONITOR_PERIOD", "soon")))
        .hasMessageContaining("KUBESIM_NODE_MONITOR_PERIOD");
  }
}
