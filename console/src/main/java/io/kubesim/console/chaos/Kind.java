package io.kubesim.console.chaos;

import java.util.Arrays;
import java.util.Optional;

/** The experiments, named as the commands that start them ({@code bin/kubesim chaos <kind>}). */
public enum Kind {
  /** The node's machine dies: its kubelet process (and, in compose, its container) is killed. */
  KILL_NODE("kill-node"),
  /** One process is SIGKILLed and comes back by itself (the launcher or the restart policy). */
  KILL("kill"),
  /** The node's kubelet is cut off from the apiserver until it is healed; its pods run on. */
  PARTITION("partition");

  private final String label;

  Kind(String label) {
    this.label = label;
  }

  /** The name in commands, JSON and the metrics' {@code kind} label. */
  public String label() {
    return label;
  }

  public static Optional<Kind> of(String label) {
    return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
  }
}
