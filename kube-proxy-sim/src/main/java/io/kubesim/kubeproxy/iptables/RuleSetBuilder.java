package io.kubesim.kubeproxy.iptables;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects chains and rules table by table, in the order they are written, and freezes them into a
 * {@link RuleSet} in iptables-save order (built-in chains in hook order, then the others sorted by
 * name, as iptables-save lists them).
 */
final class RuleSetBuilder {
  private final Map<TableName, Map<String, List<Rule>>> tables = new EnumMap<>(TableName.class);
  private final Map<TableName, Integer> restoreRules = new EnumMap<>(TableName.class);
  private boolean restoring;

  /** From here on rules are kube-proxy's iptables-restore input, which its metrics count. */
  void beginRestore() {
    restoring = true;
  }

  private void count(TableName table, int rules) {
    if (restoring) {
      restoreRules.merge(table, rules, Integer::sum);
    }
  }

  /**
   * Creates the chain if it does not exist yet (iptables -N, or a ":CHAIN" restore line) and gives
   * its rules to append to.
   */
  List<Rule> chain(TableName table, String chain) {
    Map<String, List<Rule>> chains = tables.computeIfAbsent(table, t -> new HashMap<>());
    List<Rule> rules = chains.get(chain);
    if (rules instanceof ArrayList<Rule>) {
      return rules;
    }
    List<Rule> mutable = rules == null ? new ArrayList<>(2) : new ArrayList<>(rules);
    chains.put(chain, mutable);
    return mutable;
  }

  void append(TableName table, String chain, Rule rule) {
    chain(table, chain).add(rule);
    count(table, 1);
  }

  /**
   * A new chain with its two rules (an endpoint chain), kept as the immutable list the rule set
   * will hold: one object fewer to build and copy for each of maybe 100,000 endpoints.
   */
  void chain(TableName table, String chain, Rule first, Rule second) {
    Map<String, List<Rule>> chains = tables.computeIfAbsent(table, t -> new HashMap<>());
    if (chains.putIfAbsent(chain, List.of(first, second)) != null) {
      List<Rule> rules = chain(table, chain);
      rules.add(first);
      rules.add(second);
    }
    count(table, 2);
  }

  /** iptables' EnsureRule(Prepend): insert at the top unless an identical rule is present. */
  void prependIfAbsent(TableName table, String chain, Rule rule) {
    List<Rule> rules = chain(table, chain);
    if (!rules.contains(rule)) {
      rules.add(0, rule);
    }
  }

  RuleSet build(String nodeName, List<String> nodeIps) {
    List<Table> built = new ArrayList<>();
    tables.forEach((name, chains) -> built.add(table(name, chains)));
    return new RuleSet(nodeName, nodeIps, built, restoreRules);
  }

  private static Table table(TableName name, Map<String, List<Rule>> chains) {
    List<Chain> ordered = new ArrayList<>(chains.size() + name.builtinChains().size());
    for (String builtin : name.builtinChains()) {
      ordered.add(new Chain(builtin, "ACCEPT", chains.getOrDefault(builtin, List.of())));
    }
    List<String> userChains = new ArrayList<>(chains.keySet());
    userChains.removeAll(name.builtinChains());
    userChains.sort(null);
    for (String chain : userChains) {
      ordered.add(new Chain(chain, null, chains.get(chain)));
    }
    return new Table(name, ordered);
  }
}
