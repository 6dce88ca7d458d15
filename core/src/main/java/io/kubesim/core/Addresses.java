package io.kubesim.core;

/** Event-bus addresses shared by every process. One place, so a typo cannot split the cluster. */
public final class Addresses {
  /** Request/reply: the Kubernetes API (same verbs, paths and Status errors as HTTP). */
  public static final String API = "kubesim.api";

  /** Prefix of a client's private watch address; the apiserver sends watch events there. */
  public static final String WATCH_PREFIX = "kubesim.watch.";

  /** A watch id sent here cancels that watch on the apiserver. */
  public static final String WATCH_CANCEL = "kubesim.watch.cancel";

  private Addresses() {}
}
