package io.kubesim.kubeproxy.iptables;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.List;
import java.util.Map;

/**
 * The node a proxier runs on: its name (endpoints with this nodeName are local), its IPv4 addresses
 * (what {@code addrtype LOCAL} means, besides 127.0.0.0/8) and its labels (the zone for topology
 * hints).
 */
public record NodeInfo(String name, List<String> ips, Map<String, String> labels) {
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  public NodeInfo {
    ips = ips.stream().filter(Ipv4::isIpv4).toList();
    labels = Map.copyOf(labels);
  }

  /** The node's InternalIP and ExternalIP addresses and labels. */
  public static NodeInfo of(Node node) {
    List<String> ips =
        node.getStatus() == null || node.getStatus().getAddresses() == null
            ? List.of()
            : node.getStatus().getAddresses().stream()
                .filter(a -> "InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType()))
                .map(NodeAddress::getAddress)
                .toList();
    Map<String, String> labels = node.getMetadata().getLabels();
    return new NodeInfo(node.getMetadata().getName(), ips, labels == null ? Map.of() : labels);
  }

  public String zone() {
    return labels.getOrDefault(ZONE_LABEL, "");
  }
}
