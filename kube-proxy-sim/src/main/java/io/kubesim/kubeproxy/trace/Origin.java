package io.kubesim.kubeproxy.trace;

/** Where a packet starts, which decides the netfilter hooks it meets first. */
public enum Origin {
  /**
   * Arrives on the node's interface from elsewhere: nat PREROUTING, then filter INPUT or FORWARD.
   */
  EXTERNAL,
  /** Sent by a pod on this node (enters through its veth): the same hooks as EXTERNAL. */
  POD,
  /** Sent by a process in the node's own network namespace: nat OUTPUT, then filter OUTPUT. */
  NODE
}
