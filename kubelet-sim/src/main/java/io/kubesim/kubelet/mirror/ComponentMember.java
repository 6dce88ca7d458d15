package io.kubesim.kubelet.mirror;

import java.util.List;

/**
 * A cluster member that announced a component ({@link io.kubesim.core.cluster.MemberAttributes}):
 * one running process, which its nodes' kubelets show as a pod.
 *
 * @param id the Hazelcast member's UUID: a new one for every run of the process
 * @param component kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy or coredns
 * @param nodes the nodes it runs on
 * @param endpoint the apiserver's advertised {@code address:port}; null for the others
 */
public record ComponentMember(String id, String component, List<String> nodes, String endpoint) {
  public ComponentMember {
    nodes = List.copyOf(nodes);
  }
}
