package io.kubesim.kubeproxy.trace;

import io.kubesim.kubeproxy.iptables.Rule;
import io.kubesim.kubeproxy.iptables.TableName;

/**
 * One thing that happened to a packet, as {@code iptables -j TRACE} would report it: a rule
 * matched, a random rule passed by, the end of a chain reached.
 *
 * @param ruleNumber 1-based position in the chain ({@code iptables -L --line-numbers}); for an end
 *     of chain, one past the last rule
 * @param rule the rule, null at the end of a chain
 * @param probability the chance of this step given that the packet got here: p for a taken random
 *     rule, 1 - p for one passed by, 1 otherwise
 */
public record Step(
    TableName table, String chain, int ruleNumber, Rule rule, Kind kind, double probability) {

  public enum Kind {
    /** The rule matched and its target applied. */
    TAKEN,
    /** A random rule whose draw failed: the packet goes on to the next rule. */
    PASSED,
    /** The end of a user-defined chain: back to the rule after the jump. */
    RETURN,
    /** The end of a built-in chain: its policy (ACCEPT) applies. */
    POLICY
  }

  public boolean taken() {
    return kind == Kind.TAKEN;
  }

  /** The rule as iptables-save prints it, or what ends the chain. */
  public String text() {
    return switch (kind) {
      case TAKEN, PASSED -> rule.toSaveLine(chain);
      case RETURN -> "end of " + chain + ", return";
      case POLICY -> ":" + chain + " ACCEPT (policy)";
    };
  }
}
