package io.kubesim.controllermanager;

import io.kubesim.core.controller.LeaderElectionConfig;
import io.kubesim.core.process.ProcessMain;
import io.kubesim.core.process.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The kube-controller-manager process: /metrics, /healthz and /readyz on 10257 (real default;
 * KUBESIM_METRICS_PORT overrides). Settings, under the real flags' names:
 *
 * <ul>
 *   <li>KUBESIM_LEADER_ELECT_LEASE_DURATION (--leader-elect-lease-duration, default 15 s),
 *       KUBESIM_LEADER_ELECT_RENEW_DEADLINE (default 10 s), KUBESIM_LEADER_ELECT_RETRY_PERIOD
 *       (default 2 s): seconds, or Go durations ({@code 15s}, {@code 500ms});
 *   <li>KUBESIM_MIN_RESYNC_PERIOD (--min-resync-period): the informers' resync in seconds, default
 *       30 (the real one picks 12 h to 24 h; kubesim resyncs often so that any lost event is
 *       repaired quickly);
 *   <li>KUBESIM_ROOT_CA_FILE (--root-ca-file): the cluster CA certificate, published as the
 *       kube-root-ca.crt ConfigMap in every namespace (e.g. the apiserver's {@code
 *       <data>/pki/ca.crt} on a shared volume); unset: no such ConfigMaps.
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
    String rootCa = rootCa(env.get("KUBESIM_ROOT_CA_FILE"));
    ProcessMain.run(
        "controller-manager",
        10257,
        new ControllerManager(
            new ControllerManager.Options(election, resync, Clock.systemUTC(), rootCa)));
  }

  /** The CA file's PEM, or null (no file given, or not readable: no kube-root-ca.crt then). */
  static String rootCa(String file) {
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of(file));
    } catch (java.io.IOException e) {
      LoggerFactory.getLogger(Main.class)
          .warn(
              "cannot read the root CA file {}: {}; no kube-root-ca.crt ConfigMaps",
              file,
              e.toString());
      return null;
    }
  }

  /** As the real one: {@code <hostname>_<uuid>}. */
  static String identity() {
    return Settings.identity();
  }

  private static Duration seconds(Map<String, String> env, String name, long fallback) {
    return Settings.duration(env, name, Duration.ofSeconds(fallback));
  }
}
