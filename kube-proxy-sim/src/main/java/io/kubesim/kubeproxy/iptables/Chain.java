package io.kubesim.kubeproxy.iptables;

import java.util.List;

/**
 * A chain and its rules. Built-in chains have a policy (ACCEPT); user-defined chains have none and
 * iptables-save declares them as {@code :NAME - [0:0]}.
 */
public record Chain(String name, String policy, List<Rule> rules) {
  public Chain {
    rules = List.copyOf(rules);
  }

  public boolean builtin() {
    return policy != null;
  }
}
