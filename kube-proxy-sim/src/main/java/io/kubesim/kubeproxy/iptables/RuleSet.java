package io.kubesim.kubeproxy.iptables;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The iptables state of one node as kube-proxy (and, when asked, the kubelet) leave it: immutable,
 * rebuilt whole on every sync and swapped in at once. It also names the node's addresses, which
 * {@code -m addrtype --src-type/--dst-type LOCAL} refer to.
 */
public final class RuleSet {
  private final String nodeName;
  private final List<String> nodeIps;
  private final Map<TableName, Table> tables;
  private final Map<TableName, Integer> restoreRules;

  /**
   * @param restoreRules per table, the rules kube-proxy wrote through iptables-restore
   */
  public RuleSet(
      String nodeName,
      List<String> nodeIps,
      List<Table> tables,
      Map<TableName, Integer> restoreRules) {
    this.nodeName = nodeName;
    this.nodeIps = List.copyOf(nodeIps);
    this.tables = new EnumMap<>(TableName.class);
    tables.forEach(t -> this.tables.put(t.name(), t));
    this.restoreRules = Map.copyOf(restoreRules);
  }

  public String nodeName() {
    return nodeName;
  }

  public List<String> nodeIps() {
    return nodeIps;
  }

  /** The tables present, in iptables-save order. */
  public List<Table> tables() {
    return List.copyOf(tables.values());
  }

  public Optional<Table> table(TableName name) {
    return Optional.ofNullable(tables.get(name));
  }

  public Optional<Chain> chain(TableName table, String chain) {
    return table(table).flatMap(t -> t.chain(chain));
  }

  /**
   * The rules kube-proxy wrote to a table through iptables-restore (not its jumps from the built-in
   * chains, nor the kubelet's rules): what {@code kubeproxy_sync_proxy_rules_iptables_total} and
   * {@code kubeproxy_sync_proxy_rules_iptables_last} report.
   */
  public int kubeProxyRuleCount(TableName table) {
    return restoreRules.getOrDefault(table, 0);
  }

  /** All rules of a table, built-in chains included. */
  public int ruleCount(TableName table) {
    return table(table).map(Table::ruleCount).orElse(0);
  }
}
