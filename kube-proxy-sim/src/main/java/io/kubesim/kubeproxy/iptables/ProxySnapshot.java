package io.kubesim.kubeproxy.iptables;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/**
 * Everything one sync reads: the node, every Service and EndpointSlice (of all namespaces, as
 * kube-proxy watches them) and the configuration. The objects are read, never modified.
 */
public record ProxySnapshot(
    NodeInfo node, List<Service> services, List<EndpointSlice> endpointSlices, ProxyConfig config) {
  public ProxySnapshot {
    services = List.copyOf(services);
    endpointSlices = List.copyOf(endpointSlices);
  }
}
