package io.kubesim.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.NodeInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's view of the nodes and what their pods request, kept from the informers' events
 * plus the pods it has <em>assumed</em>: a pod it chose a node for whose binding has not come back
 * through the watch yet counts on that node already, so the next cycles do not overfill it
 * (kube-scheduler's cache.AssumePod). When the bound pod arrives from the watch the assumption is
 * confirmed; when the binding fails it is {@link #forget forgotten}.
 *
 * <p>Each node's {@link NodeInfo} is immutable and replaced on change, so a cycle's {@link
 * #snapshot} costs nothing to take. Pods whose node is not known yet are kept aside until it
 * appears. Not thread-safe: used from the scheduler's one context.
 */
public final class SchedulerCache {
  private final List<NodeInfo> nodes = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();

  /** pod key → node name, for every pod counted on a node (assumed or confirmed). */
  private final Map<String, String> podNode = new HashMap<>();

  private final Set<String> assumed = new HashSet<>();

  /** Every pod the cache counts on a node (assumed or confirmed), by key. */
  private final Map<String, Pod> held = new HashMap<>();

  /** Pods bound to nodes the cache has not seen yet: node name → pod key → pod. */
  private final Map<String, Map<String, Pod>> waiting = new HashMap<>();

  public void addOrUpdateNode(Node node) {
    String name = node.getMetadata().getName();
    Integer i = index.get(name);
    if (i != null) {
      nodes.set(i, nodes.get(i).withNode(node));
      return;
    }
    Map<String, Pod> pods = waiting.remove(name);
    index.put(name, nodes.size());
    nodes.add(NodeInfo.of(node, pods == null ? List.of() : List.copyOf(pods.values())));
  }

  /** The node is gone; its pods stay known (in waiting) in case it comes back. */
  public void removeNode(String name) {
    Integer i = index.remove(name);
    if (i == null) {
      return;
    }
    NodeInfo gone = nodes.get(i);
    int last = nodes.size() - 1;
    if (i != last) {
      NodeInfo moved = nodes.get(last);
      nodes.set(i, moved);
      index.put(moved.name(), i);
    }
    nodes.remove(last);
    Map<String, Pod> keep = new LinkedHashMap<>();
    for (Pod p : gone.pods()) {
      keep.put(key(p), p);
    }
    if (!keep.isEmpty()) {
      waiting.put(name, keep);
    }
  }

  /**
   * A pod bound to a node, as the watch shows it: counted there (confirming an assumption), or
   * removed when it finished (Succeeded/Failed).
   */
  public void addOrUpdatePod(String key, Pod pod) {
    String nodeName = pod.getSpec().getNodeName();
    removeFromNode(key);
    assumed.remove(key);
    if (nodeName == null || nodeName.isEmpty() || NodeInfo.isTerminal(pod)) {
      return;
    }
    addToNode(key, pod, nodeName);
  }

  public void removePod(String key) {
    removeFromNode(key);
    assumed.remove(key);
  }

  /** Counts the pod on the node it was just given, before the binding is confirmed. */
  public void assume(String key, Pod pod, String nodeName) {
    removeFromNode(key);
    addToNode(key, pod, nodeName);
    assumed.add(key);
  }

  /** The binding failed: the assumed pod no longer counts. No-op once confirmed. */
  public void forget(String key) {
    if (assumed.remove(key)) {
      removeFromNode(key);
    }
  }

  /** The pod as the cache counts it, or null. */
  public Pod pod(String key) {
    return held.get(key);
  }

  /**
   * The binding of an assumed pod was seen and the pod is what was assumed: it stays counted as it
   * is, now confirmed (no need to take it off its node and put it back).
   */
  public void confirm(String key) {
    assumed.remove(key);
  }

  public boolean isAssumed(String key) {
    return assumed.contains(key);
  }

  /** The node a pod counts on (assumed or confirmed), or null. */
  public String nodeOf(String key) {
    return podNode.get(key);
  }

  /** Every known node, in a stable order; valid until the next change. */
  public List<NodeInfo> snapshot() {
    return Collections.unmodifiableList(nodes);
  }

  public NodeInfo node(String name) {
    Integer i = index.get(name);
    return i == null ? null : nodes.get(i);
  }

  public int nodeCount() {
    return nodes.size();
  }

  private void addToNode(String key, Pod pod, String nodeName) {
    podNode.put(key, nodeName);
    held.put(key, pod);
    Integer i = index.get(nodeName);
    if (i == null) {
      waiting.computeIfAbsent(nodeName, n -> new LinkedHashMap<>()).put(key, pod);
    } else {
      nodes.set(i, nodes.get(i).withPod(pod));
    }
  }

  private void removeFromNode(String key) {
    held.remove(key);
    String nodeName = podNode.remove(key);
    if (nodeName == null) {
      return;
    }
    Integer i = index.get(nodeName);
    if (i != null) {
      nodes.set(i, nodes.get(i).withoutPod(namespace(key), name(key)));
      return;
    }
    Map<String, Pod> pods = waiting.get(nodeName);
    if (pods != null) {
      pods.remove(key);
      if (pods.isEmpty()) {
        waiting.remove(nodeName);
      }
    }
  }

  static String key(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    return ns == null || ns.isEmpty() ? name : ns + "/" + name;
  }

  private static String namespace(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? null : key.substring(0, slash);
  }

  private static String name(String key) {
    return key.substring(key.indexOf('/') + 1);
  }
}
