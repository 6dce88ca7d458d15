package io.kubesim.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.FitError;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.PreFilterPlugin;
import io.kubesim.scheduler.framework.ScorePlugin;
import io.kubesim.scheduler.framework.Status;
import io.kubesim.scheduler.plugins.defaultpreemption.DefaultPreemption;
import io.kubesim.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.kubesim.scheduler.plugins.nodename.NodeName;
import io.kubesim.scheduler.plugins.nodeports.NodePorts;
import io.kubesim.scheduler.plugins.noderesources.NodeResourcesFit;
import io.kubesim.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.kubesim.scheduler.plugins.podtopologyspread.PodTopologySpread;
import io.kubesim.scheduler.plugins.tainttoleration.TaintToleration;
import io.kubesim.scheduler.plugins.volumebinding.PodVolumes;
import io.kubesim.scheduler.plugins.volumebinding.VolumeBinding;
import io.kubesim.scheduler.plugins.volumebinding.VolumeListers;
import io.kubesim.scheduler.plugins.volumerestrictions.VolumeRestrictions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One scheduling cycle without I/O: filter every node, score the feasible ones, pick the best; or
 * explain why none fits. Same snapshot and same random generator, same answer.
 *
 * <p>As kube-scheduler: on each node the filters run in profile order and stop at the first failure
 * (so a tainted control-plane node reports only its taint); a single feasible node is chosen
 * without scoring; the total of a node is the sum of {@code weight * normalised score}; among nodes
 * sharing the top total one is picked uniformly (reservoir sampling over the nodes in snapshot
 * order, with the injected generator). From 100 nodes on, filtering stops once enough nodes are
 * feasible ({@link #numFeasibleNodesToFind}). Not thread-safe: one cycle at a time.
 */
public final class Scheduling {

  private static final long[] NO_SCORES = new long[0];

  /**
   * One score plugin's normalised scores of the scored nodes (in {@link Result#scored} order),
   * before its weight; kept for the console's "why this node" (the arrays exist anyway).
   */
  public record PluginScores(String plugin, int weight, long[] scores) {}

  /** framework.ErrNoNodesAvailable. */
  public static final String NO_NODES_AVAILABLE = "no nodes available to schedule pods";

  /** A score plugin with its weight in the profile. */
  public record WeightedScore(ScorePlugin plugin, int weight) {}

  /**
   * The outcome of one cycle.
   *
   * @param selectedNode the chosen node, or null when the pod fits nowhere
   * @param fitError why the pod fits nowhere, or null when a node was selected (also null when the
   *     snapshot has no nodes: see {@link #message})
   * @param preemptionCandidates nodes where preemption would make room (eviction is not
   *     implemented; the caller may report them)
   * @param scored the feasible nodes that were scored, empty when not scored
   * @param totals the weighted total of each scored node, in the same order
   * @param pluginScores what each score plugin gave the scored nodes; empty when not scored
   * @param rejected the status of each node a filter rejected, by node name (also when another node
   *     was selected)
   */
  public record Result(
      String selectedNode,
      FitError fitError,
      List<String> preemptionCandidates,
      List<NodeInfo> scored,
      long[] totals,
      List<PluginScores> pluginScores,
      Map<String, Status> rejected) {

    public boolean scheduled() {
      return selectedNode != null;
    }

    /** The FailedScheduling text, or null when scheduled. */
    public String message() {
      if (scheduled()) {
        return null;
      }
      return fitError == null ? NO_NODES_AVAILABLE : fitError.message();
    }

    /** Weighted total per scored node (built on demand: a cycle scores hundreds of nodes). */
    public Map<String, Long> totalScores() {
      Map<String, Long> byNode = new LinkedHashMap<>(totals.length * 2);
      for (int i = 0; i < totals.length; i++) {
        byNode.put(scored.get(i).name(), totals[i]);
      }
      return byNode;
    }
  }

  private final List<PreFilterPlugin> preFilters;
  private final List<FilterPlugin> filters;
  private final List<WeightedScore> scores;
  private final DefaultPreemption preemption;
  private final VolumeBinding volumeBinding;
  private final RandomGenerator random;

  /** Where the next cycle starts filtering (round robin over the snapshot's order). */
  private int nextStartNodeIndex;

  static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
  static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

  public Scheduling(
      List<FilterPlugin> filters, List<WeightedScore> scores, RandomGenerator random) {
    this(List.of(), filters, scores, random);
  }

  public Scheduling(
      List<PreFilterPlugin> preFilters,
      List<FilterPlugin> filters,
      List<WeightedScore> scores,
      RandomGenerator random) {
    this.preFilters = List.copyOf(preFilters);
    this.filters = List.copyOf(filters);
    this.scores = List.copyOf(scores);
    this.preemption = new DefaultPreemption(this.filters);
    this.volumeBinding =
        this.filters.stream()
            .filter(VolumeBinding.class::isInstance)
            .map(VolumeBinding.class::cast)
            .findFirst()
            .orElse(null);
    this.random = random;
  }

  /** The default profile without volumes (every pod's claims would be missing). */
  public static Scheduling defaults(RandomGenerator random) {
    return defaults(random, VolumeListers.EMPTY);
  }

  /**
   * The default profile's plugins that exist here, in kube-scheduler's order and with its weights:
   * TaintToleration 3, NodeResourcesFit 1, PodTopologySpread 2; the volume plugins read claims,
   * volumes and classes through {@code volumes}.
   */
  public static Scheduling defaults(RandomGenerator random, VolumeListers volumes) {
    TaintToleration taints = new TaintToleration();
    NodeResourcesFit fit = new NodeResourcesFit();
    VolumeRestrictions restrictions = new VolumeRestrictions(volumes);
    VolumeBinding binding = new VolumeBinding(volumes);
    return new Scheduling(
        List.of(restrictions, binding),
        List.of(
            new NodeUnschedulable(),
            new NodeName(),
            taints,
            new NodeAffinity(),
            new NodePorts(),
            fit,
            restrictions,
            binding),
        List.of(
            new WeightedScore(taints, 3),
            new WeightedScore(fit, 1),
            new WeightedScore(new PodTopologySpread(), 2)),
        random);
  }

  public Result schedule(Pod pod, List<NodeInfo> nodes) {
    if (nodes.isEmpty()) {
      return new Result(null, null, List.of(), List.of(), NO_SCORES, List.of(), Map.of());
    }
    for (PreFilterPlugin preFilter : preFilters) {
      Status status = preFilter.preFilter(pod, nodes);
      if (!status.isSuccess()) {
        return rejected(pod, nodes, status);
      }
    }
    List<NodeInfo> feasible = new ArrayList<>();
    Map<String, Status> failures = new LinkedHashMap<>();
    int total = nodes.size();
    int toFind = numFeasibleNodesToFind(total);
    int start = nextStartNodeIndex % total;
    int processed = 0;
    while (processed < total && feasible.size() < toFind) {
      NodeInfo node = nodes.get((start + processed) % total);
      processed++;
      Status status = runFilters(pod, node);
      if (status.isSuccess()) {
        feasible.add(node);
      } else {
        failures.put(node.name(), status);
      }
    }
    nextStartNodeIndex = (start + processed) % total;
    if (feasible.isEmpty()) {
      FitError fitError = new FitError(nodes.size(), failures, "");
      DefaultPreemption.Outcome outcome = preemption.postFilter(pod, nodes, failures);
      return new Result(
          null,
          fitError.withPostFilterMsg(outcome.message()),
          outcome.candidates(),
          List.of(),
          NO_SCORES,
          List.of(),
          failures);
    }
    if (feasible.size() == 1) {
      return new Result(
          feasible.get(0).name(), null, List.of(), List.of(), NO_SCORES, List.of(), failures);
    }
    List<PluginScores> byPlugin = new ArrayList<>(scores.size());
    long[] totals = totalScores(pod, feasible, nodes, byPlugin);
    return new Result(
        feasible.get(selectHost(totals)).name(),
        null,
        List.of(),
        feasible,
        totals,
        byPlugin,
        failures);
  }

  /**
   * What binding the pod's volumes on the node this cycle chose takes (VolumeBinding's Reserve and
   * PreBind); nothing without the plugin or for a pod without claims.
   */
  public PodVolumes podVolumes(Pod pod, NodeInfo node) {
    if (volumeBinding == null || node == null) {
      return new PodVolumes(Map.of(), List.of(), List.of());
    }
    return volumeBinding.podVolumes(pod, node);
  }

  /** A PreFilter rejection: every node fails with it, and preemption is asked all the same. */
  private Result rejected(Pod pod, List<NodeInfo> nodes, Status status) {
    Map<String, Status> failures = new LinkedHashMap<>();
    nodes.forEach(n -> failures.put(n.name(), status));
    FitError fitError =
        new FitError(nodes.size(), failures, String.join(", ", status.reasons()), "");
    DefaultPreemption.Outcome outcome = preemption.postFilter(pod, nodes, failures);
    return new Result(
        null,
        fitError.withPostFilterMsg(outcome.message()),
        outcome.candidates(),
        List.of(),
        NO_SCORES,
        List.of(),
        failures);
  }

  /**
   * How many feasible nodes are enough (kube-scheduler's percentageOfNodesToScore, adaptive): every
   * node below 100 nodes; above, {@code 50 - nodes/125} percent (at least 5 %) but never fewer than
   * 100. Worked example: 1,000 nodes → 50 - 8 = 42 % → filtering stops at 420 feasible nodes, and
   * the next cycle starts where this one stopped so that every node gets its turn.
   */
  static int numFeasibleNodesToFind(int numAllNodes) {
    if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
      return numAllNodes;
    }
    int percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - numAllNodes / 125);
    int numNodes = numAllNodes * percentage / 100;
    return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
  }

  private Status runFilters(Pod pod, NodeInfo node) {
    for (FilterPlugin f : filters) {
      Status s = f.filter(pod, node);
      if (!s.isSuccess()) {
        return s;
      }
    }
    return Status.SUCCESS;
  }

  private long[] totalScores(
      Pod pod, List<NodeInfo> feasible, List<NodeInfo> all, List<PluginScores> byPlugin) {
    long[] totals = new long[feasible.size()];
    for (WeightedScore ws : scores) {
      if (ws.plugin().skip(pod)) {
        continue;
      }
      long[] s = ws.plugin().score(pod, feasible, all);
      ws.plugin().normalize(s);
      byPlugin.add(new PluginScores(ws.plugin().name(), ws.weight(), s));
      for (int i = 0; i < totals.length; i++) {
        totals[i] += s[i] * ws.weight();
      }
    }
    return totals;
  }

  /** The index of a top-scoring node; ties resolved by reservoir sampling (each 1/k). */
  private int selectHost(long[] totals) {
    int selected = 0;
    int ties = 1;
    for (int i = 1; i < totals.length; i++) {
      if (totals[i] > totals[selected]) {
        selected = i;
        ties = 1;
      } else if (totals[i] == totals[selected]) {
        ties++;
        if (random.nextInt(ties) == 0) {
          selected = i;
        }
      }
    }
    return selected;
  }
}
