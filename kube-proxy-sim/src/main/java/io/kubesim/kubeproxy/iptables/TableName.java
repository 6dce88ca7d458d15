package io.kubesim.kubeproxy.iptables;

import java.util.List;
import java.util.Optional;

/**
 * The iptables tables, in the order iptables-save (nf_tables) prints them, each with its built-in
 * chains in hook order.
 */
public enum TableName {
  MANGLE("mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING")),
  SECURITY("security", List.of("INPUT", "FORWARD", "OUTPUT")),
  RAW("raw", List.of("PREROUTING", "OUTPUT")),
  FILTER("filter", List.of("INPUT", "FORWARD", "OUTPUT")),
  NAT("nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"));

  private final String text;
  private final List<String> builtinChains;

  TableName(String text, List<String> builtinChains) {
    this.text = text;
    this.builtinChains = builtinChains;
  }

  public String text() {
    return text;
  }

  public List<String> builtinChains() {
    return builtinChains;
  }

  /** The table named as {@code iptables-save -t NAME} takes it. */
  public static Optional<TableName> fromText(String text) {
    for (TableName name : values()) {
      if (name.text.equals(text)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return text;
  }
}
