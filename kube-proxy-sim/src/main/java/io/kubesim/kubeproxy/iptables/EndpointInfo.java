package io.kubesim.kubeproxy.iptables;

import java.util.Set;

/**
 * One endpoint of one service port, as kube-proxy's endpoint slice cache keeps it.
 *
 * @param address {@code ip:port}, which kube-proxy sorts by and hashes into the KUBE-SEP name
 * @param local the endpoint's nodeName is this node
 * @param ready conditions.ready, unset meaning true
 * @param serving conditions.serving, unset meaning true
 * @param terminating conditions.terminating, unset meaning false
 * @param zoneHints hints.forZones
 */
record EndpointInfo(
    int ip,
    int port,
    String address,
    boolean local,
    boolean ready,
    boolean serving,
    boolean terminating,
    Set<String> zoneHints) {

  boolean servingTerminating() {
    return serving && terminating;
  }
}
