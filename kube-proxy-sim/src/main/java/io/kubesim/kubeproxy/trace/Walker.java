package io.kubesim.kubeproxy.trace;

import io.kubesim.kubeproxy.iptables.Chain;
import io.kubesim.kubeproxy.iptables.Cidr;
import io.kubesim.kubeproxy.iptables.Ipv4;
import io.kubesim.kubeproxy.iptables.Match;
import io.kubesim.kubeproxy.iptables.Rule;
import io.kubesim.kubeproxy.iptables.RuleSet;
import io.kubesim.kubeproxy.iptables.Table;
import io.kubesim.kubeproxy.iptables.TableName;
import io.kubesim.kubeproxy.iptables.Target;
import io.kubesim.kubeproxy.trace.Branch.Status;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Walks the first packet of a connection through a node's rules as netfilter does: nat PREROUTING
 * (or OUTPUT for the node's own traffic), then, by the routing decision on the possibly translated
 * destination, filter INPUT (a local address) or FORWARD (anything else; then nat POSTROUTING). A
 * jump enters a chain and returns after it; DNAT, MASQUERADE and ACCEPT end the hook; DROP and
 * REJECT end the walk.
 *
 * <p>With no random source every random rule forks the walk (taken with p, passed with 1 - p); with
 * one, each random rule is decided as the kernel does, comparing 31 random bits with the rule's
 * 31-bit probability, so exactly one branch comes out.
 */
final class Walker {
  private static final int MAX_DEPTH = 32;

  private final RuleSet rules;
  private final Packet packet;
  private final int source;
  private final List<Cidr> localAddresses;
  private final AffinityTable affinity;
  private final long nowMillis;
  private final RandomGenerator random;

  Walker(
      RuleSet rules,
      Packet packet,
      AffinityTable affinity,
      long nowMillis,
      RandomGenerator random) {
    this.rules = rules;
    this.packet = packet;
    this.source = packet.source();
    this.affinity = affinity;
    this.nowMillis = nowMillis;
    this.random = random;
    List<Cidr> local = new ArrayList<>();
    local.add(Cidr.LOOPBACK);
    rules.nodeIps().forEach(ip -> local.add(Cidr.host(Ipv4.parse(ip))));
    this.localAddresses = List.copyOf(local);
  }

  /** Every branch, walked to its end. */
  List<Branch> walk() {
    boolean fromNode = packet.origin() == Origin.NODE;
    List<Branch> ended = new ArrayList<>();
    for (Branch b : hook(TableName.NAT, fromNode ? "OUTPUT" : "PREROUTING", Branch.start(packet))) {
      if (b.finished()) {
        ended.add(b);
        continue;
      }
      boolean delivered = !fromNode && isLocal(b.destination);
      String filterChain = fromNode ? "OUTPUT" : delivered ? "INPUT" : "FORWARD";
      for (Branch f : hook(TableName.FILTER, filterChain, b)) {
        if (f.finished() || delivered) {
          ended.add(f);
        } else {
          ended.addAll(hook(TableName.NAT, "POSTROUTING", f));
        }
      }
    }
    return ended;
  }

  /** One built-in chain; what falls off its end meets the policy (ACCEPT). */
  private List<Branch> hook(TableName tableName, String builtin, Branch in) {
    Table table = rules.table(tableName).orElse(null);
    Chain chain = table == null ? null : table.chain(builtin).orElse(null);
    if (chain == null) {
      return List.of(in);
    }
    List<Branch> out = new ArrayList<>();
    for (Branch b : chain(table, chain, in.with(Status.RUNNING), 0)) {
      if (b.status == Status.RUNNING) {
        out.add(
            b.step(
                new Step(
                    tableName, builtin, chain.rules().size() + 1, null, Step.Kind.POLICY, 1.0)));
      } else {
        out.add(b);
      }
    }
    return out;
  }

  /** The branches leaving a chain: RUNNING ones fell off its end or RETURNed. */
  private List<Branch> chain(Table table, Chain chain, Branch in, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException(
          "chain jumps nest deeper than " + MAX_DEPTH + " at " + chain.name());
    }
    List<Branch> active = List.of(in);
    List<Branch> left = new ArrayList<>();
    List<Rule> ruleList = chain.rules();
    for (int i = 0; i < ruleList.size() && !active.isEmpty(); i++) {
      Rule rule = ruleList.get(i);
      // Most rules match no branch (KUBE-SERVICES has one per service port): then nothing changes.
      List<Branch> next = null;
      for (int j = 0; j < active.size(); j++) {
        Branch b = active.get(j);
        if (!matchesExceptChance(rule, b)) {
          if (next != null) {
            next.add(b);
          }
          continue;
        }
        if (next == null) {
          next = new ArrayList<>(active.size() + 1);
          next.addAll(active.subList(0, j));
        }
        apply(table, chain, i + 1, rule, b, next, left, depth);
      }
      if (next != null) {
        active = next;
      }
    }
    if (depth == 0) {
      left.addAll(active);
    } else {
      Step end =
          new Step(table.name(), chain.name(), ruleList.size() + 1, null, Step.Kind.RETURN, 1.0);
      active.forEach(b -> left.add(b.step(end)));
    }
    return left;
  }

  /**
   * One rule on one branch: puts the branches that go on into next, the ones that leave into left.
   */
  private void apply(
      Table table,
      Chain chain,
      int number,
      Rule rule,
      Branch b,
      List<Branch> next,
      List<Branch> left,
      int depth) {
    Match.Statistic statistic = statistic(rule);
    TableName tableName = table.name();
    Branch taken;
    if (statistic == null) {
      taken = b.step(new Step(tableName, chain.name(), number, rule, Step.Kind.TAKEN, 1.0));
    } else if (random != null) {
      if (random.nextLong(0x80000000L) >= statistic.kernelValue()) {
        next.add(b);
        return;
      }
      taken = b.step(new Step(tableName, chain.name(), number, rule, Step.Kind.TAKEN, 1.0));
    } else {
      double p = statistic.probability();
      if (p < 1.0) {
        next.add(
            b.step(new Step(tableName, chain.name(), number, rule, Step.Kind.PASSED, 1.0 - p)));
      }
      if (p <= 0.0) {
        return;
      }
      taken = b.step(new Step(tableName, chain.name(), number, rule, Step.Kind.TAKEN, p));
    }
    for (Match m : rule.matches()) {
      if (m instanceof Match.Recent recent && !recent.check()) {
        taken = taken.record(recent.name());
      }
    }
    target(table, rule.target(), taken, next, left, depth);
  }

  private void target(
      Table table, Target target, Branch b, List<Branch> next, List<Branch> left, int depth) {
    if (target instanceof Target.Jump jump) {
      Chain callee =
          table
              .chain(jump.chain())
              .orElseThrow(() -> new IllegalStateException("no chain " + jump.chain()));
      for (Branch r : chain(table, callee, b, depth + 1)) {
        (r.status == Status.RUNNING ? next : left).add(r);
      }
    } else if (target instanceof Target.Dnat dnat) {
      left.add(b.translated(dnat.address(), dnat.port()));
    } else if (target instanceof Target.SetMark setMark) {
      next.add(b.withMark(setMark.apply(b.mark)));
    } else if (target instanceof Target.Masquerade) {
      left.add(b.masqueraded());
    } else if (target instanceof Target.Verdict verdict) {
      switch (verdict.name()) {
        case "" -> next.add(b);
        case "RETURN" -> left.add(b);
        case "ACCEPT" -> left.add(b.with(Status.ACCEPTED));
        case "DROP" -> left.add(b.with(Status.DROPPED));
        case "REJECT" -> left.add(b.with(Status.REJECTED));
        default -> throw new IllegalStateException("unknown verdict " + verdict.text());
      }
    }
  }

  private static Match.Statistic statistic(Rule rule) {
    for (Match m : rule.matches()) {
      if (m instanceof Match.Statistic s) {
        return s;
      }
    }
    return null;
  }

  /** Every part of the rule but its random one. */
  private boolean matchesExceptChance(Rule rule, Branch b) {
    if (rule.source() != null && !rule.source().matches(source)) {
      return false;
    }
    if (rule.destination() != null && !rule.destination().matches(b.destination)) {
      return false;
    }
    if (rule.protocol() != null && !rule.protocol().equals(packet.protocol())) {
      return false;
    }
    for (Match m : rule.matches()) {
      if (!matches(m, b)) {
        return false;
      }
    }
    return true;
  }

  private boolean matches(Match m, Branch b) {
    if (m instanceof Match.Port port) {
      return port.protocol().equals(packet.protocol())
          && (port.destinationPort() == 0 || port.destinationPort() == b.port);
    } else if (m instanceof Match.LocalAddress local) {
      return isLocal(local.source() ? source : b.destination);
    } else if (m instanceof Match.Recent recent) {
      return !recent.check()
          || affinity.seenWithin(recent.name(), source, recent.seconds(), nowMillis);
    } else if (m instanceof Match.Conntrack conntrack) {
      return conntrack.matches(states(b));
    } else if (m instanceof Match.Mark mark) {
      return mark.matches(b.mark);
    }
    return true; // comment, nfacct, statistic (decided apart)
  }

  /** The first packet of a connection is NEW, and DNAT once its destination was translated. */
  private static Set<Match.CtState> states(Branch b) {
    return b.dnat
        ? EnumSet.of(Match.CtState.NEW, Match.CtState.DNAT)
        : EnumSet.of(Match.CtState.NEW);
  }

  private boolean isLocal(int address) {
    for (Cidr local : localAddresses) {
      if (local.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
