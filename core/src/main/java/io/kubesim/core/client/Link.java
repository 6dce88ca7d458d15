package io.kubesim.core.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network between one process and the apiserver, as chaos sees it: up, or cut (a partitioned
 * node). While it is cut every API call through it fails at once as a timeout would, and its
 * watches end and cannot start again, so that the process keeps running on what it last knew, as a
 * real node behind a partition does. Flipping it back is all a heal is: the process's informers
 * list again on their own.
 */
public final class Link {
  private volatile boolean cut;
  private final Set<Runnable> onCut = ConcurrentHashMap.newKeySet();

  public boolean isCut() {
    return cut;
  }

  /** Cuts the link (true) or heals it (false); answers whether it changed. */
  public boolean setCut(boolean value) {
    if (cut == value) {
      return false;
    }
    cut = value;
    if (value) {
      onCut.forEach(Runnable::run);
    }
    return true;
  }

  /** Runs {@code action} each time the link is cut, until {@link #forget}. */
  void whenCut(Runnable action) {
    onCut.add(action);
  }

  void forget(Runnable action) {
    onCut.remove(action);
  }
}
