package io.kubesim.apiserver.storage;

import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.apiserver.resource.Resources;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * kube-apiserver's {@code --event-ttl} (default 1h): etcd holds every Event under a lease of that
 * length, renewed by each write, so an Event disappears (a DELETED watch event) one TTL after it
 * was last written. Here each write of an Event queues its due time; as every write gets the same
 * TTL, the queue is in due order and a sweep only looks at its head. A due entry whose Event was
 * written again since is skipped: that later write queued its own. Events recovered at start get a
 * whole TTL from then (etcd would keep each lease's remaining time).
 */
public final class EventTtl implements CommitIndex {
  static final ResourceType EVENTS = Resources.find("", "v1", "events").orElseThrow();

  /** Kept small: at 100,000 pods there are some 600,000 Event writes an hour. */
  private record Due(long atMillis, String namespace, String name, long resourceVersion) {}

  private final Store store;
  private final Duration ttl;
  private final Clock clock;
  private final ArrayDeque<Due> queue = new ArrayDeque<>();

  private EventTtl(Store store, Duration ttl, Clock clock) {
    this.store = store;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Starts keeping the store's Events to {@code ttl}; call {@link #sweep} periodically. */
  public static EventTtl start(Store store, Duration ttl, Clock clock) {
    return store.index(EVENTS, () -> new EventTtl(store, ttl, clock));
  }

  @Override
  public void committed(ObjectNode before, ObjectNode after) {
    if (after == null) {
      return;
    }
    var metadata = after.path("metadata");
    Due due =
        new Due(
            clock.millis() + ttl.toMillis(),
            metadata.path("namespace").asString(""),
            metadata.path("name").asString(""),
            resourceVersion(after));
    synchronized (queue) {
      queue.addLast(due);
    }
  }

  /** Deletes every Event whose TTL has passed since its last write; returns how many. */
  public int sweep() {
    long now = clock.millis();
    List<Due> expired = new ArrayList<>();
    synchronized (queue) {
      while (!queue.isEmpty() && queue.peekFirst().atMillis() <= now) {
        expired.add(queue.pollFirst());
      }
    }
    int deleted = 0;
    for (Due due : expired) {
      Store.Result result =
          store.commit(
              EVENTS,
              due.namespace(),
              due.name(),
              current ->
                  current != null && resourceVersion(current) == due.resourceVersion()
                      ? new Store.Change.Delete()
                      : null);
      if (result != null) {
        deleted++;
      }
    }
    return deleted;
  }

  private static long resourceVersion(ObjectNode object) {
    return Long.parseLong(object.path("metadata").path("resourceVersion").asString("0"));
  }

  /** Writes still waiting for their TTL (one per Event write in the last TTL). */
  int pending() {
    synchronized (queue) {
      return queue.size();
    }
  }
}
