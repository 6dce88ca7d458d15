package io.kubesim.apiserver.storage;

import io.kubesim.core.api.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bounded history of recent events and the registered watchers. The store publishes committed
 * events here in resourceVersion order from one thread (its dispatcher), after the commit lock is
 * released, so a slow watcher never holds up writes; this class's own lock keeps "replay history,
 * then register" atomic against publishing. A watcher registered from a resourceVersion the hub has
 * not published yet (it read a newer list) is not sent the events up to that version.
 */
final class WatchHub {
  private final int capacity;
  private final ArrayDeque<WatchEvent> history;
  private final List<Registration> watchers = new CopyOnWriteArrayList<>();

  /** Every event with resourceVersion greater than this is in the history. */
  private long historyStart;

  /** The resourceVersion of the last event recorded. */
  private long lastRv;

  private record Registration(Watcher watcher, long afterRv) {}

  WatchHub(int capacity, long historyStart) {
    this.capacity = capacity;
    this.history = new ArrayDeque<>(Math.min(capacity, 4096));
    this.historyStart = historyStart;
    this.lastRv = historyStart;
  }

  synchronized void record(WatchEvent event) {
    if (history.size() == capacity) {
      historyStart = history.removeFirst().resourceVersion();
    }
    history.addLast(event);
    lastRv = event.resourceVersion();
  }

  synchronized void publish(WatchEvent event) {
    record(event);
    for (Registration r : watchers) {
      if (event.resourceVersion() > r.afterRv()) {
        r.watcher().onEvent(event);
      }
    }
  }

  /**
   * Replays every event after {@code fromRv} to the watcher, then registers it. Throws 410 Gone
   * (Expired) when the history no longer reaches back that far, as the real apiserver does.
   */
  synchronized Runnable watch(long fromRv, Watcher watcher) {
    if (fromRv < historyStart) {
      throw Status.gone("too old resource version: " + fromRv + " (" + (historyStart + 1) + ")");
    }
    for (WatchEvent event : eventsAfter(fromRv)) {
      watcher.onEvent(event);
    }
    return register(watcher, fromRv);
  }

  /** Registers a watcher that has seen everything up to {@code afterRv} (from a list). */
  synchronized Runnable register(Watcher watcher, long afterRv) {
    Registration registration = new Registration(watcher, afterRv);
    watchers.add(registration);
    return () -> watchers.remove(registration);
  }

  /** A BOOKMARK at the last published resourceVersion to every watcher that asked for them. */
  synchronized void bookmark() {
    for (Registration r : watchers) {
      if (r.watcher().wantsBookmarks()) {
        // never behind what the watcher has already seen (a list newer than the last event here)
        long rv = Math.max(lastRv, r.afterRv());
        r.watcher().onEvent(new WatchEvent(WatchEvent.BOOKMARK, null, null, null, rv));
      }
    }
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

  int watcherCount() {
    return watchers.size();
  }

  synchronized long historyStart() {
    return historyStart;
  }
}
