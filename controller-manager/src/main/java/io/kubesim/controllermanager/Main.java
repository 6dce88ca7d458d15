package io.kubesim.controllermanager;

import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.process.ProcessMain;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The kube-controller-manager process: /metrics, /healthz and /readyz on 10257 (real default;
 * KUBESIM_METRICS_PORT overrides). Settings, under the real flags' names:
 *
 * <ul>
 *   <li>KUBESIM_LEADER_ELECT_LEASE_DURATION (--leader-elect-lease-duration, default 15 s),
 *       KUBESIM_LEADER_ELECT_RENEW_DEADLINE (default 10 s), KUBESIM_LEADER_ELECT_RETRY_PERIOD
 *       (default 2 s): seconds;
 *   <li>KUBESIM_MIN_RESYNC_PERIOD (--min-resync-period): the informers' resync in seconds, default
 *       30 (the real one picks 12 h to 24 h; kubesim resyncs often so that any lost event is
 *       repaired quickly).
 * </ul>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    LeaderElectionConfig election =
        LeaderElectionConfig.defaults(ControllerManager.LEASE_NAME, identity())
            .withDurations(
                seconds(env, "KUBESIM_LEADER_ELECT_LEASE_DURATION", 15),
                seconds(env, "KUBESIM_LEADER_ELECT_RENEW_DEADLINE", 10),
                seconds(env, "KUBESIM_LEADER_ELECT_RETRY_PERIOD", 2));
    Duration resync = seconds(env, "KUBESIM_MIN_RESYNC_PERIOD", 30);
    ProcessMain.run(
        "controller-manager",
        10257,
        new ControllerManager(new ControllerManager.Options(election, resync, Clock.systemUTC())));
  }

  /** As the real one: {@code <hostname>_<uuid>}. */
  static String identity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "_" + UUID.randomUUID();
  }

  private static Duration seconds(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    return Duration.ofSeconds(value == null || value.isBlank() ? fallback : Long.parseLong(value));
  }
}
