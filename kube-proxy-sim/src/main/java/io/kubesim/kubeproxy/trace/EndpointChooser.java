package io.kubesim.kubeproxy.trace;

import io.kubesim.kubeproxy.iptables.Ipv4;
import io.kubesim.kubeproxy.iptables.RuleSet;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Decides where one new connection goes, as the kernel would: each random rule is drawn from the
 * given source, session affinity is read from and recorded in the node's affinity lists. For the
 * data plane, once per connection.
 */
public final class EndpointChooser {
  private EndpointChooser() {}

  /**
   * The one outcome of this connection; its {@code -m recent --set} records are applied to the
   * affinity table at {@code now}.
   */
  public static Outcome choose(
      RuleSet rules, Packet packet, RandomGenerator random, AffinityTable affinity, Instant now) {
    long nowMillis = now.toEpochMilli();
    Outcome outcome =
        new Walker(rules, packet, affinity, nowMillis, random).walk().get(0).outcome();
    int source = Ipv4.parse(packet.sourceIp());
    outcome.affinityRecords().forEach(list -> affinity.record(list, source, nowMillis));
    return outcome;
  }
}
