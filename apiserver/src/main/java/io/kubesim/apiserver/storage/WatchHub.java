package io.kubesim.apiserver.storage;

import io.kubesim.core.api.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bounded history of recent events and the registered watchers. Not thread-safe on its own: the
 * store calls it with its commit lock held, which is what keeps every watcher's stream in
 * resourceVersion order and makes "replay history, then register" atomic.
 */
final class WatchHub {
  private final int capacity;
  private final ArrayDeque<WatchEvent> history;
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

  /** Every event with resourceVersion greater than this is in the history. */
  private long historyStart;

  WatchHub(int capacity, long historyStart) {
    this.capacity = capacity;
    this.history = new ArrayDeque<>(Math.min(capacity, 4096));
    this.historyStart = historyStart;
  }

  void record(WatchEvent event) {
    if (history.size() == capacity) {
      historyStart = history.removeFirst().resourceVersion();
    }
    history.addLast(event);
  }

  void publish(WatchEvent event) {
    record(event);
    for (Watcher watcher : watchers) {
      watcher.onEvent(event);
    }
  }

  /**
   * Replays every event after {@code fromRv} to the watcher, then registers it. Throws 410 Gone
   * (Expired) when the history no longer reaches back that far, as the real apiserver does.
   */
  Runnable watch(long fromRv, long currentRv, Watcher watcher) {
    if (fromRv < historyStart) {
      throw Status.gone("too old resource version: " + fromRv + " (" + (historyStart + 1) + ")");
    }
    for (WatchEvent event : eventsAfter(fromRv)) {
      watcher.onEvent(event);
    }
    watchers.add(watcher);
    return () -> watchers.remove(watcher);
  }

  private List<WatchEvent> eventsAfter(long fromRv) {
    List<WatchEvent> after = new ArrayList<>();
    var it = history.descendingIterator();
    while (it.hasNext()) {
      WatchEvent event = it.next();
      if (event.resourceVersion() <= fromRv) {
        break;
      }
      after.add(event);
    }
    java.util.Collections.reverse(after);
    return after;
  }

  List<Watcher> watchers() {
    return watchers;
  }

  int watcherCount() {
    return watchers.size();
  }

  long historyStart() {
    return historyStart;
  }
}
