package io.kubesim.kubeproxy.trace;

/** What becomes of a traced packet. */
public enum Verdict {
  /** Translated to an endpoint and let through. */
  DNAT,
  /** Let through unchanged: no service rule matched. */
  ACCEPT,
  /** Refused with an ICMP port unreachable (a service without endpoints). */
  REJECT,
  /** Silently dropped (Local traffic policy without a local endpoint, load balancer firewall). */
  DROP
}
