package io.kubesim.kubelet.pods;

import io.kubesim.kubelet.node.NodeAgent;
import java.util.HashSet;
import java.util.Set;

/** A simulated node as the pod workers see it: its agent and the pod IPs handed out on it. */
record NodeState(NodeAgent agent, Set<String> usedIps) {

  NodeState(NodeAgent agent) {
    this(agent, new HashSet<>());
  }

  String name() {
    return agent.name();
  }
}
