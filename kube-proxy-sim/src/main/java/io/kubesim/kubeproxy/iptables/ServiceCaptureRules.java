package io.kubesim.kubeproxy.iptables;

import static io.kubesim.kubeproxy.iptables.NodeRules.EXTERNAL_SERVICES;
import static io.kubesim.kubeproxy.iptables.NodeRules.NODEPORTS;
import static io.kubesim.kubeproxy.iptables.NodeRules.PROXY_FIREWALL;
import static io.kubesim.kubeproxy.iptables.NodeRules.SERVICES;
import static io.kubesim.kubeproxy.iptables.TableName.FILTER;
import static io.kubesim.kubeproxy.iptables.TableName.NAT;

import io.kubesim.kubeproxy.iptables.ServicePlan.FilterVerdict;

/**
 * The rules that catch a service port's traffic by destination: the cluster IP, external IPs and
 * load balancer IPs in KUBE-SERVICES, the node port in KUBE-NODEPORTS; and, in the filter table,
 * the REJECT or DROP of traffic that has no endpoint to go to.
 */
final class ServiceCaptureRules {
  private static final Match.Nfacct LOCALHOST_NODEPORT_COUNTER =
      new Match.Nfacct("localhost_nps_accepted_pkts");

  private final RuleSetBuilder out;
  private final SyncContext sync;

  ServiceCaptureRules(RuleSetBuilder out, SyncContext sync) {
    this.out = out;
    this.sync = sync;
  }

  void write(ServicePortInfo svc, ServicePlan plan) {
    clusterIp(svc, plan);
    externalIps(svc, plan);
    loadBalancerIps(svc, plan);
    nodePort(svc, plan);
    healthCheckNodePort(svc);
  }

  private void clusterIp(ServicePortInfo svc, ServicePlan plan) {
    if (plan.hasInternalEndpoints()) {
      out.append(
          NAT,
          SERVICES,
          toPort(svc, svc.clusterIp(), svc.name() + " cluster IP").jump(plan.internalChain()));
    } else {
      out.append(FILTER, SERVICES, filter(svc, svc.clusterIp(), plan.internalFilter()));
    }
  }

  private void externalIps(ServicePortInfo svc, ServicePlan plan) {
    for (int ip : svc.externalIps()) {
      if (plan.hasEndpoints()) {
        out.append(
            NAT, SERVICES, toPort(svc, ip, svc.name() + " external IP").jump(svc.externalChain()));
      }
      if (!plan.hasExternalEndpoints()) {
        out.append(FILTER, EXTERNAL_SERVICES, filter(svc, ip, plan.externalFilter()));
      }
    }
  }

  private void loadBalancerIps(ServicePortInfo svc, ServicePlan plan) {
    for (int ip : svc.loadBalancerVips()) {
      if (plan.hasEndpoints()) {
        out.append(
            NAT,
            SERVICES,
            toPort(svc, ip, svc.name() + " loadbalancer IP").jump(plan.loadBalancerChain()));
      }
      if (plan.usesFirewallChain()) {
        String comment = svc.name() + " traffic not accepted by " + svc.firewallChain();
        out.append(FILTER, PROXY_FIREWALL, toPort(svc, ip, comment).target(Target.DROP));
      }
    }
    if (!plan.hasExternalEndpoints()) {
      for (int ip : svc.loadBalancerVips()) {
        out.append(FILTER, EXTERNAL_SERVICES, filter(svc, ip, plan.externalFilter()));
      }
    }
  }

  private void nodePort(ServicePortInfo svc, ServicePlan plan) {
    if (svc.nodePort() == 0) {
      return;
    }
    if (plan.hasEndpoints()) {
      // NodePorts on 127.0.0.1 are counted, when the kernel offers nfacct counters.
      if (sync.config().effectiveLocalhostNodePorts() && sync.config().nfacct()) {
        out.append(
            NAT,
            NODEPORTS,
            Rule.builder()
                .comment(svc.name())
                .protocol(svc.protocol(), svc.nodePort())
                .destination(Cidr.LOOPBACK)
                .match(LOCALHOST_NODEPORT_COUNTER)
                .jump(svc.externalChain()));
      }
      out.append(
          NAT,
          NODEPORTS,
          Rule.builder()
              .comment(svc.name())
              .protocol(svc.protocol(), svc.nodePort())
              .jump(svc.externalChain()));
    }
    if (!plan.hasExternalEndpoints()) {
      FilterVerdict verdict = plan.externalFilter();
      out.append(
          FILTER,
          EXTERNAL_SERVICES,
          Rule.builder()
              .comment(verdict.comment())
              .match(new Match.LocalAddress(false))
              .protocol(svc.protocol(), svc.nodePort())
              .target(verdict.target()));
    }
  }

  /** The health check port is accepted whether or not this node has local endpoints. */
  private void healthCheckNodePort(ServicePortInfo svc) {
    if (svc.healthCheckNodePort() != 0) {
      out.append(
          FILTER,
          NODEPORTS,
          Rule.builder()
              .comment(svc.name() + " health check node port")
              .protocol("tcp", svc.healthCheckNodePort())
              .target(Target.ACCEPT));
    }
  }

  /** {@code -m comment --comment C -m proto -p proto -d ip --dport port}. */
  private static Rule.Builder toPort(ServicePortInfo svc, int ip, String comment) {
    return Rule.builder()
        .comment(comment)
        .protocol(svc.protocol(), svc.port())
        .destination(Cidr.host(ip));
  }

  private static Rule filter(ServicePortInfo svc, int ip, FilterVerdict verdict) {
    return Rule.builder()
        .comment(verdict.comment())
        .protocol(svc.protocol(), svc.port())
        .destination(Cidr.host(ip))
        .target(verdict.target());
  }
}
