package io.kubesim.kubeproxy.iptables;

import java.util.List;

/**
 * One port of one Service as kube-proxy sees it (its BaseServicePortInfo), IPv4 only.
 *
 * @param name the service port name, {@code default/web:http} ({@code default/web} when unnamed)
 * @param protocol tcp, udp or sctp
 * @param endpointsKey the key of this port's endpoints, see {@link EndpointsMap#key}
 * @param hash the 16 characters shared by its SVC, SVL, EXT and FW chains
 * @param stickySeconds the ClientIP affinity timeout, 0 without affinity
 */
record ServicePortInfo(
    String name,
    String protocol,
    String endpointsKey,
    String hash,
    int clusterIp,
    int port,
    int nodePort,
    List<Integer> externalIps,
    List<Integer> loadBalancerVips,
    List<Cidr> loadBalancerSourceRanges,
    int healthCheckNodePort,
    boolean externalPolicyLocal,
    boolean internalPolicyLocal,
    int stickySeconds) {

  /** Reachable other than through its cluster IP (NodePort, external IP, load balancer IP). */
  boolean externallyAccessible() {
    return nodePort != 0 || !loadBalancerVips.isEmpty() || !externalIps.isEmpty();
  }

  /** Cluster endpoints serve internal Cluster traffic and, for short-circuiting, all external. */
  boolean usesClusterEndpoints() {
    return !internalPolicyLocal || externallyAccessible();
  }

  boolean usesLocalEndpoints() {
    return internalPolicyLocal || (externalPolicyLocal && externallyAccessible());
  }

  String clusterPolicyChain() {
    return ChainNames.CLUSTER_POLICY + hash;
  }

  String localPolicyChain() {
    return ChainNames.LOCAL_POLICY + hash;
  }

  String externalChain() {
    return ChainNames.EXTERNAL + hash;
  }

  String firewallChain() {
    return ChainNames.FIREWALL + hash;
  }
}
