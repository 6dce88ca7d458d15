package io.kubesim.kubeproxy.iptables;

import java.util.List;

/**
 * The kube-proxy settings that shape the rules, with kind's values by default.
 *
 * @param clusterCidr the pod network for the ClusterCIDR local-traffic detector (kind:
 *     10.244.0.0/16; "" means no detector, as kube-proxy without --cluster-cidr)
 * @param masqueradeAll --masquerade-all: SNAT all traffic to cluster IPs
 * @param nodePortAddresses --nodeport-addresses as CIDRs; empty (the default) means every local
 *     address
 * @param localhostNodePorts --iptables-localhost-nodeports (default true): NodePorts on 127.0.0.1
 * @param masqueradeBit --iptables-masquerade-bit (default 14, the mark 0x4000)
 * @param nfacct whether the kernel offers nfacct counters, which kube-proxy then adds to two rules
 *     (kind on a usual Linux host: yes)
 * @param conntrackTcpBeLiberal net.netfilter.nf_conntrack_tcp_be_liberal is set: no INVALID drop
 * @param kubeletChains also write the chains the node's kubelet creates (KUBE-IPTABLES-HINT, the
 *     KUBE-KUBELET-CANARY chains, KUBE-FIREWALL and its jumps), as a real node shows them
 */
public record ProxyConfig(
    String clusterCidr,
    boolean masqueradeAll,
    List<String> nodePortAddresses,
    boolean localhostNodePorts,
    int masqueradeBit,
    boolean nfacct,
    boolean conntrackTcpBeLiberal,
    boolean kubeletChains) {

  public ProxyConfig {
    nodePortAddresses = List.copyOf(nodePortAddresses);
  }

  /** kube-proxy 1.32 as kind configures it. */
  public static ProxyConfig kind() {
    return new ProxyConfig("10.244.0.0/16", false, List.of(), true, 14, true, false, true);
  }

  /**
   * kube-proxy turns localhost NodePorts off when --nodeport-addresses leaves out 127.0.0.1 (the
   * default, all addresses, includes it).
   */
  public boolean effectiveLocalhostNodePorts() {
    int loopback = Ipv4.parse("127.0.0.1");
    return localhostNodePorts
        && (nodePortAddresses.isEmpty()
            || nodePortAddresses.stream().anyMatch(c -> Cidr.parse(c).contains(loopback)));
  }

  public int masqueradeMark() {
    return 1 << masqueradeBit;
  }

  public ProxyConfig withMasqueradeAll(boolean value) {
    return new ProxyConfig(
        clusterCidr,
        value,
        nodePortAddresses,
        localhostNodePorts,
        masqueradeBit,
        nfacct,
        conntrackTcpBeLiberal,
        kubeletChains);
  }

  public ProxyConfig withNfacct(boolean value) {
    return new ProxyConfig(
        clusterCidr,
        masqueradeAll,
        nodePortAddresses,
        localhostNodePorts,
        masqueradeBit,
        value,
        conntrackTcpBeLiberal,
        kubeletChains);
  }

  public ProxyConfig withKubeletChains(boolean value) {
    return new ProxyConfig(
        clusterCidr,
        masqueradeAll,
        nodePortAddresses,
        localhostNodePorts,
        masqueradeBit,
        nfacct,
        conntrackTcpBeLiberal,
        value);
  }
}
