package io.kubesim.apiserver.storage;

/**
 * Receives committed events in resourceVersion order. Called while the store's commit lock is held:
 * it must only enqueue, never block or call back into the store.
 */
public interface Watcher {
  void onEvent(WatchEvent event);

  /** Whether this watcher wants periodic BOOKMARK events (allowWatchBookmarks). */
  default boolean wantsBookmarks() {
    return false;
  }
}
