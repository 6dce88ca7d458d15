package io.kubesim.core;

/** Event-bus addresses shared by every process. One place, so a typo cannot split the cluster. */
public final class Addresses {
  /** Request/reply: the Kubernetes API (same verbs, paths and Status errors as HTTP). */
  public static final String API = "kubesim.api";

  /** Prefix of a client's private watch address; the apiserver sends watch events there. */
  public static final String WATCH_PREFIX = "kubesim.watch.";

  /** A watch id sent here cancels that watch on the apiserver. */
  public static final String WATCH_CANCEL = "kubesim.watch.cancel";

  /**
   * Prefix of a node's kubelet address ({@code kubesim.kubelet.<node>}): the apiserver sends the
   * pod streams it proxies (log, exec, port-forward) there.
   */
  public static final String KUBELET_PREFIX = "kubesim.kubelet.";

  /**
   * Prefix of the apiserver's end of a pod stream it proxies (a followed log, an exec session's
   * output): {@code kubesim.podstream.<uuid>}.
   */
  public static final String POD_STREAM_PREFIX = "kubesim.podstream.";

  /**
   * Prefix of a kubelet's end of an exec or attach session (its input): {@code
   * kubesim.exec.<uuid>}.
   */
  public static final String EXEC_SESSION_PREFIX = "kubesim.exec.";

  /**
   * Published by an apiserver once it serves: watches on the bus are private addresses that a dead
   * apiserver can no longer end, so every informer lists again when an apiserver (re)starts.
   */
  public static final String APISERVER_STARTED = "kubesim.apiserver.started";

  /**
   * Published by each kubelet for each of its nodes every metric resolution (15 s): the node's
   * {@link io.kubesim.core.stats.ResourceStats} as JSON, from which the apiserver serves
   * metrics.k8s.io (NodeMetrics, PodMetrics) as metrics-server would.
   */
  public static final String RESOURCE_STATS = "kubesim.stats.resource";

  /**
   * Request/reply, JSON text: the leading scheduler's verdict on one pod (the filters that rejected
   * each node, or the scores that chose one) and its queue counts, for the console. Only the leader
   * listens.
   */
  public static final String SCHEDULER_VERDICTS = "kubesim.scheduler.verdicts";

  private Addresses() {}
}
