package io.kubesim.kubelet.mirror;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which live member plays which replica of a component on a node. A member keeps the replica whose
 * container it runs; the others, in join order, take the lowest replicas no member keeps.
 *
 * <p>Worked example: replica 1 runs container A, replica 2 container B. The process of A is killed
 * and started again as A'; the members are [B, A'] (B joined first). B keeps replica 2, A' takes
 * replica 1, the lowest free one, so kube-scheduler-kubesim-control-plane shows one restart more
 * and kube-scheduler-2-kubesim-control-plane is untouched.
 */
final class Replicas {
  private Replicas() {}

  /**
   * @param members each live member's container id, in join order
   * @param replicas each known replica's (1, 2, ...) last container id
   * @return replica → index in {@code members}
   */
  static Map<Integer, Integer> assign(List<String> members, Map<Integer, String> replicas) {
    Map<Integer, Integer> out = new TreeMap<>();
    Set<Integer> placed = new HashSet<>();
    replicas.forEach(
        (replica, container) -> {
          int member = members.indexOf(container);
          if (member >= 0 && !placed.contains(member)) {
            out.put(replica, member);
            placed.add(member);
          }
        });
    int next = 1;
    for (int member = 0; member < members.size(); member++) {
      if (placed.contains(member)) {
        continue;
      }
      while (out.containsKey(next)) {
        next++;
      }
      out.put(next, member);
    }
    return out;
  }
}
