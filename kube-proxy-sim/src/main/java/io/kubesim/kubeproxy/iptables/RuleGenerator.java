package io.kubesim.kubeproxy.iptables;

import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Computes, from a snapshot, the iptables rules kube-proxy 1.32 in iptables mode leaves on a node
 * (pkg/proxy/iptables/proxier.go, syncProxyRules), as one pure function: the same snapshot always
 * gives the same rule set.
 *
 * <p>kube-proxy walks its service map in Go's random map order, so the order of the per-service
 * rules in KUBE-SERVICES, KUBE-NODEPORTS and the filter chains changes from sync to sync on a real
 * node. Here Services are taken by namespace and name, and each Service's ports in spec order.
 */
public final class RuleGenerator {
  private RuleGenerator() {}

  public static RuleSet generate(ProxySnapshot snapshot) {
    ProxyConfig config = snapshot.config();
    NodeInfo node = snapshot.node();
    List<ServicePortInfo> ports = servicePorts(snapshot.services());
    Map<String, List<EndpointInfo>> endpoints =
        EndpointsMap.of(snapshot.endpointSlices(), node.name());
    SyncContext sync =
        new SyncContext(
            config,
            node,
            config.clusterCidr().isEmpty() ? null : Cidr.parse(config.clusterCidr()),
            totalEndpoints(ports, endpoints) > SyncContext.LARGE_CLUSTER_ENDPOINTS);

    RuleSetBuilder out = new RuleSetBuilder();
    if (config.kubeletChains()) {
      NodeRules.kubelet(out);
    }
    NodeRules.kubeProxyJumps(out);
    out.beginRestore();
    NodeRules.head(out, config);
    ServiceCaptureRules capture = new ServiceCaptureRules(out, sync);
    ServiceChainRules chains = new ServiceChainRules(out, sync);
    for (ServicePortInfo svc : ports) {
      EndpointCategories categories =
          EndpointCategories.of(
              endpoints.getOrDefault(svc.endpointsKey(), List.of()), svc, node.zone());
      ServicePlan plan = ServicePlan.of(svc, categories);
      capture.write(svc, plan);
      chains.write(svc, plan, categories);
    }
    NodeRules.tail(out, config, node);
    return out.build(node.name(), node.ips());
  }

  private static List<ServicePortInfo> servicePorts(List<Service> services) {
    List<Service> sorted = new ArrayList<>(services);
    sorted.sort(
        Comparator.comparing((Service s) -> s.getMetadata().getNamespace())
            .thenComparing(s -> s.getMetadata().getName()));
    List<ServicePortInfo> ports = new ArrayList<>(sorted.size());
    for (Service service : sorted) {
      ports.addAll(ServicePorts.of(service));
    }
    return ports;
  }

  /** Every endpoint of every service port, ready or not: kube-proxy's measure of cluster size. */
  private static int totalEndpoints(
      List<ServicePortInfo> ports, Map<String, List<EndpointInfo>> endpoints) {
    int total = 0;
    for (ServicePortInfo svc : ports) {
      total += endpoints.getOrDefault(svc.endpointsKey(), List.of()).size();
    }
    return total;
  }
}
