package io.kubesim.kubeproxy.iptables;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table's chains in iptables-save order: built-in chains in hook order, then the others by name.
 */
public final class Table {
  private final TableName name;
  private final List<Chain> chains;
  private final Map<String, Chain> byName;

  public Table(TableName name, List<Chain> chains) {
    this.name = name;
    this.chains = List.copyOf(chains);
    this.byName = new HashMap<>(chains.size() * 2);
    for (Chain chain : this.chains) {
      byName.put(chain.name(), chain);
    }
  }

  public TableName name() {
    return name;
  }

  public List<Chain> chains() {
    return chains;
  }

  public Optional<Chain> chain(String chainName) {
    return Optional.ofNullable(byName.get(chainName));
  }

  public int ruleCount() {
    return chains.stream().mapToInt(c -> c.rules().size()).sum();
  }
}
