package io.kubesim.scheduler.plugins.noderesources;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.PodRequests;
import io.kubesim.scheduler.framework.Resource;
import io.kubesim.scheduler.framework.ScorePlugin;
import io.kubesim.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Filter: the pod's requests ({@link PodRequests}) must fit into allocatable minus what the node's
 * pods already request, and one more pod must fit under {@code allocatable.pods}. Every missing
 * resource is reported, in kube-scheduler's order: {@code Too many pods}, {@code Insufficient cpu},
 * {@code Insufficient memory}, {@code Insufficient ephemeral-storage}, then extended resources
 * ({@code Insufficient nvidia.com/gpu}; alphabetical here, map order in Go).
 *
 * <p>Score (the default LeastAllocated strategy, cpu and memory with weight 1 each): per resource
 * {@code (allocatable - requested) * 100 / allocatable}, where requested includes this pod and
 * counts a container without a request as 100m / 200Mi; the node's score is the weighted mean
 * (integer division). Worked example: allocatable 4 cpu / 8Gi, pods there plus this pod 1 cpu / 2Gi
 * → cpu (4000-1000)*100/4000 = 75, memory 75 → score 75.
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {

  public static final String NAME = "NodeResourcesFit";
  public static final String TOO_MANY_PODS = "Too many pods";

  @Override
  public String name() {
    return NAME;
  }

  /** The requests of the pod last filtered: one cycle filters one pod against many nodes. */
  private record Memo(Pod pod, Resource request) {}

  private volatile Memo memo;

  @Override
  public Status filter(Pod pod, NodeInfo node) {
    List<String> reasons = insufficient(requestOf(pod), node);
    return reasons.isEmpty() ? Status.SUCCESS : Status.unschedulable(NAME, reasons);
  }

  private Resource requestOf(Pod pod) {
    Memo m = memo;
    if (m != null && m.pod() == pod) {
      return m.request();
    }
    Resource request = PodRequests.of(pod);
    memo = new Memo(pod, request);
    return request;
  }

  /** Every reason why {@code request} does not fit on {@code node}; empty when it fits. */
  public static List<String> insufficient(Resource request, NodeInfo node) {
    List<String> reasons = new ArrayList<>();
    if (node.pods().size() + 1 > node.allowedPodNumber()) {
      reasons.add(TOO_MANY_PODS);
    }
    Resource allocatable = node.allocatable();
    Resource used = node.requested();
    if (request.milliCpu() > 0 && request.milliCpu() > allocatable.milliCpu() - used.milliCpu()) {
      reasons.add(insufficient(Resource.CPU));
    }
    if (request.memory() > 0 && request.memory() > allocatable.memory() - used.memory()) {
      reasons.add(insufficient(Resource.MEMORY));
    }
    if (request.scalars().isEmpty()) {
      return reasons; // the common case: cpu and memory only
    }
    List<String> names = new ArrayList<>(request.scalars().keySet());
    names.sort(
        (a, b) ->
            a.equals(Resource.EPHEMERAL_STORAGE)
                ? -1
                : b.equals(Resource.EPHEMERAL_STORAGE) ? 1 : a.compareTo(b));
    for (String name : names) {
      long wanted = request.scalar(name);
      if (wanted > 0 && wanted > allocatable.scalar(name) - used.scalar(name)) {
        reasons.add(insufficient(name));
      }
    }
    return reasons;
  }

  private static String insufficient(String resource) {
    return "Insufficient " + resource;
  }

  @Override
  public long[] score(Pod pod, List<NodeInfo> feasible, List<NodeInfo> all) {
    Resource request = PodRequests.nonZero(pod);
    long[] scores = new long[feasible.size()];
    // Plain longs: this runs for every feasible node (hundreds) of every cycle.
    for (int i = 0; i < scores.length; i++) {
      NodeInfo node = feasible.get(i);
      Resource allocatable = node.allocatable();
      Resource used = node.nonZeroRequested();
      scores[i] =
          leastAllocated(
              used.milliCpu() + request.milliCpu(),
              allocatable.milliCpu(),
              used.memory() + request.memory(),
              allocatable.memory());
    }
    return scores;
  }

  /**
   * The weighted mean (both weights 1) of the cpu and memory scores, skipping a resource whose
   * allocatable is 0.
   */
  static long leastAllocated(long cpu, long cpuAllocatable, long memory, long memoryAllocatable) {
    long sum = 0;
    long weights = 0;
    if (cpuAllocatable != 0) {
      sum += leastRequestedScore(cpu, cpuAllocatable);
      weights++;
    }
    if (memoryAllocatable != 0) {
      sum += leastRequestedScore(memory, memoryAllocatable);
      weights++;
    }
    return weights == 0 ? 0 : sum / weights;
  }

  /** 100 on an empty node, 0 on a full (or over-full) one. */
  static long leastRequestedScore(long requested, long capacity) {
    if (capacity == 0 || requested > capacity) {
      return 0;
    }
    return (capacity - requested) * MAX_NODE_SCORE / capacity;
  }
}
