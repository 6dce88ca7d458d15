package io.kubesim.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.ScorePlugin;
import io.kubesim.scheduler.plugins.nodeaffinity.NodeAffinity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The default soft spreading of kube-scheduler's PodTopologySpread ({@code defaultingType:
 * System}): for a pod without its own {@code topologySpreadConstraints}, spread the pods of the
 * same workload with two ScheduleAnyway constraints, {@code kubernetes.io/hostname} (maxSkew 3) and
 * {@code topology.kubernetes.io/zone} (maxSkew 5). Fewer matching pods in the node's domains means
 * a higher score.
 *
 * <p>Raw score of a node = sum over the constraints whose key the node has of {@code count *
 * ln(domains + 2) + (maxSkew - 1)}, rounded; {@code count} is the number of matching pods in the
 * node's domain (on the node itself for hostname), {@code domains} the number of distinct domains
 * among the feasible nodes. Normalised: {@code 100 * (max + min - raw) / max}, all 100 when max is
 * 0.
 *
 * <p>Worked example, 3 feasible nodes without zones, 2 / 0 / 1 pods of the ReplicaSet: weight ln(5)
 * = 1.609; raw = round(2*1.609 + 2) = 5, round(0 + 2) = 2, round(1.609 + 2) = 4; normalised with
 * min 2, max 5: 100*(7-5)/5 = 40, 100, 100*(7-4)/5 = 60.
 *
 * <p>Which pods "match": kube-scheduler builds the selector from the Services,
 * ReplicationControllers, ReplicaSets and StatefulSets that select the pod. This pure core does not
 * see those objects; the default {@link Selectors} counts the pods of the same namespace with the
 * same controller ownerReference (a ReplicaSet's pods carry it), and a caller with listers can
 * inject the real one. A pod with neither owner nor selector is not spread (the plugin is skipped,
 * as in Go). Explicit {@code topologySpreadConstraints} are not implemented yet.
 */
public final class PodTopologySpread implements ScorePlugin {

  public static final String NAME = "PodTopologySpread";
  public static final String HOSTNAME = "kubernetes.io/hostname";
  public static final String ZONE = "topology.kubernetes.io/zone";

  /** The system default constraints (both ScheduleAnyway). */
  static final List<Constraint> DEFAULT_CONSTRAINTS =
      List.of(new Constraint(HOSTNAME, 3), new Constraint(ZONE, 5));

  record Constraint(String topologyKey, int maxSkew) {}

  /** Finds which existing pods count as "the same workload" as the pod being scheduled. */
  @FunctionalInterface
  public interface Selectors {
    /** The selector of pods to spread against, empty when the pod belongs to no workload. */
    Optional<Predicate<Pod>> selectorFor(Pod pod);
  }

  /** Same namespace and same controller ownerReference (uid). */
  public static final Selectors SAME_CONTROLLER =
      pod -> {
        String uid = NodeInfo.controllerUid(pod);
        return uid == null
            ? Optional.empty()
            : Optional.of(
                other -> uid.equals(NodeInfo.controllerUid(other)) && sameNamespace(pod, other));
      };

  private final Selectors selectors;

  public PodTopologySpread() {
    this(SAME_CONTROLLER);
  }

  public PodTopologySpread(Selectors selectors) {
    this.selectors = selectors;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean skip(Pod pod) {
    return selectors.selectorFor(pod).isEmpty();
  }

  @Override
  public long[] score(Pod pod, List<NodeInfo> feasible, List<NodeInfo> all) {
    long[] scores = new long[feasible.size()];
    Optional<Predicate<Pod>> selector = selectors.selectorFor(pod);
    if (selector.isEmpty()) {
      return scores;
    }
    Predicate<Pod> matches =
        selector.get().and(p -> p.getMetadata().getDeletionTimestamp() == null);
    // The default selector has a count kept by each node; another selector is tested pod by pod.
    String namespace = pod.getMetadata().getNamespace();
    String controller = NodeInfo.controllerUid(pod);
    ToLongFunction<NodeInfo> matching =
        selectors == SAME_CONTROLLER
            ? n -> n.countOfController(namespace, controller)
            : n -> count(n, matches);

    // Domains of each non-hostname key among the feasible nodes, then their pod counts over every
    // node that the pod's node affinity admits (nodeAffinityPolicy: Honor).
    Map<String, Map<String, Long>> domainCounts = new HashMap<>();
    double[] weights = new double[DEFAULT_CONSTRAINTS.size()];
    for (int i = 0; i < weights.length; i++) {
      String key = DEFAULT_CONSTRAINTS.get(i).topologyKey();
      int size;
      if (key.equals(HOSTNAME)) {
        size = feasible.size();
      } else {
        Map<String, Long> counts = new HashMap<>();
        feasible.stream()
            .map(n -> n.labels().get(key))
            .filter(v -> v != null)
            .forEach(v -> counts.put(v, 0L));
        for (NodeInfo n : all) {
          String value = n.labels().get(key);
          if (value != null && counts.containsKey(value) && NodeAffinity.matches(pod, n)) {
            counts.merge(value, matching.applyAsLong(n), Long::sum);
          }
        }
        domainCounts.put(key, counts);
        size = counts.size();
      }
      weights[i] = Math.log(size + 2);
    }

    for (int n = 0; n < scores.length; n++) {
      NodeInfo node = feasible.get(n);
      double score = 0;
      for (int i = 0; i < weights.length; i++) {
        Constraint c = DEFAULT_CONSTRAINTS.get(i);
        String value = node.labels().get(c.topologyKey());
        if (value == null) {
          continue;
        }
        long count =
            c.topologyKey().equals(HOSTNAME)
                ? matching.applyAsLong(node)
                : domainCounts.get(c.topologyKey()).get(value);
        score += count * weights[i] + (c.maxSkew() - 1);
      }
      scores[n] = Math.round(score);
    }
    return scores;
  }

  @Override
  public void normalize(long[] scores) {
    long min = Long.MAX_VALUE;
    long max = 0;
    for (long s : scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    for (int i = 0; i < scores.length; i++) {
      scores[i] = max == 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE * (max + min - scores[i]) / max;
    }
  }

  private static long count(NodeInfo node, Predicate<Pod> matches) {
    long n = 0;
    for (Pod p : node.pods()) {
      if (matches.test(p)) {
        n++;
      }
    }
    return n;
  }

  private static boolean sameNamespace(Pod a, Pod b) {
    return java.util.Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace());
  }
}
