package io.kubesim.kubeproxy.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * What every service port's rules share during one sync.
 *
 * @param clusterCidr the local-traffic detector's pod network, null without a detector
 * @param largeCluster more than 1000 endpoints in all: kube-proxy then leaves the comments off the
 *     endpoint rules, which shrinks its rule set by 40% or more
 */
record SyncContext(ProxyConfig config, NodeInfo node, Cidr clusterCidr, boolean largeCluster) {
  /** kube-proxy's largeClusterEndpointsThreshold. */
  static final int LARGE_CLUSTER_ENDPOINTS = 1000;

  private static final List<Match.Statistic> PROBABILITIES = new ArrayList<>();

  /**
   * The statistic match that picks the i-th of n endpoints: probability 1/(n-i) of what falls
   * through to it. Worked example for n = 3: 1/3 takes the first; the rest (2/3) meets 1/2, so the
   * second gets 2/3 * 1/2 = 1/3; the last rule has no statistic and takes the final 1/3.
   */
  static Match.Statistic probability(int remaining) {
    synchronized (PROBABILITIES) {
      for (int n = PROBABILITIES.size(); n <= remaining; n++) {
        PROBABILITIES.add(n == 0 ? null : Match.Statistic.of(SaveText.kubeProxyProbability(n)));
      }
      return PROBABILITIES.get(remaining);
    }
  }

  /** The node's primary address, which a load balancer source range may allow. */
  int nodeIp() {
    return node.ips().isEmpty() ? 0 : Ipv4.parse(node.ips().get(0));
  }
}
