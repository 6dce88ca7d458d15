package io.kubesim.kubeproxy.iptables;

import java.util.List;
import java.util.Optional;

/**
 * A table's chains in iptables-save order: built-in chains in hook order, then the others by name.
 */
public final class Table {
  private final TableName name;
  private final List<Chain> chains;
  private final int builtins;

  /**
   * @param chains the built-in chains first, then the others sorted by name, which lookups rely on
   */
  public Table(TableName name, List<Chain> chains) {
    this.name = name;
    this.chains = List.copyOf(chains);
    int builtinCount = 0;
    while (builtinCount < this.chains.size() && this.chains.get(builtinCount).builtin()) {
      builtinCount++;
    }
    this.builtins = builtinCount;
  }

  public TableName name() {
    return name;
  }

  public List<Chain> chains() {
    return chains;
  }

  /** A built-in chain by a scan, any other by binary search: no index to build per sync. */
  public Optional<Chain> chain(String chainName) {
    for (int i = 0; i < builtins; i++) {
      if (chains.get(i).name().equals(chainName)) {
        return Optional.of(chains.get(i));
      }
    }
    int low = builtins;
    int high = chains.size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int order = chains.get(middle).name().compareTo(chainName);
      if (order == 0) {
        return Optional.of(chains.get(middle));
      } else if (order < 0) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return Optional.empty();
  }

  public int ruleCount() {
    return chains.stream().mapToInt(c -> c.rules().size()).sum();
  }
}
