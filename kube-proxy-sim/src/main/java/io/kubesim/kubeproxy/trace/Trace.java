package io.kubesim.kubeproxy.trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every way a packet can go through a node's rules; the probabilities add up to 1. */
public record Trace(Packet packet, List<Outcome> outcomes) {
  public Trace {
    outcomes = List.copyOf(outcomes);
  }

  /** The chance of reaching each endpoint ({@code ip:port}), in address order. */
  public Map<String, Double> endpointProbabilities() {
    Map<String, Double> byEndpoint = new TreeMap<>();
    for (Outcome o : outcomes) {
      if (o.verdict() == Verdict.DNAT) {
        byEndpoint.merge(o.endpoint(), o.probability(), Double::sum);
      }
    }
    return byEndpoint;
  }

  /** The chance of each verdict. */
  public Map<Verdict, Double> verdictProbabilities() {
    Map<Verdict, Double> byVerdict = new LinkedHashMap<>();
    for (Outcome o : outcomes) {
      byVerdict.merge(o.verdict(), o.probability(), Double::sum);
    }
    return byVerdict;
  }

  public double probabilityOf(Verdict verdict) {
    return verdictProbabilities().getOrDefault(verdict, 0.0);
  }
}
