package io.kubesim.kubeproxy;

import io.kubesim.core.process.Settings;
import io.kubesim.kubeproxy.iptables.ProxyConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * kube-proxy-sim's settings, from the environment under the real flags' names where one exists.
 *
 * @param nodes the nodes whose proxiers this process runs: KUBESIM_NODES (comma-separated; the host
 *     name by default), as kubelet-sim takes them
 * @param rules the rule generator's settings (--cluster-cidr from KUBESIM_CLUSTER_CIDR, kind's
 *     10.244.0.0/16 by default)
 * @param minSyncPeriod --min-sync-period (KUBESIM_PROXY_MIN_SYNC_PERIOD, 1s): the rules are rebuilt
 *     at most once per period on average however fast the Services and EndpointSlices change, with
 *     kube-proxy's burst of two
 * @param syncPeriod --sync-period (KUBESIM_PROXY_SYNC_PERIOD, 30s): the rules are rebuilt at least
 *     this often
 * @param healthzPort --healthz-bind-address's port (KUBESIM_PROXY_HEALTHZ_PORT, 10256; 0: free)
 * @param clusterProxyPort the HTTP proxy into the cluster network (KUBESIM_PROXY_HTTP_PORT, 3128;
 *     -1: none; 0: a free one); it listens on KUBESIM_PROXY_HTTP_HOST (127.0.0.1; 0.0.0.0 in
 *     compose)
 */
public record KubeProxyConfig(
    List<String> nodes,
    ProxyConfig rules,
    Duration minSyncPeriod,
    Duration syncPeriod,
    int healthzPort,
    int clusterProxyPort,
    String clusterProxyHost) {

  public static KubeProxyConfig fromEnv(Map<String, String> env) {
    String names = env.getOrDefault("KUBESIM_NODES", "");
    List<String> nodes =
        names.isBlank()
            ? List.of(hostname())
            : Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    ProxyConfig kind = ProxyConfig.kind();
    String cidr = env.getOrDefault("KUBESIM_CLUSTER_CIDR", kind.clusterCidr());
    ProxyConfig rules =
        new ProxyConfig(
            cidr,
            kind.masqueradeAll(),
            kind.nodePortAddresses(),
            kind.localhostNodePorts(),
            kind.masqueradeBit(),
            kind.nfacct(),
            kind.conntrackTcpBeLiberal(),
            kind.kubeletChains());
    return new KubeProxyConfig(
        nodes,
        rules,
        Settings.duration(env, "KUBESIM_PROXY_MIN_SYNC_PERIOD", Duration.ofSeconds(1)),
        Settings.duration(env, "KUBESIM_PROXY_SYNC_PERIOD", Duration.ofSeconds(30)),
        Integer.parseInt(env.getOrDefault("KUBESIM_PROXY_HEALTHZ_PORT", "10256")),
        Integer.parseInt(env.getOrDefault("KUBESIM_PROXY_HTTP_PORT", "3128")),
        env.getOrDefault("KUBESIM_PROXY_HTTP_HOST", "127.0.0.1"));
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
