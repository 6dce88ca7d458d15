package io.kubesim.kubeproxy.iptables;

import static io.kubesim.kubeproxy.iptables.NodeRules.MARK_MASQ;
import static io.kubesim.kubeproxy.iptables.TableName.NAT;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A service port's own nat chains: the masquerade rule for traffic from outside the pod network,
 * KUBE-EXT-* (external traffic), KUBE-FW-* (load balancer source ranges), KUBE-SVC-* and KUBE-SVL-*
 * (pick an endpoint, for Cluster and Local policy) and one KUBE-SEP-* per endpoint (DNAT).
 */
final class ServiceChainRules {
  private final RuleSetBuilder out;
  private final SyncContext sync;

  ServiceChainRules(RuleSetBuilder out, SyncContext sync) {
    this.out = out;
    this.sync = sync;
  }

  void write(ServicePortInfo svc, ServicePlan plan, EndpointCategories endpoints) {
    Map<String, String> endpointChains = endpointChainNames(svc, endpoints.reachable());
    internalMasquerade(svc, plan);
    externalChain(svc, plan);
    firewallChain(svc, plan);
    if (plan.usesClusterPolicyChain()) {
      out.chain(NAT, svc.clusterPolicyChain());
      pickEndpoint(svc, svc.clusterPolicyChain(), endpoints.cluster(), endpointChains);
    }
    if (plan.usesLocalPolicyChain()) {
      out.chain(NAT, svc.localPolicyChain());
      pickEndpoint(svc, svc.localPolicyChain(), endpoints.local(), endpointChains);
    }
    Match.Comment comment = sync.largeCluster() ? null : new Match.Comment(svc.name());
    for (EndpointInfo endpoint : endpoints.reachable()) {
      endpointChain(svc, endpoint, endpointChains.get(endpoint.address()), comment);
    }
  }

  private static Map<String, String> endpointChainNames(
      ServicePortInfo svc, List<EndpointInfo> endpoints) {
    Map<String, String> names = new HashMap<>(endpoints.size() * 2);
    for (EndpointInfo e : endpoints) {
      names.put(e.address(), ChainNames.endpointChain(svc.name(), svc.protocol(), e.address()));
    }
    return names;
  }

  /**
   * Traffic to the cluster IP from outside the pod network (the node itself, or a host routing the
   * service range to this node) is masqueraded, since its endpoint may be on another node.
   */
  private void internalMasquerade(ServicePortInfo svc, ServicePlan plan) {
    if (!plan.hasInternalEndpoints()) {
      return;
    }
    Rule.Builder rule =
        Rule.builder()
            .comment(svc.name() + " cluster IP")
            .protocol(svc.protocol(), svc.port())
            .destination(Cidr.host(svc.clusterIp()));
    if (sync.config().masqueradeAll()) {
      out.append(NAT, plan.internalChain(), rule.jump(MARK_MASQ));
    } else if (sync.clusterCidr() != null) {
      out.append(NAT, plan.internalChain(), rule.notSource(sync.clusterCidr()).jump(MARK_MASQ));
    }
  }

  /**
   * KUBE-EXT-*: with Cluster policy, masquerade and go on. With Local policy keep the client's
   * address, except for pods and the node itself, which are short-circuited to the Cluster chain
   * (as if they had gone out to a load balancer and come back).
   */
  private void externalChain(ServicePortInfo svc, ServicePlan plan) {
    if (!plan.usesExternalChain()) {
      return;
    }
    String chain = svc.externalChain();
    out.chain(NAT, chain);
    if (!svc.externalPolicyLocal()) {
      out.append(
          NAT,
          chain,
          Rule.builder()
              .comment("masquerade traffic for " + svc.name() + " external destinations")
              .jump(MARK_MASQ));
    } else {
      if (sync.clusterCidr() != null) {
        out.append(
            NAT,
            chain,
            Rule.builder()
                .comment("pod traffic for " + svc.name() + " external destinations")
                .source(sync.clusterCidr())
                .jump(svc.clusterPolicyChain()));
      }
      out.append(
          NAT,
          chain,
          Rule.builder()
              .comment("masquerade LOCAL traffic for " + svc.name() + " external destinations")
              .match(new Match.LocalAddress(true))
              .jump(MARK_MASQ));
      out.append(
          NAT,
          chain,
          Rule.builder()
              .comment("route LOCAL traffic for " + svc.name() + " external destinations")
              .match(new Match.LocalAddress(true))
              .jump(svc.clusterPolicyChain()));
    }
    if (plan.hasExternalEndpoints()) {
      out.append(NAT, chain, Rule.builder().jump(plan.externalPolicyChain()));
    }
  }

  /**
   * KUBE-FW-*: load balancer traffic from an allowed source range goes on to KUBE-EXT-*; the rest
   * falls through and is dropped by KUBE-PROXY-FIREWALL in the filter table.
   */
  private void firewallChain(ServicePortInfo svc, ServicePlan plan) {
    if (!plan.usesFirewallChain()) {
      return;
    }
    String chain = svc.firewallChain();
    Match.Comment comment = new Match.Comment(svc.name() + " loadbalancer IP");
    boolean allowFromNode = false;
    for (Cidr range : svc.loadBalancerSourceRanges()) {
      out.append(
          NAT, chain, Rule.builder().comment(comment).source(range).jump(svc.externalChain()));
      allowFromNode |= range.contains(sync.nodeIp());
    }
    // A request from the node to the VIP loops back with the VIP as its source address.
    if (allowFromNode) {
      for (int vip : svc.loadBalancerVips()) {
        out.append(
            NAT,
            chain,
            Rule.builder().comment(comment).source(Cidr.host(vip)).jump(svc.externalChain()));
      }
    }
    out.append(
        NAT,
        chain,
        Rule.builder()
            .comment("other traffic to " + svc.name() + " will be dropped by KUBE-PROXY-FIREWALL")
            .target(Target.NONE));
  }

  /**
   * KUBE-SVC-* or KUBE-SVL-*: first the affinity rules (a client seen within the timeout goes back
   * to its endpoint), then one rule per endpoint, the i-th of n taken with probability 1/(n-i) of
   * what reaches it, so each endpoint gets 1/n.
   */
  private void pickEndpoint(
      ServicePortInfo svc,
      String chain,
      List<EndpointInfo> endpoints,
      Map<String, String> endpointChains) {
    if (svc.stickySeconds() > 0) {
      for (EndpointInfo e : endpoints) {
        String target = endpointChains.get(e.address());
        out.append(
            NAT,
            chain,
            Rule.builder()
                .comment(endpointComment(svc, e))
                .match(new Match.Recent(true, target, svc.stickySeconds()))
                .jump(target));
      }
    }
    int n = endpoints.size();
    for (int i = 0; i < n; i++) {
      EndpointInfo e = endpoints.get(i);
      Rule.Builder rule = Rule.builder().comment(endpointComment(svc, e));
      if (i < n - 1) {
        rule.match(SyncContext.probability(n - i));
      }
      out.append(NAT, chain, rule.jump(endpointChains.get(e.address())));
    }
  }

  /**
   * KUBE-SEP-*: masquerade hairpin traffic (an endpoint reaching itself), record affinity, DNAT.
   */
  private void endpointChain(
      ServicePortInfo svc, EndpointInfo endpoint, String chain, Match.Comment comment) {
    Rule hairpin = Rule.builder().comment(comment).source(Cidr.host(endpoint.ip())).jump(MARK_MASQ);
    Rule.Builder dnat = Rule.builder().comment(comment);
    if (svc.stickySeconds() > 0) {
      dnat.match(new Match.Recent(false, chain, 0));
    }
    out.chain(
        NAT,
        chain,
        hairpin,
        dnat.protocol(svc.protocol(), 0).target(new Target.Dnat(endpoint.ip(), endpoint.port())));
  }

  private Match.Comment endpointComment(ServicePortInfo svc, EndpointInfo endpoint) {
    return sync.largeCluster() ? null : new Match.Comment(svc.name() + " -> " + endpoint.address());
  }
}
