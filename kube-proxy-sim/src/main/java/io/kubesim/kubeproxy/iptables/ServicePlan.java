package io.kubesim.kubeproxy.iptables;

/**
 * The decisions kube-proxy takes for one service port before writing its rules: which chains exist
 * and where each kind of traffic goes, given the endpoints usable from this node.
 *
 * @param hasEndpoints some endpoint is usable somewhere in the cluster
 * @param hasInternalEndpoints cluster IP traffic has somewhere to go (false: Local internal policy
 *     without a local endpoint, so DROP)
 * @param hasExternalEndpoints traffic from outside has somewhere to go (false: Local external
 *     policy without a local endpoint, so DROP)
 * @param internalChain where cluster IP traffic jumps (SVC, or SVL for Local internal policy)
 * @param externalPolicyChain where the EXT chain finally sends outside traffic (SVC or SVL)
 * @param loadBalancerChain where load balancer IP traffic jumps (EXT, or FW with source ranges)
 * @param internalFilter REJECT or DROP for cluster IP traffic without endpoints, else null
 * @param externalFilter REJECT or DROP for outside traffic without endpoints, else null
 */
record ServicePlan(
    boolean hasEndpoints,
    boolean hasInternalEndpoints,
    boolean hasExternalEndpoints,
    boolean usesClusterPolicyChain,
    boolean usesLocalPolicyChain,
    boolean usesExternalChain,
    boolean usesFirewallChain,
    String internalChain,
    String externalPolicyChain,
    String loadBalancerChain,
    FilterVerdict internalFilter,
    FilterVerdict externalFilter) {

  /** A filter-table verdict and the comment that explains it. */
  record FilterVerdict(Target target, Match.Comment comment) {}

  static ServicePlan of(ServicePortInfo svc, EndpointCategories endpoints) {
    boolean hasEndpoints = endpoints.hasAny();
    boolean hasLocal = !endpoints.local().isEmpty();
    boolean hasInternal = hasEndpoints && (!svc.internalPolicyLocal() || hasLocal);
    boolean hasExternal = hasEndpoints && (!svc.externalPolicyLocal() || hasLocal);
    boolean usesFirewall =
        hasEndpoints
            && !svc.loadBalancerVips().isEmpty()
            && !svc.loadBalancerSourceRanges().isEmpty();
    return new ServicePlan(
        hasEndpoints,
        hasInternal,
        hasExternal,
        !endpoints.cluster().isEmpty() && svc.usesClusterEndpoints(),
        hasLocal && svc.usesLocalEndpoints(),
        hasEndpoints && svc.externallyAccessible(),
        usesFirewall,
        svc.internalPolicyLocal() ? svc.localPolicyChain() : svc.clusterPolicyChain(),
        svc.externalPolicyLocal() ? svc.localPolicyChain() : svc.clusterPolicyChain(),
        usesFirewall ? svc.firewallChain() : svc.externalChain(),
        hasInternal ? null : verdict(svc, hasEndpoints),
        hasExternal ? null : verdict(svc, hasEndpoints));
  }

  /** No endpoints at all: REJECT; endpoints, but none local for a Local policy: DROP. */
  private static FilterVerdict verdict(ServicePortInfo svc, boolean hasEndpoints) {
    return hasEndpoints
        ? new FilterVerdict(Target.DROP, new Match.Comment(svc.name() + " has no local endpoints"))
        : new FilterVerdict(Target.REJECT, new Match.Comment(svc.name() + " has no endpoints"));
  }
}
