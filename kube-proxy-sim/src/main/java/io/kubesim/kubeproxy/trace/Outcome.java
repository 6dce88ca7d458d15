package io.kubesim.kubeproxy.trace;

import java.util.List;

/**
 * One way a packet can go, with its probability.
 *
 * @param endpoint the {@code ip:port} it was DNATed to, or null
 * @param masquerade the packet left through KUBE-POSTROUTING's MASQUERADE (source rewritten to the
 *     node's address)
 * @param steps the rules met, hook after hook
 * @param affinityRecords the {@code -m recent --set} lists this connection records its source in
 */
public record Outcome(
    double probability,
    Verdict verdict,
    String endpoint,
    boolean masquerade,
    List<Step> steps,
    List<String> affinityRecords) {
  public Outcome {
    steps = List.copyOf(steps);
    affinityRecords = List.copyOf(affinityRecords);
  }
}
