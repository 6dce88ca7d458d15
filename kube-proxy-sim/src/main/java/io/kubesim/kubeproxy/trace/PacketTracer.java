package io.kubesim.kubeproxy.trace;

import io.kubesim.kubeproxy.iptables.RuleSet;
import java.time.Instant;

/**
 * Traces a packet through a node's rules and reports every way it can go: the rules met, the chance
 * of each random branch, the endpoint reached (or REJECT, DROP, ACCEPT unchanged) and whether it is
 * masqueraded.
 */
public final class PacketTracer {
  private PacketTracer() {}

  /** For a client without session affinity state. */
  public static Trace trace(RuleSet rules, Packet packet) {
    return trace(rules, packet, new AffinityTable(), Instant.EPOCH);
  }

  /** With the node's affinity lists as they are at {@code now}; they are only read. */
  public static Trace trace(RuleSet rules, Packet packet, AffinityTable affinity, Instant now) {
    return new Trace(
        packet,
        new Walker(rules, packet, affinity, now.toEpochMilli(), null)
            .walk().stream().map(Branch::outcome).toList());
  }
}
