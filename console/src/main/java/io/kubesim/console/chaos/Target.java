package io.kubesim.console.chaos;

import java.util.Map;
import java.util.Set;

/**
 * What must be seen again before an experiment's target counts as back, chosen from the
 * experiment's kind and the name it disrupted.
 */
public sealed interface Target {
  /** A node: its kubelet renewed its Lease after the experiment began, and the node is Ready. */
  record Node(String name) implements Target {}

  /**
   * A control-plane process, through the pods its node's kubelet shows for it (the mirror pods
   * {@code <manifest>-<node>}): each one Ready again in a new container (a new run of the process).
   */
  record Component(String manifest) implements Target {}

  /**
   * A process with no pod to watch (kube-state-metrics): only the rest of the cluster is judged.
   */
  record Unseen(String name) implements Target {}

  /**
   * The launcher's process names and compose's service names, as the manifests of their mirror
   * pods; a second replica (compose's {@code scheduler-2}) has its own manifest.
   */
  Map<String, String> MANIFESTS =
      Map.of(
          "apiserver", "kube-apiserver",
          "controller-manager", "kube-controller-manager",
          "scheduler", "kube-scheduler",
          "kube-proxy", "kube-proxy",
          "coredns", "coredns",
          "ingress-nginx-controller", "ingress-nginx-controller");

  /**
   * The target of an experiment on {@code name}. A node experiment, or a kill of a node's kubelet
   * (a name among {@code nodes}), waits for the node; a process waits for its pods.
   */
  static Target of(Kind kind, String name, Set<String> nodes) {
    if (kind != Kind.KILL || nodes.contains(name)) {
      return new Node(name);
    }
    String base = name.replaceFirst("-\\d+$", "");
    String replica = name.substring(base.length());
    String manifest = MANIFESTS.get(base);
    if (manifest == null) {
      manifest = MANIFESTS.get(name);
      replica = "";
    }
    if (manifest == null) {
      return new Unseen(name);
    }
    // compose's first replica is the component's own manifest: scheduler-1 is kube-scheduler
    return new Component(replica.isEmpty() || replica.equals("-1") ? manifest : manifest + replica);
  }
}
