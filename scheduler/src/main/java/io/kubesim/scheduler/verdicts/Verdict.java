package io.kubesim.scheduler.verdicts;

import io.kubesim.scheduler.Scheduling;
import io.kubesim.scheduler.framework.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler decided for one pod in its last cycle, as the console shows it: the node it
 * chose and the scores that chose it, or each node with the filter that rejected it and why.
 *
 * @param key {@code namespace/name}
 * @param uid the pod's uid (a pod recreated under the same name is another pod)
 * @param time when the cycle ran
 * @param attempts cycles run for this pod so far (1 for the first)
 * @param selectedNode the chosen node, or null when the pod fits nowhere
 * @param message the FailedScheduling text, or null when scheduled
 * @param rejected per rejected node: the filter plugin and its reasons (at most {@code maxNodes})
 * @param scores per scored node, best first: the weighted total and each plugin's share (at most
 *     {@code maxNodes}); empty when one node was feasible and nothing was scored
 * @param nodesLeftOut how many rejected or scored nodes were not kept (a large cluster)
 */
public record Verdict(
    String key,
    String uid,
    Instant time,
    int attempts,
    String selectedNode,
    String message,
    List<Rejection> rejected,
    List<NodeScore> scores,
    int nodesLeftOut) {

  /** A node a filter rejected. */
  public record Rejection(String node, String plugin, List<String> reasons) {}

  /**
   * A scored node, kept compactly: a scheduler keeps thousands of verdicts of up to a hundred nodes
   * each (a map of boxed scores per node took 400 MB at 10,000 verdicts).
   *
   * @param total the sum over plugins of weight × normalised score
   * @param plugins the profile's score plugins, shared by every node of the verdict
   * @param weighted weight × normalised score per plugin, in {@code plugins}' order
   */
  public record NodeScore(String node, long total, List<String> plugins, long[] weighted) {
    /** Plugin name → weight × normalised score, in profile order. */
    public Map<String, Long> byPlugin() {
      Map<String, Long> map = new LinkedHashMap<>();
      for (int i = 0; i < plugins.size(); i++) {
        map.put(plugins.get(i), weighted[i]);
      }
      return map;
    }
  }

  public boolean scheduled() {
    return selectedNode != null;
  }

  /** The verdict of one cycle's result, keeping at most {@code maxNodes} nodes. */
  public static Verdict of(
      String key, String uid, Instant time, int attempts, Scheduling.Result result, int maxNodes) {
    List<Rejection> rejected = new ArrayList<>();
    int leftOut = 0;
    for (Map.Entry<String, Status> e : result.rejected().entrySet()) {
      if (rejected.size() < maxNodes) {
        rejected.add(new Rejection(e.getKey(), e.getValue().plugin(), e.getValue().reasons()));
      } else {
        leftOut++;
      }
    }
    rejected.sort(Comparator.comparing(Rejection::node));
    List<NodeScore> scores = scores(result, maxNodes);
    leftOut += Math.max(0, result.scored().size() - maxNodes);
    return new Verdict(
        key,
        uid,
        time,
        attempts,
        result.selectedNode(),
        result.message(),
        List.copyOf(rejected),
        List.copyOf(scores),
        leftOut);
  }

  /**
   * The {@code maxNodes} best-scored nodes, best first (ties in scoring order). Runs in every
   * scheduling cycle: only the nodes kept get their per-plugin map.
   */
  private static List<NodeScore> scores(Scheduling.Result result, int maxNodes) {
    long[] totals = result.totals();
    List<Integer> best = new ArrayList<>(result.scored().size());
    for (int i = 0; i < result.scored().size(); i++) {
      best.add(i);
    }
    best.sort(Comparator.comparingLong((Integer i) -> totals[i]).reversed());
    List<NodeScore> scores = new ArrayList<>(Math.min(maxNodes, best.size()));
    List<String> plugins =
        result.pluginScores().stream().map(Scheduling.PluginScores::plugin).toList();
    for (int i : best.subList(0, Math.min(maxNodes, best.size()))) {
      long[] weighted = new long[plugins.size()];
      for (int p = 0; p < weighted.length; p++) {
        Scheduling.PluginScores plugin = result.pluginScores().get(p);
        weighted[p] = plugin.scores()[i] * plugin.weight();
      }
      scores.add(new NodeScore(result.scored().get(i).name(), totals[i], plugins, weighted));
    }
    return scores;
  }
}
