package io.kubesim.controllermanager.nodelifecycle;

import io.kubesim.core.process.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * The node lifecycle controller's timings, from the environment under kube-controller-manager's
 * flag names (values are Go durations: {@code 500ms}, {@code 5s}, {@code 1m}):
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>variable</th><th>flag</th><th>default</th><th>fast profile</th></tr>
 *   <tr><td>KUBESIM_NODE_MONITOR_PERIOD</td><td>--node-monitor-period</td><td>5s</td>
 *       <td>2s</td></tr>
 *   <tr><td>KUBESIM_NODE_MONITOR_GRACE_PERIOD</td><td>--node-monitor-grace-period</td>
 *       <td>50s</td><td>10s</td></tr>
 *   <tr><td>KUBESIM_NODE_STARTUP_GRACE_PERIOD</td><td>--node-startup-grace-period</td>
 *       <td>1m</td><td>10s</td></tr>
 * </table>
 *
 * <p>{@code KUBESIM_PROFILE=fast} changes the defaults as shown (a killed node is tainted about 10
 * to 12 s after its last heartbeat; with the apiserver's fast 10 s tolerations its pods are
 * replaced within half a minute); an explicit variable still wins. How long pods tolerate the
 * taints is the apiserver's setting (--default-unreachable-toleration-seconds), not this one's.
 *
 * @param nodeMonitorPeriod how often every node's health is checked
 * @param nodeMonitorGracePeriod how long a node may go without a heartbeat before it is Unknown
 * @param nodeStartupGracePeriod the same for a node that never posted a Ready condition
 */
public record NodeLifecycleConfig(
    Duration nodeMonitorPeriod, Duration nodeMonitorGracePeriod, Duration nodeStartupGracePeriod) {

  public static final NodeLifecycleConfig DEFAULTS =
      new NodeLifecycleConfig(Duration.ofSeconds(5), Duration.ofSeconds(50), Duration.ofMinutes(1));
  public static final NodeLifecycleConfig FAST =
      new NodeLifecycleConfig(
          Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10));

  public NodeLifecycleConfig {
    if (nodeMonitorPeriod.isZero() || nodeMonitorPeriod.isNegative()) {
      throw new IllegalArgumentException("node-monitor-period must be positive");
    }
  }

  public static NodeLifecycleConfig fromEnv(Map<String, String> env) {
    NodeLifecycleConfig base =
        "fast".equalsIgnoreCase(env.getOrDefault("KUBESIM_PROFILE", "")) ? FAST : DEFAULTS;
    return new NodeLifecycleConfig(
        duration(env, "KUBESIM_NODE_MONITOR_PERIOD", base.nodeMonitorPeriod()),
        duration(env, "KUBESIM_NODE_MONITOR_GRACE_PERIOD", base.nodeMonitorGracePeriod()),
        duration(env, "KUBESIM_NODE_STARTUP_GRACE_PERIOD", base.nodeStartupGracePeriod()));
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    return Settings.duration(env, name, fallback);
  }

  /** A Go duration of one unit ({@code 300ms}, {@code 40s}, {@code 5m}, {@code 1h}), or seconds. */
  static Duration parse(String t) {
    return Settings.parseDuration(t);
  }
}
