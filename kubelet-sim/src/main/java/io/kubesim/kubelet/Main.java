package io.kubesim.kubelet;

import io.kubesim.core.process.ProcessMain;
import io.kubesim.core.process.Settings;
import io.kubesim.kubelet.node.NodeConfig;
import io.kubesim.kubelet.volume.VolumeConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The kubelet-sim process: {@code java -jar kubesim-kubelet.jar}. Its nodes come from the
 * environment (see {@link NodeConfig}); {@code KUBESIM_NODE_STATUS_REPORT_SECONDS} sets how often
 * the node status is written without a change (default 300, the real nodeStatusReportFrequency).
 * /metrics, /metrics/resource, /healthz and /readyz are on port 10250 unless KUBESIM_METRICS_PORT
 * says otherwise. {@code KUBESIM_METRIC_RESOLUTION} (default 15s, metrics-server's
 * --metric-resolution) sets how often each node's resource stats go to the apiserver, which serves
 * them as metrics.k8s.io. Where the volumes' data lives: {@link VolumeConfig}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    Duration report =
        Duration.ofSeconds(
            Long.parseLong(env.getOrDefault("KUBESIM_NODE_STATUS_REPORT_SECONDS", "300")));
    Duration resolution =
        Settings.duration(env, "KUBESIM_METRIC_RESOLUTION", Kubelet.DEFAULT_METRIC_RESOLUTION);
    ProcessMain.run(
        "kubelet",
        10250,
        new Kubelet(
            NodeConfig.fromEnv(env, hostname()),
            Clock.systemUTC(),
            report,
            resolution,
            VolumeConfig.fromEnv(env)));
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
